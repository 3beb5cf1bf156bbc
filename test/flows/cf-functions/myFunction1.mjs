// myFunction1 of the Function Compute integration page: echoes testKey from its event.
export async function handler(event) {
  const { testKey } = JSON.parse(event);
  return { received: testKey };
}
