// The asynchronous function of "集成函数计算" (help.aliyun.com 2400200): its event is {key1, key2}; an Async
// invocation's result does not reach the flow.
export async function handler(event) {
  const { key1, key2 } = JSON.parse(event);
  return { received: [key1, key2] };
}
