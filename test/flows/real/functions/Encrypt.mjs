// The note's HelloWorld.Encrypt: "It would need envKey and message as input, then encrypt that message into
// response result". An HMAC stands in for the note's unnamed cipher.
import { createHmac } from 'node:crypto';

export async function handler(event) {
  const { envKey, message } = JSON.parse(event);
  if (typeof envKey !== 'string' || typeof message !== 'string') throw new Error('envKey and message are required');
  return { result: createHmac('sha256', envKey).update(message).digest('hex') };
}
