// Stand-in for awesome-fnf/oss-copy functions/completeMultipartUpload/index.py: OSS refuses to complete an upload
// unless it is given every part as {part_no, etag}, so this fails unless parts is the flat list of parts 1…n that
// uploadGroups' outputMappings ($local[*].parts[*]) gathers. Like the original, it answers {}.
export async function handler(event) {
  const { parts } = JSON.parse(event);
  const numbers = Array.isArray(parts) ? parts.map((p) => p?.part_no).sort((a, b) => a - b) : [];
  if (!numbers.length || numbers.some((n, i) => n !== i + 1)) throw new Error(`parts is not the list of every part: ${JSON.stringify(parts)}`);
  return {};
}
