// Stands in for the OCR API an `action: ocr:RecognizeIdentityCard` task calls.
export async function handler(params) {
  return { Data: { FrontResult: { Name: `card at ${params.ImageURL}`, Side: params.Side } } };
}
