// Ported from awesome-fnf/subflow-best-practice Functions/audit.py, without its random denial (seed > 8):
// no auditMessage → {"result": "auditMessage not specified", "audited": false}; else {"result": "audit passed", "audited": true}.
export async function handler(event) {
  const evt = JSON.parse(event);
  if (!('auditMessage' in evt)) return { result: 'auditMessage not specified', audited: false };
  return { result: 'audit passed', audited: true };
}
