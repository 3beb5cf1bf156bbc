// Stand-in for the detectFaces function of oss-batch-process and serverless-face-recognition: it marks the faces
// in bucket/key and moves the image to processed/. A key containing "broken" fails, as an unreadable image would.
export async function handler(event) {
  const { key } = JSON.parse(event);
  if (key.includes('broken')) throw new Error(`cannot read ${key}`);
  return { detected: key };
}
