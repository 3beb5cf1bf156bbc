// Stands in for starting a child flow (acs:fnf:::flow/...): answers with what it was asked to start.
export async function handler(params) {
  return { FlowName: 'subflow_demo_child', ExecutionName: params.ExecutionName, Input: params.Input };
}
