// Ported from awesome-fnf/ETL-DataProcessing functions/mapper/index.py: counts the shard's data items; the OSS
// upload of the counts is left out.
export async function handler(event) {
  const { shard } = JSON.parse(event);
  const counts = {};
  for (const item of shard.data) counts[item] = (counts[item] ?? 0) + 1;
  return { MappingStatus: 'operation success', counts };
}
