import { readdir, readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import base from '../../tsup.base';

// Two entry points, the application API (`@async/core`) and the implementer API
// (`@async/core/protocol`), which must share one copy of every module: the default clock's slot and
// the classes that other packages extend exist once per package copy, in ESM and in CJS alike.
//
// `splitting` puts the shared modules in a chunk. For CJS, tsup splits by converting esbuild's ESM
// chunks with sucrase, which also rewrites class fields and `?.` into helper calls (slower hot paths);
// with `treeshake`, rollup does the split and keeps the syntax as written. Rollup's output ends with
// its own source-map comment, to which tsup appends a second one (the gotcha `tsup.base` avoids by
// leaving `treeshake` off): `onSuccess` drops the duplicate.
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/protocol.ts'],
  splitting: true,
  treeshake: true,
  async onSuccess() {
    for (const name of await readdir('dist')) {
      if (!/\.c?js$/.test(name)) continue;
      const path = `dist/${name}`;
      const code = await readFile(path, 'utf8');
      const comment = `\n//# sourceMappingURL=${name}.map`;
      if (code.endsWith(comment + comment)) await writeFile(path, code.slice(0, -comment.length));
    }
  },
});
