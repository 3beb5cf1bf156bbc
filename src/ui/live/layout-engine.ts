// Ink lays boxes out with yoga, a WebAssembly module that compiles off the main
// thread. As an ES module yoga-layout is ready once imported (top-level await);
// in the CommonJS bundle (.ci/build.mjs) it exports `ready` instead. Starting
// early lets the compile run while requests are on their way (issue 17).
type Yoga = typeof import('yoga-layout').default;

let loading: Promise<void> | undefined;

/** Resolves when Ink can lay out a frame. */
export function loadLayoutEngine(): Promise<void> {
  loading ??= import('yoga-layout').then(async (mod) => {
    await (mod as { ready?: Promise<unknown> }).ready;
    warmUp(mod.default);
  });
  return loading;
}

/**
 * V8 compiles a WebAssembly function on its first call, on the main thread:
 * the first layout of a frame costs 5-10 ms more than the next. One small
 * layout here, while the view waits for its first answers, moves that cost
 * off the first frame.
 */
function warmUp(yoga: Yoga): void {
  const root = yoga.Node.create();
  const row = yoga.Node.create();
  row.setFlexDirection(yoga.FLEX_DIRECTION_ROW);
  row.setMeasureFunc(() => ({ width: 1, height: 1 }));
  root.insertChild(row, 0);
  root.setWidth(80);
  root.calculateLayout(undefined, undefined, yoga.DIRECTION_LTR);
  root.freeRecursive();
}
