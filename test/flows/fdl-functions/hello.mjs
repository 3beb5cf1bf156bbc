// The overview page's "hello" function: answers with a greeting (the page does not show its code).
export async function handler(event) {
  const { name = 'world' } = JSON.parse(event);
  return { message: `hello, ${name}` };
}
