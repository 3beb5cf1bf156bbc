// import() of a file the user wrote (a task handler, fnf.config.mjs), by URL.
// Node 20 forgets a script's import() callback when V8 compiles it from a code
// cache ("A dynamic import callback was not specified"), so the program bundle,
// loaded that way (src/code-cache.ts), is handed the entry's own import().
declare const __fnfImport: ((url: string) => Promise<unknown>) | undefined;

export function importFile(url: string): Promise<Record<string, unknown>> {
  return (typeof __fnfImport === 'function' ? __fnfImport(url) : import(url)) as Promise<Record<string, unknown>>;
}
