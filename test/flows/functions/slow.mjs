export async function handler(event) {
  const { ms } = JSON.parse(event);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { slept: ms };
}
