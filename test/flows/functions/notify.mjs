// Receives a task token to hand to whoever will report the task (here: nobody; the test does).
export async function handler(event) {
  const { token } = JSON.parse(event);
  if (typeof token !== 'string' || token === '') throw new Error('no task token');
  return {};
}
