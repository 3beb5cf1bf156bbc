// Fails until the step has been retried `succeedAfter` times.
export async function handler(event) {
  const { retryCount, succeedAfter } = JSON.parse(event);
  if (retryCount < succeedAfter) {
    const err = new Error(`attempt ${retryCount} failed`);
    err.name = 'FlakyError';
    throw err;
  }
  return { attempts: retryCount + 1 };
}
