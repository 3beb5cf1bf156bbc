// The foreach example's toUpperCase: each iteration's input holds the element as "name"; it returns it upper case.
export async function handler(event) {
  const { name } = JSON.parse(event);
  return { name: String(name).toUpperCase() };
}
