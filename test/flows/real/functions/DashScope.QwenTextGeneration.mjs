// Stand-in for the DashScope QwenTextGeneration action of the video best practice: the state reads
// $Output.output.choices[0].message.content, DashScope's answer shape; here the answer echoes the last message.
export async function handler(parameters) {
  const last = parameters.messages.at(-1);
  return { output: { choices: [{ message: { role: 'assistant', content: `narration for: ${last.content}` } }] } };
}
