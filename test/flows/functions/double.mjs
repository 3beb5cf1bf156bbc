// Callback-style handler, as older Function Compute code is written.
export function handler(event, context, callback) {
  const { value } = JSON.parse(event);
  setTimeout(() => callback(null, JSON.stringify({ value: value * 2 })), 1);
}
