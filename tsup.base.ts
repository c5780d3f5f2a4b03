import { defineConfig } from 'tsup';

// Shared build for every package: ESM and CJS with .d.ts and .d.cts, one entry point.
// `treeshake` stays off: esbuild's output is already lean.
// No source maps: they were 55–60 % of each tarball and pointed at `src/`, which the package does not
// ship, so a debugger could not have shown the TypeScript anyway; the published JavaScript is unminified
// and keeps the sources' names, so a stack trace reads as it is.
// `stripInternal` keeps every member tagged `@internal` out of the published .d.ts: those members exist
// for the package's own modules, and a user who could see them could come to depend on them.

/** The declaration build's options, for a package whose config sets its own declaration entry. */
export const dts = { compilerOptions: { stripInternal: true } };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts,
  sourcemap: false,
  clean: true,
  target: 'es2022',
});
