// Stand-in for oss-copy's copyObjectWithMultipartUpload: it copies one medium object in parts within one call.
export async function handler(event) {
  const { src_bucket, dest_bucket, key } = JSON.parse(event);
  return { copied: `oss://${src_bucket}/${key} -> oss://${dest_bucket}/${key}`, multipart: true };
}
