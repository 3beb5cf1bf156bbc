// Ported from awesome-fnf/trip-booking-order-processing functions/cancelFlight/index.py: when the input's result is
// "failed" it raises CancelFlightError; otherwise it answers {"cancel_flight_ticket": "success", "transaction_id": ...}.
class CancelFlightError extends Error {
  name = 'CancelFlightError';
}

export async function handler(event) {
  const evt = JSON.parse(event);
  if (evt.result === 'failed') throw new CancelFlightError('Cancel flight ticket exception');
  return { cancel_flight_ticket: 'success', transaction_id: evt.transaction_id };
}
