// Ported from awesome-fnf/ETL-DataProcessing functions/shards-spliter/index.py, without its randomness: three
// shards of three data items each.
export async function handler() {
  const shards = [0, 1, 2].map((n) => ({ id: `shard_${n}`, data: ['data_1', 'data_2', `data_${(n % 2) + 1}`] }));
  return { shards, shard_ids: shards.map((s) => s.id) };
}
