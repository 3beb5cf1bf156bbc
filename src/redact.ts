// Secrets must never reach output: pop-core puts the full request URL (with
// Signature, SecurityToken, AccessKeyId) into its error messages, and users
// paste --verbose logs into issues. Every string bound for a stream that may
// hold request data goes through redact().

const SECRET_PARAMS = ['Signature', 'SecurityToken', 'AccessKeySecret', 'SignatureNonce'];
const PARAM_PATTERN = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&\\s"']*`, 'g');
const knownSecrets = new Set<string>();

/** Remember a secret value (a key secret, an STS token) so that it is masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

export function redact(text: string): string {
  let out = text.replace(PARAM_PATTERN, '$1***');
  for (const secret of knownSecrets) {
    out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}

/** "LTAI5tAbCdEf…" → "LTAI****CdEf": enough to tell keys apart, not enough to use one. */
export function maskKeyId(id: string): string {
  return id.length <= 8 ? '****' : `${id.slice(0, 4)}****${id.slice(-4)}`;
}
