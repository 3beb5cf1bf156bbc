// Stand-in for awesome-fnf/oss-unzip functions/unzip/unzip.py as of June 2020 (OssUnzipFileService/Unzip): it unzips
// its group's entries max_workers_per_task at a time until its time threshold is reached, and answers the range
// still to do and status "running", or "success" once the group is done. Here the threshold is reached after one
// round of workers.
export async function handler(event) {
  const { key, group, max_workers_per_task = 10 } = JSON.parse(event);
  if (!key.endsWith('.zip')) throw new Error(`${key} filetype is not zip`);
  const [start, end] = group;
  const next = start + Math.min(end - start + 1, max_workers_per_task);
  return { group: [next, end], status: next <= end ? 'running' : 'success' };
}
