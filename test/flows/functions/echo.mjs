// Async handler: answers with the event it got, plus who ran it.
export async function handler(event, context) {
  return { ...JSON.parse(event), handledBy: context.function.name };
}
