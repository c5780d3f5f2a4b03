// pnpm hooks for the whole workspace.
//
// beforePacking: the manifest that `pnpm pack` and `pnpm publish` (so `changeset publish`) put in a tarball
// keeps only what a user's install and tools read. Our scripts, devDependencies (among them the private
// `@async/testing`) and size budgets are for working on the package, not for using it.
const DEVELOPMENT_ONLY = ['scripts', 'devDependencies', 'size-limit'];

module.exports = {
  hooks: {
    beforePacking(manifest) {
      for (const field of DEVELOPMENT_ONLY) delete manifest[field];
      return manifest;
    },
  },
};
