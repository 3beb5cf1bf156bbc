// Stand-in for awesome-fnf/oss-copy functions/listObjects/index.py (service ossCopy; the face-recognition and
// batch-process samples' listObjects, one directory up, is another function of the same name in another service).
// Ported without OSS: it lists the bucket after marker (OSS's marker is exclusive; with a delimiter, keys below it
// are left out as common prefixes) and sorts the objects as the original does: small ones (up to small_file_limit)
// grouped while their total stays within medium_file_limit, medium ones (up to medium_file_limit) and large ones,
// leaving early once group_threshold groups are reached. The buckets here are fixed listings of key → size.
const BUCKETS = {
  src: { 'a.txt': 1_000_000, 'b.txt': 2_000_000, 'c.mp4': 100_000_000, 'd.iso': 1_200_000_000, 'logs/e.txt': 10 },
};

function listObjects(bucket, prefix, marker, delimiter) {
  return Object.entries(BUCKETS[bucket] ?? {})
    .filter(([key]) => key.startsWith(prefix) && key > marker && !(delimiter && key.slice(prefix.length).includes(delimiter)))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export async function handler(event) {
  const { bucket, prefix = '', marker = '', delimiter = '', group_threshold = 50, total_group_count = 0, medium_file_limit, small_file_limit } = JSON.parse(event);
  const groupsOf = (bytes) => Math.floor((bytes + medium_file_limit - 1) / medium_file_limit);
  const small = [];
  const medium = [];
  const large = [];
  let smallGroup = [];
  let smallGroupTotal = 0;
  let groupCount = 0;
  let hasMore = false;
  let nextMarker = '';
  for (const [key, size] of listObjects(bucket, prefix, marker ?? '', delimiter)) {
    if (groupsOf(groupCount * medium_file_limit + smallGroupTotal + size) > group_threshold) {
      hasMore = true;
      nextMarker = key;
      break;
    }
    if (size <= small_file_limit) {
      if (size + smallGroupTotal > medium_file_limit) {
        small.push(smallGroup);
        smallGroup = [];
        smallGroupTotal = 0;
        groupCount += 1;
      }
      smallGroup.push(key);
      smallGroupTotal += size;
    } else if (size <= medium_file_limit) {
      medium.push([key, size]);
      groupCount += 1;
    } else {
      large.push([key, size]);
      groupCount += groupsOf(size);
    }
  }
  if (smallGroup.length) small.push(smallGroup);
  return { small, medium, large, has_more: hasMore, marker: nextMarker, total_group_count: total_group_count + groupsOf(groupCount * medium_file_limit + smallGroupTotal) };
}
