import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run covers every package, the examples and the doc-tests. `@async/<name>` resolves to the
// package's source, and a subpath `@async/<name>/<entry>` (such as `@async/core/protocol`) to
// `src/<entry>.ts`, so tests need no build and every test file sees one copy of each package;
// `@async/testing` (the private test kits, outside packages/) resolves to its source too.
// The tests under test/ read the build instead (test/support/built.ts): `npm test` runs them after it.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@async\/testing$/,
        replacement: fileURLToPath(new URL('./testing/src/index.ts', import.meta.url)),
      },
      {
        find: /^@async\/([a-z-]+)\/([a-z-]+)$/,
        replacement: fileURLToPath(new URL('./packages/$1/src/$2.ts', import.meta.url)),
      },
      {
        find: /^@async\/([a-z-]+)$/,
        replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    // A hang detector, not a time limit: no test may depend on how busy the machine is. A loop in a test
    // is bounded by count, so a bug fails on its own; this only ends a test that truly never settles.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One test file per core. Vitest's default leaves a core free, which on a 2-core machine runs the
    // files one at a time while many of them wait on child processes, sockets or a browser: 271 s
    // against 217 s with two, measured on one busy machine.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: [
            'packages/*/test/**/*.test.ts',
            'testing/test/**/*.test.ts',
            'examples/test/**/*.test.ts',
            'examples/showcase/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
        },
      },
      {
        // The doc-tests (one small file per example, ~240) share one module graph: isolating each file
        // re-imported the packages' sources 240 times, ~95 % of their CPU time. Examples restore what
        // they change (`using clock = TestClock.install()`), as the README tells readers to.
        extends: true,
        test: { name: 'doc-tests', include: ['.doctests/**/*.test.ts'], isolate: false },
      },
    ],
  },
});
