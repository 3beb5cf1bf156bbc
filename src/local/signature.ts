// RPC request signing exactly as @alicloud/pop-core 1.8 does it (lib/rpc.js),
// so that the server can recompute what a client signed. Tests use the same
// functions to craft requests by hand.
import { createHmac } from 'node:crypto';

/** encodeURIComponent plus the characters it leaves alone but the service escapes. */
function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

/** `k=v&k=v` over every parameter except Signature, keys sorted as pop-core sorts them. */
function canonicalize(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
}

function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalize(params))}`;
}

export function sign(method: string, params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params)).digest('base64');
}
