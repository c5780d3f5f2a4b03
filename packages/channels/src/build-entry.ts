// The entry the package's JavaScript is built from: index.ts, with `mpsc` as a frozen object instead
// of a namespace re-export (see mpsc-object.ts). An explicit export wins over `export *`, so the
// namespace of index.ts is never built.
export * from './index';
export { mpsc } from './mpsc-object';
