// Ported from awesome-fnf/trip-booking-order-processing functions/bookFlight/index.py: when the input's result is
// "failed" it raises BookFlightError; otherwise it answers {"book_flight": "success", "transaction_id": ...}.
import { randomUUID } from 'node:crypto';

class BookFlightError extends Error {
  name = 'BookFlightError';
}

export async function handler(event) {
  const evt = JSON.parse(event);
  if (evt.result === 'failed') throw new BookFlightError('Book flight exception');
  return { book_flight: 'success', transaction_id: randomUUID() };
}
