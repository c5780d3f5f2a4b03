// Writes what a generator of the site made: `[path, content]` pairs, paths relative to the repository.
// The folder the generator owns is emptied of files it no longer makes (a removed workload's chart, a
// removed section's page), so what is committed is exactly what the generator makes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** Writes `files` and removes every other file of `ownedDir`. */
export function writeGenerated(files, ownedDir) {
  mkdirSync(join(root, ownedDir), { recursive: true });
  for (const old of readdirSync(join(root, ownedDir))) {
    if (!files.has(join(ownedDir, old))) rmSync(join(root, ownedDir, old));
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return [...files.keys()].map((p) => relative(root, join(root, p)));
}
