// Stand-in for the oss-batch-process / face-recognition listObjects function: it lists the bucket's objects
// after marker and answers {keys, marker, hasMore}. The "bucket" here is the execution input's "objects" array,
// listed two keys at a time.
export async function handler(event) {
  const { objects = [], marker } = JSON.parse(event);
  const start = marker ? objects.indexOf(marker) + 1 : 0;
  const keys = objects.slice(start, start + 2);
  return { keys, marker: keys.at(-1) ?? marker, hasMore: start + 2 < objects.length };
}
