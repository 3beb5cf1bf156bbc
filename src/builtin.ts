// A Node built-in required where it is first used rather than at start-up,
// for those a command seldom needs: each costs 0.5-3 ms to load, more than
// some commands' own work. The built CLI is CommonJS, so require() is there;
// running from src/ (tests) fnf is an ES module, and Node (20.16 and later)
// hands built-ins to ES modules through process.getBuiltinModule.
export function builtin<T>(id: `node:${string}`): T {
  return (typeof require === 'function' ? require(id) : process.getBuiltinModule(id)) as T;
}
