// Answers with the event it got: what a waitForCallback task hands its function.
export async function handler(event) {
  return JSON.parse(event);
}
