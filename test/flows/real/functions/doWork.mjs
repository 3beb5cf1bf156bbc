// Ported from awesome-fnf/fork-flows functions/doWork/index.py: {"value": {"key": <key>, "time": <seconds>}}.
export async function handler(event) {
  const { key } = JSON.parse(event);
  return { value: { key, time: Math.floor(Date.now() / 1000) } };
}
