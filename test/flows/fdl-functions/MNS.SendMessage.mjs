// Stands in for MNS SendMessage (acs:mns:::/queues/...): the service sends MessageBody as a string; answers with it.
export async function handler(params) {
  const body = typeof params.MessageBody === 'string' ? params.MessageBody : JSON.stringify(params.MessageBody);
  return { MessageId: 'queued-1', MessageBody: body, Priority: params.Priority };
}
