// Ported from awesome-fnf/detect-mask's GetCropImageFC: it puts detectMaskImage back at faceIndex (when that is not
// -1), moves to the next face and answers it with the list and the new index.
export async function handler(event) {
  const { faceIndex, detectMaskImageList, detectMaskImage } = JSON.parse(event);
  const list = [...detectMaskImageList];
  if (faceIndex >= 0) list[faceIndex] = detectMaskImage;
  const next = faceIndex + 1;
  return { detectFaceImage: next < list.length ? list[next] : {}, detectMaskImageList: list, faceIndex: next };
}
