// Answers with plain text, not the JSON object a task's $local must be.
export async function handler() {
  return 'plain text';
}
