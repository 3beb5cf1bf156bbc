// Stand-in for awesome-fnf/detect-mask's DetectMaskFC: it answers the face (or the whole picture, when no face is
// given) marked as wearing a mask.
export async function handler(event) {
  const { imageOssUrl, faceImage } = JSON.parse(event);
  return { faceImage: { ...(faceImage ?? { imageOssUrl }), mask: true } };
}
