import { defineConfig } from 'tsup';

// Shared build for every package: ESM and CJS with .d.ts and .d.cts, one entry point.
// `treeshake` stays off: it writes the source-map comment twice, and esbuild's output is already lean.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
