// The documentation site's TypeDoc plugin (typedoc.json's `plugin`). The guides in docs/guides are plain
// Markdown, readable on GitHub, with no TypeDoc front matter: this gives each the title of its first
// `# heading` instead of its path, and puts the guides in reading order ahead of the generated pages.
import { Converter, RendererEvent } from 'typedoc';

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

const rankOf = (path) => {
  const name = path.split('/').pop();
  const rank = guideOrder.findIndex((word) => name.includes(word));
  return rank === -1 ? guideOrder.length : rank;
};

export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    if (!document.name.includes('/')) return; // titled by its front matter
    const text = document.content.map((part) => part.text).join('');
    const heading = /^#\s+(.+?)\s*$/m.exec(text);
    if (heading) document.name = heading[1].replaceAll('`', '');
  });

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
