// Ported from awesome-fnf/Order-Management functions/get-canceled-orders/index.py, with 3 orders instead of a
// random 2 to 4: {"order_ids": ["order_0", "order_1", "order_2"]}.
export async function handler() {
  return { order_ids: ['order_0', 'order_1', 'order_2'] };
}
