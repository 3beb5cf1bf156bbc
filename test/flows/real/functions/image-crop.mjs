// Stand-in for awesome-fnf/detect-mask's ImageCropFC: it crops faceImage out of the picture and answers the face
// with the cropped copy's OSS address.
export async function handler(event) {
  const { imageOssPath, faceImage } = JSON.parse(event);
  if (faceImage?.index === undefined) throw new Error(`no face to crop: ${JSON.stringify(faceImage)}`);
  return { faceImage: { ...faceImage, cropOSSUrl: `${imageOssPath}#face${faceImage.index}` } };
}
