// The synchronous function of "集成函数计算" (help.aliyun.com 2400200): its event holds testKey; the page does not say
// what it returns, so it answers with the key it got.
export async function handler(event) {
  const { testKey } = JSON.parse(event);
  return { received: testKey };
}
