// The foreach page's toUpperCase: {"name": "a"} → {"name": "A"}.
export async function handler(event) {
  return { name: JSON.parse(event).name.toUpperCase() };
}
