// awesome-fnf/wait-for-callback-task functions/funcProxy/index.py: invokes serviceName/functionName
// asynchronously with its own event (taskToken included) and answers at once; that function
// (workflowCallback) later reports the task. Locally the test reports it, as workflowCallback would.
export async function handler(event) {
  const { serviceName, functionName, taskToken } = JSON.parse(event);
  if (!taskToken) throw new Error('no taskToken in the input');
  return { status: `async invoked ${serviceName}/${functionName}` };
}
