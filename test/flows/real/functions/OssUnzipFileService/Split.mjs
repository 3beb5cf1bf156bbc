// Stand-in for awesome-fnf/oss-unzip functions/unzip/index.py as of June 2020 (OssUnzipFileService/Split): it counts
// the zip file's entries and cuts them into at most max_concurrent groups of at least min_count_per_task entries,
// each an [first, last] index range. Here the zip files are fixed entry counts.
const ENTRY_COUNTS = { 'photos.zip': 2500 };

function split(total, maxGroup, minCountPerGroup) {
  const groups = [];
  let perCount = Math.floor(total / maxGroup) + (total % maxGroup !== 0 ? 1 : 0);
  perCount = Math.max(perCount, minCountPerGroup);
  let offset = 0;
  for (let i = 0; i < maxGroup; i++) {
    const count = Math.min(perCount, total);
    groups.push([offset, offset + count - 1]);
    total -= count;
    if (total === 0) break;
    offset += count;
  }
  return groups;
}

export async function handler(event) {
  const { key, max_concurrent, min_count_per_task } = JSON.parse(event);
  if (!key.endsWith('.zip')) throw new Error(`${key} filetype is not zip`);
  const maxConcurrent = max_concurrent > 0 ? max_concurrent : 100;
  const minCount = min_count_per_task > 0 ? min_count_per_task : 1000;
  return { groups: split(ENTRY_COUNTS[key] ?? 0, maxConcurrent, minCount) };
}
