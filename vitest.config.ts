import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run covers every package, the examples and the doc-tests. `@async/<name>` resolves to the
// package's source, and a subpath `@async/<name>/<entry>` (such as `@async/core/protocol`) to
// `src/<entry>.ts`, so tests need no build and every test file sees one copy of each package;
// `@async/testing` (the private test kits, outside packages/) resolves to its source too.
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
    include: [
      'packages/*/test/**/*.test.ts',
      'testing/test/**/*.test.ts',
      'examples/test/**/*.test.ts',
      'test/**/*.test.ts',
      '.doctests/**/*.test.ts',
    ],
    testTimeout: 20_000,
  },
});
