// Prices one order line. Function Compute hands a Node.js handler its event
// as a Buffer; an async handler's return value is the Body of the task's $Output.
export async function handler(event) {
  const { sku, quantity: given } = JSON.parse(event);
  const quantity = given ?? 1;
  if (typeof sku !== 'string') {
    const err = new Error('every line needs a sku');
    err.name = 'InvalidLine';
    throw err;
  }
  const unit = sku.length * 1.25;
  return { sku, quantity, total: Math.round(unit * quantity * 100) / 100 };
}
