// Ported from awesome-fnf/oss-copy functions/uploadParts/index.py without OSS: group group_id copies parts
// group_id * num_of_parts_per_group + 1 … (gen_parts) and answers their numbers and etags.
export async function handler(event) {
  const { group_id, num_of_parts_per_group, total_num_of_parts, upload_id } = JSON.parse(event);
  const first = group_id * num_of_parts_per_group;
  const last = Math.min(first + num_of_parts_per_group, total_num_of_parts);
  const parts = [];
  for (let n = first; n < last; n++) parts.push({ part_no: n + 1, etag: `${upload_id}-${n + 1}` });
  return { parts };
}
