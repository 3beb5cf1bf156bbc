// Stand-in for the OCR RecognizeIdentityCard API the ID-card sample calls (https://help.aliyun.com/document_detail/151899.html):
// its answer carries Data.FrontResult with Name, Gender and IDNumber for Side "face".
export async function handler(params) {
  if (typeof params.ImageURL !== 'string' || params.Side !== 'face') throw new Error('ImageURL and Side "face" are required');
  return { Data: { FrontResult: { Name: '张三', Gender: '男', IDNumber: '11010519491231002X' } }, RequestId: 'local' };
}
