// Stand-in for the child execution a flow starts (the in-memory test host runs no other flows): in sync mode its
// output is the child's, here the flow and execution named and the input the child was given.
export async function handler({ resourceArn, executionName, input }) {
  return { child: { flow: resourceArn.split('/').pop(), execution: executionName ?? null, input } };
}
