import { defineConfig } from 'tsup';
import base from '../../tsup.base';

// Two entry points, the application API (`@async/core`) and the implementer API
// (`@async/core/protocol`), which must share one copy of every module: the default clock's slot and
// the classes that other packages extend exist once per package copy, in ESM and in CJS alike.
//
// `splitting` puts the shared modules in a chunk. For CJS, tsup splits by converting esbuild's ESM
// chunks with sucrase, which also rewrites class fields and `?.` into helper calls (slower hot paths);
// with `treeshake`, rollup does the split and keeps the syntax as written.
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/protocol.ts'],
  splitting: true,
  treeshake: true,
});
