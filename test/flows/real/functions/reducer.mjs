// Stand-in for awesome-fnf/ETL-DataProcessing functions/reducer/index.py, which merges the mappers' results from
// OSS for shard_ids; here it answers how many shards it would merge.
export async function handler(event) {
  const { shard_ids: shardIds } = JSON.parse(event);
  if (!Array.isArray(shardIds)) throw new Error('shard_ids is required');
  return { ReducingStatus: 'operation success', shards: shardIds.length };
}
