// Callback style (event, context, callback): "sends" an approval request
// carrying the task token; someone later runs
//   fnf task succeed <token> --output '{"approved": true}'
export function handler(event, context, callback) {
  const { token, order } = JSON.parse(event);
  callback(null, { requested: true, order, tokenLength: String(token).length, requestId: context.requestId });
}
