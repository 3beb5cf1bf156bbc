// Stand-in for second-level-timer's timer-gen: it answers the moments, a second apart, at which the foreach waits
// and then calls timer-handler, from the triggerTime it is given, with the payload and triggerName passed along.
export async function handler(event) {
  const { triggerTime, payload, triggerName } = JSON.parse(event);
  const start = Date.parse(triggerTime);
  return { waits: [1, 2, 3].map((s) => new Date(start + s * 1000).toISOString()), payload, triggerName };
}
