// Stand-in for the oss-batch-process resize function: resizes bucket/key to width×height.
export async function handler(event) {
  const { key, width, height } = JSON.parse(event);
  return { resized: `${key}@${width}x${height}` };
}
