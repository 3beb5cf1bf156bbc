// Stand-in for oss-batch-copy's copy_objects: it copies the files listed in the next chunk_bytes of the index file
// from offset_bytes on, and answers the next offset (-1 once the index is done) and the files copied so far. The
// index file here is index_bytes long, and each chunk lists one file.
export async function handler(event) {
  const { offset_bytes = 0, chunk_bytes, index_bytes, files_copied_total = 0 } = JSON.parse(event);
  const next = offset_bytes + chunk_bytes;
  return { offset_bytes: next >= index_bytes ? -1 : next, files_copied_total: files_copied_total + 1 };
}
