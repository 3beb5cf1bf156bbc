// Stand-in for oss-copy's copyObject: it copies one object (smaller than small_file_limit) in a single request.
export async function handler(event) {
  const { src_bucket, dest_bucket, key } = JSON.parse(event);
  return { copied: `oss://${src_bucket}/${key} -> oss://${dest_bucket}/${key}` };
}
