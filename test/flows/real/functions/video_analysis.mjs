// The best practice's 视频理解 function: it sends videoUrl, vlPrompt and llmPrompt to the video-understanding
// light app and returns {'videoContent': <the generated script>}. Here the script is made from the URL.
export async function handler(event) {
  const { videoUrl } = JSON.parse(event);
  return { videoContent: `script of ${videoUrl}` };
}
