// The function of "Create a flow" (help.aliyun.com 124155); the page does not say what it returns.
export async function handler() {
  return { message: 'hello' };
}
