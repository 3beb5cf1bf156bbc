// Stand-in for awesome-fnf/fork-flows functions/reportTaskSucceeded: it reports the parent's task (taskToken)
// as succeeded with output; here it only checks that it got both.
export async function handler(event) {
  const { taskToken, output } = JSON.parse(event);
  if (taskToken === undefined || output === undefined) throw new Error('taskToken and output are required');
  return {};
}
