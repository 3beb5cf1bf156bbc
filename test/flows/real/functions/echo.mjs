// The note's HelloWorld.echo: "It required an input and would be return that as content"; its output for the
// note's input is {"content": "sara"}.
export async function handler(event) {
  const { input } = JSON.parse(event);
  return { content: input };
}
