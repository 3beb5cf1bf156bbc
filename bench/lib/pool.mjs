// A fixed number of workers sharing one queue of numbered tasks.

/** Runs `task(i)` for i in [0, total) with `concurrency` workers; resolves to {error code or message: count}. */
export async function runPool(total, concurrency, task) {
  let next = 0;
  const errors = {};
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      try {
        await task(i);
      } catch (err) {
        const key = err.code ?? err.message;
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  }));
  return errors;
}
