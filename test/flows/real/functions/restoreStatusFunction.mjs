// Stand-in for oss-restore's restore_status: a file reads "running" the first time it is checked and "success" after,
// as an archived object does once OSS has restored it.
const checked = new Set();
export async function handler(event) {
  const { fileName } = JSON.parse(event);
  const status = checked.has(fileName) ? 'success' : 'running';
  checked.add(fileName);
  return { status };
}
