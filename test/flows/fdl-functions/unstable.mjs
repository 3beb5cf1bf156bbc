// Fails with error "Unstable" until it has been called `failures` times for this execution key.
const calls = new Map();
export async function handler(event) {
  const { key, failures = 0 } = JSON.parse(event);
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  if (n <= failures) {
    const err = new Error(`call ${n} of ${key} failed`);
    err.name = 'Unstable';
    throw err;
  }
  return { calls: n };
}
