// Ported from awesome-fnf/oss-copy functions/initMultipartUpload/index.py without OSS: it groups the object's parts
// (calc_groups) so each uploadParts call copies up to medium_file_limit bytes, and answers a made-up upload id.
const FNF_PARALLEL_LIMIT = 100;
export async function handler(event) {
  const { key, part_size, total_size, medium_file_limit } = JSON.parse(event);
  const perGroup = Math.min(Math.floor(medium_file_limit / part_size), FNF_PARALLEL_LIMIT - 20);
  const totalParts = Math.ceil(total_size / part_size);
  const groups = Math.ceil(totalParts / perGroup);
  return { upload_id: `upload-${key}`, total_num_of_parts: totalParts, groups: [...Array(groups).keys()], num_of_parts_per_group: perGroup };
}
