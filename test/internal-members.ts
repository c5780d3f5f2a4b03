// The `@internal` members of the packages' sources, read with the TypeScript parser: what neither a
// published `.d.ts` (test/public-api.test.ts) nor a page of the documentation site (test/site.test.ts)
// may show.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

/** `Class.member` for every member of a class or interface that `check` selects, in one file. */
export function members(file: string, check: (member: ts.Node) => boolean): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name !== undefined) {
      for (const member of node.members) {
        const name = member.name === undefined ? 'constructor' : member.name.getText(source);
        // Rollup renames a declaration whose name another module also uses: `Shared$1`.
        if (check(member)) found.push(`${node.name.text.replace(/\$\d+$/, '')}.${name}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export const isInternal = (node: ts.Node) =>
  ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
export const isVisible = (node: ts.Node) =>
  !ts.canHaveModifiers(node) ||
  !(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);

export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/** The `@internal` members of a package's sources (constructors aside: a stripped one is simply absent). */
export function internalMembers(pkg: string): Set<string> {
  const dir = join(root, 'packages', pkg, 'src');
  return new Set(
    filesUnder(dir, '.ts')
      .flatMap((f) => members(f, isInternal))
      .filter((m) => !m.endsWith('.constructor')),
  );
}
