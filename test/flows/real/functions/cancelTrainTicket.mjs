// Ported from awesome-fnf/trip-booking-order-processing functions/cancelTrainTicket/index.py: when the input's result is
// "failed" it raises CancelTrainTicketError; otherwise it answers {"cancel_train_ticket": "success", "transaction_id": ...}.
class CancelTrainTicketError extends Error {
  name = 'CancelTrainTicketError';
}

export async function handler(event) {
  const evt = JSON.parse(event);
  if (evt.result === 'failed') throw new CancelTrainTicketError('Cancel train ticket exception');
  return { cancel_train_ticket: 'success', transaction_id: evt.transaction_id };
}
