// Answers after `ms` milliseconds.
export async function handler(event) {
  const { ms = 1000 } = JSON.parse(event);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { slept: ms };
}
