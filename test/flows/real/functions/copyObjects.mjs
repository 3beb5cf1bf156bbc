// Stand-in for awesome-fnf/oss-copy functions/copyObjects/index.py: it copies the small objects `keys` from
// src_bucket to dest_bucket and answers {}, as the original does; without a list of keys there is nothing to copy.
export async function handler(event) {
  const { src_bucket, dest_bucket, keys } = JSON.parse(event);
  if (!src_bucket || !dest_bucket || !Array.isArray(keys) || keys.length === 0) throw new Error(`nothing to copy: ${event}`);
  return {};
}
