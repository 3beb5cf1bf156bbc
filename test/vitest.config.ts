import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: end-to-end files spawn servers and CLIs, so keep the pool small.
    maxWorkers: 2,
    // The suite runs the same on a laptop and in CI: fnf and Ink both change how they draw under CI.
    env: { CI: 'false', GITHUB_ACTIONS: 'false' },
  },
});
