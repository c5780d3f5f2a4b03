// Module hooks for test child processes: `@async/<name>` resolves to that package's source, as the
// vitest alias does, so a child runs the code under test without a build.
export async function resolve(specifier, context, next) {
  const match = /^@async\/([a-z-]+)$/.exec(specifier);
  if (match === null) return next(specifier, context);
  return next(new URL(`../../../${match[1]}/src/index.ts`, import.meta.url).href, context);
}
