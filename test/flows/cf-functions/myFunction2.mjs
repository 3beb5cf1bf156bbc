// myFunction2 of the same page, invoked Async: CloudFlow does not wait for what it returns.
export async function handler(event) {
  return { ignored: JSON.parse(event) };
}
