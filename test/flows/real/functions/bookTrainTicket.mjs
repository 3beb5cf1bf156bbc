// Ported from awesome-fnf/trip-booking-order-processing functions/bookTrainTicket/index.py: when the input's result is
// "failed" it raises BookTrainTicketError; otherwise it answers {"book_train_ticket": "success", "transaction_id": ...}.
import { randomUUID } from 'node:crypto';

class BookTrainTicketError extends Error {
  name = 'BookTrainTicketError';
}

export async function handler(event) {
  const evt = JSON.parse(event);
  if (evt.result === 'failed') throw new BookTrainTicketError('Book train ticket exception');
  return { book_train_ticket: 'success', transaction_id: randomUUID() };
}
