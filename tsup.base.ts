import { defineConfig } from 'tsup';

// Shared build for every package: ESM and CJS with .d.ts and .d.cts, one entry point.
// `treeshake` stays off: it writes the source-map comment twice, and esbuild's output is already lean.
// `stripInternal` keeps every member tagged `@internal` out of the published .d.ts: those members exist
// for the package's own modules, and a user who could see them could come to depend on them.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
