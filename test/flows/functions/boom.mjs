export async function handler() {
  throw new RangeError('the order total is negative');
}
