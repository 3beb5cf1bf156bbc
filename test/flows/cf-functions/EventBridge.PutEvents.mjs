// A local stand-in for the EventBridge:PutEvents Action: it gets the task's evaluated Parameters and a context;
// what it returns is the task's $Output.
export async function handler(parameters, context) {
  return { EntryCount: parameters.Events.length, action: context.action, state: context.state };
}
