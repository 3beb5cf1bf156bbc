// Stand-in for second-level-timer's timer-handler: it reports the moment it was triggered for.
export async function handler(event) {
  const { triggerTime, triggerName } = JSON.parse(event);
  return { handled: `${triggerName}@${triggerTime}` };
}
