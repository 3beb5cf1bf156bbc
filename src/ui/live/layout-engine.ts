// Ink lays boxes out with yoga, a WebAssembly module that compiles off the main
// thread. As an ES module yoga-layout is ready once imported (top-level await);
// in the CommonJS bundle (.ci/build.mjs) it exports `ready` instead. Starting
// early lets the compile run while requests are on their way (issue 17).
let loading: Promise<void> | undefined;

/** Resolves when Ink can lay out a frame. */
export function loadLayoutEngine(): Promise<void> {
  loading ??= import('yoga-layout').then(async (yoga) => {
    await (yoga as { ready?: Promise<unknown> }).ready;
  });
  return loading;
}
