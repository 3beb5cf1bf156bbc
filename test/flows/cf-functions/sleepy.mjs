// Answers after {ms} milliseconds, to run into a task's Timeout.
export async function handler(event) {
  const { ms } = JSON.parse(event);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { slept: ms };
}
