// Ported from awesome-fnf/trip-booking-order-processing functions/bookHotel/index.py: when the input's result is
// "failed" it raises BookHotelError; otherwise it answers {"book_hotel": "success", "transaction_id": ...}.
import { randomUUID } from 'node:crypto';

class BookHotelError extends Error {
  name = 'BookHotelError';
}

export async function handler(event) {
  const evt = JSON.parse(event);
  if (evt.result === 'failed') throw new BookHotelError('Book hotel exception');
  return { book_hotel: 'success', transaction_id: randomUUID() };
}
