// Ported from awesome-fnf/trip-booking-order-processing functions/sendAlert/index.py: it logs the alert for
// trip_order_id to alert_email_address and answers {"result": "success"}.
export async function handler(event) {
  const { trip_order_id: orderId, alert_email_address: address } = JSON.parse(event);
  if (!orderId || !address) throw new Error('trip_order_id and alert_email_address are required');
  return { result: 'success' };
}
