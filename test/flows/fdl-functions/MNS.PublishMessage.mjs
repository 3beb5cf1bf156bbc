// Stands in for MNS PublishMessage (acs:mns:::/topics/...): answers with the fields the MNS topic page maps.
import { createHash } from 'node:crypto';
export async function handler(params) {
  const body = typeof params.MessageBody === 'string' ? params.MessageBody : JSON.stringify(params.MessageBody);
  return { MessageId: `msg-${params.MessageTag ?? 'untagged'}`, RequestId: 'local-request', MessageBodyMD5: createHash('md5').update(body).digest('hex').toUpperCase() };
}
