// Stand-in for awesome-fnf/detect-mask's MergeFC: it draws the results on the picture. It fails unless it gets
// what the flow gathered: every face of a many-face picture checked, or the single face's result.
export async function handler(event) {
  const { faceCount, faceImageList, singleFaceImage } = JSON.parse(event);
  if (faceCount > 1 && !(faceImageList.length === faceCount && faceImageList.every((f) => f.mask && f.cropOSSUrl))) {
    throw new Error(`faces not all checked: ${JSON.stringify(faceImageList)}`);
  }
  if (faceCount === 1 && !singleFaceImage?.mask) throw new Error(`single face not checked: ${JSON.stringify(singleFaceImage)}`);
  const masked = faceCount > 1 ? faceImageList.length : faceCount;
  return { result: `${faceCount} faces, ${masked} checked` };
}
