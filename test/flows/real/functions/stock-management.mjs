// Ported from awesome-fnf/Order-Management functions/stock-management/index.py.
export async function handler(event) {
  const { order_id: orderId } = JSON.parse(event);
  if (!orderId) throw new Error('order_id is required');
  return { stockingManagement: 'succeeded' };
}
