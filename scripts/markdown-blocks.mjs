// Reading the code of a README or guide: its fenced ```ts blocks, their imports, and the packages its
// install line names. Shared by the doc-tests (scripts/doctest.mjs) and the packaging test, which runs
// each package README's examples where only the packages of its install line are installed.

/** Every ```ts block: its first line's number (1-based), its code, and false when fenced `no-run`. */
export function markdownBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+no-run)?\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^```\s*$/.test(lines[i + 1])) i++;
    blocks.push({ line: start, code: lines.slice(start, i + 1).join('\n'), run: !open[2] });
    i++;
  }
  return blocks;
}

/** A block's import statements (possibly spanning lines) apart from the rest of its code. */
export function splitImports(code) {
  const imports = [];
  const body = [];
  let inImport = false;
  for (const line of code.split('\n')) {
    if (!inImport && /^import\s/.test(line)) inImport = true;
    (inImport ? imports : body).push(line);
    if (inImport && (/\sfrom\s+['"][^'"]+['"];?\s*$/.test(line) || /^import\s+['"]/.test(line)))
      inImport = false;
  }
  return { imports: imports.join('\n'), body: body.join('\n') };
}

/** The `@async/*` packages a piece of code imports (`@async/core/protocol` counts as `@async/core`). */
export function importedPackages(code) {
  const found = [...code.matchAll(/(?:from|import)\s+['"](@async\/[a-z-]+)(?:\/[a-z-]+)?['"]/g)];
  return [...new Set(found.map((m) => m[1]))].sort();
}

/** The packages that the `npm install …` lines of a README name, or undefined when it has none. */
export function installedPackages(text) {
  const lines = [...text.matchAll(/^npm install ([^\n]+)$/gm)];
  if (lines.length === 0) return undefined;
  return [...new Set(lines.flatMap((m) => m[1].split(/\s+/).filter((w) => w.startsWith('@async/'))))].sort();
}
