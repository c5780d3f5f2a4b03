// The documentation site's TypeDoc plugin (typedoc.json's `plugin`). The guides in docs/guides are plain
// Markdown, readable on GitHub, with no TypeDoc front matter: this gives each the title of its first
// `# heading` instead of its path, and puts the guides in reading order ahead of the generated pages.
// Links that the READMEs and guides make to an example's source or to a results file of bench/ lead,
// on the site, to that example in the catalogue and to that package's benchmark charts, not to a copy
// of the raw file.
import { basename, relative } from 'node:path';
import { Converter, ReflectionKind, RendererEvent } from 'typedoc';
import { anchor } from './anchor.mjs';
import { readSuite } from './bench-results.mjs';
import { locate } from './catalogue.mjs';
import { pagePath, suiteHeading } from './charts.mjs';
import { root } from './write-generated.mjs';

/**
 * The guides in reading order, by words of their file names; a guide that matches none comes after
 * these, in alphabetical order.
 */
export const guideOrder = [
  'getting-started',
  'tokio',
  'cancel',
  'select',
  'testing',
  'channel',
  'lock',
  'selectable',
  'performance',
];

/** A guide's place: that of the longest word of `guideOrder` in its file name (`selectable` over `select`). */
export const rankOf = (path) => {
  const name = path.split('/').pop();
  const word = guideOrder.filter((w) => name.includes(w)).sort((a, b) => b.length - a.length)[0];
  return word === undefined ? guideOrder.length : guideOrder.indexOf(word);
};

export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    if (!document.name.includes('/')) return; // titled by its front matter
    const text = document.content.map((part) => part.text).join('');
    const heading = /^#\s+(.+?)\s*$/m.exec(text);
    if (heading) document.name = heading[1].replaceAll('`', '');
  });

  // Packages mode converts each package on its own and adds the documents to the merged project: the
  // links are retargeted in that one, when rendering starts.
  app.renderer.on(RendererEvent.BEGIN, (event) => retargetLinks(event.project));

  // Guides first, in reading order, then the examples and the benchmarks: the order of the menu. Set
  // when rendering starts, after TypeDoc's own sorting and grouping.
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    const project = event.project;
    const key = (doc) => {
      const path = project.files.getReflectionPath(doc) ?? '';
      if (path.includes('docs/guides/')) return [0, rankOf(path), doc.name];
      return [1, doc.name === 'Examples' ? 0 : 1, doc.name];
    };
    const byKey = (a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return ka[0] - kb[0] || ka[1] - kb[1] || ka[2].localeCompare(kb[2]);
    };
    const lists = [
      project.documents,
      project.childrenIncludingDocuments,
      ...(project.groups ?? []).map((g) => g.children),
    ];
    for (const list of lists) {
      if (list === undefined) continue;
      // Documents move among the places documents had; modules stay where they are.
      const places = list.flatMap((r, i) => (r.isDocument() ? [i] : []));
      const sorted = places.map((i) => list[i]).sort(byKey);
      places.forEach((place, k) => {
        list[place] = sorted[k];
      });
    }
  });
}

/** Points relative links to examples/*.ts and bench/results/*.md at their pages on the site. */
function retargetLinks(project) {
  const documents = new Map();
  for (const doc of project.getReflectionsByKind(ReflectionKind.Document)) {
    const path = project.files.getReflectionPath(doc);
    if (path !== undefined) documents.set(relative(root, path), doc);
  }
  const destination = (path) => {
    const file = relative(root, path);
    if (/^examples\/[a-z]{2}-\d\d-.*\.ts$/.test(file)) {
      const found = locate(basename(file));
      return found && { doc: documents.get(found.page), anchor: found.anchor };
    }
    const suite = /^bench\/results\/([\w-]+)\.md$/.exec(file)?.[1];
    if (suite !== undefined)
      return { doc: documents.get(pagePath), anchor: anchor(suiteHeading(readSuite(suite))) };
    return undefined;
  };
  const retarget = (parts) => {
    for (const part of parts ?? []) {
      if (part.kind !== 'relative-link' || part.target === undefined) continue;
      const path = project.files.resolvePath(part.target);
      const to = path === undefined ? undefined : destination(path);
      if (to?.doc === undefined) continue;
      project.files.registerReflectionPath(path, to.doc);
      part.targetAnchor ??= to.anchor;
    }
  };
  retarget(project.readme);
  for (const reflection of project.getReflectionsByKind(ReflectionKind.All)) {
    retarget(reflection.readme);
    retarget(reflection.content);
    retarget(reflection.comment?.summary);
    for (const tag of reflection.comment?.blockTags ?? []) retarget(tag.content);
  }
}
