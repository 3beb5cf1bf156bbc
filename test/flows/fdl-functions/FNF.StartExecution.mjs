// Stands in for starting a child flow where the host runs none (the in-memory engine): answers as
// StartExecution does, with what it was asked to start.
export async function handler(params) {
  return { FlowName: /flow\/([^/]+)$/.exec(params.resourceArn)[1], ExecutionName: params.executionName, Input: params.input };
}
