// Stand-in for oss-restore's restore function: it asks OSS to restore the archived file and answers at once.
export async function handler(event) {
  const { fileName } = JSON.parse(event);
  return { restoring: fileName };
}
