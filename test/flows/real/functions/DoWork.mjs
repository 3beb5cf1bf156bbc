// Ported from awesome-fnf/async-http-jobs functions/DoWork/index.py (without its 20-second sleep).
export async function handler() {
  return '{"outputKey": "outputValue"}';
}
