import { defineConfig } from 'tsup';
import base, { dts } from '../../tsup.base';

// The JavaScript is built from build-entry.ts, whose `mpsc` a bundler can drop when it is unused; the
// declarations from index.ts, where `mpsc` is the namespace users write types against.
export default defineConfig({
  ...base,
  entry: { index: 'src/build-entry.ts' },
  dts: { ...dts, entry: { index: 'src/index.ts' } },
});
