// Fails the way a Node.js function reports a typed error: the error's name is the code Retry and Catch match.
export async function handler() {
  const err = new Error('the order total is negative');
  err.name = 'MyCustomError';
  throw err;
}
