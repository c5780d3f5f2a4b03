import { fileURLToPath } from 'node:url';

/** Whether the module is the program Node was started with, so an example runs when invoked directly. */
export function isMain(meta: ImportMeta): boolean {
  return process.argv[1] !== undefined && fileURLToPath(meta.url) === process.argv[1];
}

/** Where an example prints: `console.log` when run, a collector in its test. */
export type Out = (line: string) => void;
