// The best practice's 构建prompt function: it formats sourceVideoContent and targetVideoContent into a prompt
// and returns {"messages": [{"role": "user", "content": prompt}]}.
export async function handler(event) {
  const { sourceVideoContent, targetVideoContent } = JSON.parse(event);
  return { messages: [{ role: 'user', content: `learn ${sourceVideoContent}; retell ${targetVideoContent}` }] };
}
