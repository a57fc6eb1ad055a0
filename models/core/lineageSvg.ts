import type { DocNode } from './DocNode.ts';
import { escapeHtml } from './escapeHtml.ts';

const FONT = 12;
const CHAR = 7.2; // average glyph width at 12px in the sans-serif stack below
const BOX_H = 26;
const ROW_GAP = 12;
const COL_GAP = 90;
const PAD = 24;

// Fill and stroke per layer; text stays dark on every fill for contrast.
const colours: Record<DocNode['layer'], [string, string]> = {
  sources: ['#e8e8e8', '#6b6b6b'],
  seeds: ['#fdf1d6', '#9a6b00'],
  staging: ['#dcecf9', '#1d5f99'],
  intermediate: ['#e4f3e0', '#2e6b22'],
  marts: ['#f6e0ef', '#8a2468'],
};

interface Box {
  node: DocNode;
  col: number;
  x: number;
  y: number;
  w: number;
}

/** Column of each node: one past the furthest thing it depends on, so every edge points right. */
function columns(nodes: DocNode[]): Map<string, number> {
  const col = new Map<string, number>();
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const place = (n: DocNode): number => {
    const known = col.get(n.name);
    if (known !== undefined) return known;
    const deps = n.dependsOn.map((d) => byName.get(d)).filter((d): d is DocNode => !!d);
    const c = deps.length ? Math.max(...deps.map(place)) + 1 : 0;
    col.set(n.name, c);
    return c;
  };
  nodes.forEach(place);
  return col;
}

/**
 * The lineage as a layered DAG: sources and seeds on the left, each model one column
 * right of its furthest input; within a column, nodes sit near the mean height of their
 * inputs to keep edges short. Every node links to its entry in the data dictionary.
 * The root is a group, not an image: an image's content is presentational, which would
 * hide the links from assistive technology where the SVG is inlined (the dictionary page
 * and data-dictionary.html).
 */
export function lineageSvg(nodes: DocNode[], dictionaryHref = 'data-dictionary.html'): string {
  const col = columns(nodes);
  const nCols = Math.max(0, ...col.values()) + 1;
  const stacks: DocNode[][] = Array.from({ length: nCols }, () => []);
  for (const n of nodes) stacks[col.get(n.name)!].push(n);

  const boxes = new Map<string, Box>();
  let x = PAD;
  for (const [c, stack] of stacks.entries()) {
    const parentsY = (n: DocNode) => {
      const ys = n.dependsOn.map((d) => boxes.get(d)?.y).filter((y): y is number => y !== undefined);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0;
    };
    if (c > 0) stack.sort((a, b) => parentsY(a) - parentsY(b) || a.name.localeCompare(b.name));
    const w = Math.max(...stack.map((n) => n.name.length * CHAR + 20));
    stack.forEach((node, i) => boxes.set(node.name, { node, col: c, x, y: PAD + 24 + i * (BOX_H + ROW_GAP), w }));
    x += w + COL_GAP;
  }
  const width = Math.max(x - COL_GAP + PAD, 200);
  const height = PAD * 2 + 24 + Math.max(...stacks.map((s) => s.length)) * (BOX_H + ROW_GAP);

  // Edges leave and enter at spread-out points, ordered by the other end's height, so
  // several edges into one box stay apart instead of meeting at its middle.
  const port = (list: string[], name: string, box: Box) =>
    box.y + (BOX_H * (list.indexOf(name) + 1)) / (list.length + 1);
  const byY = (names: string[]) => names.filter((n) => boxes.has(n)).sort((a, b) => boxes.get(a)!.y - boxes.get(b)!.y);
  const edges: string[] = [];
  for (const b of boxes.values()) {
    const inputs = byY(b.node.dependsOn);
    for (const dep of inputs) {
      const from = boxes.get(dep)!;
      const outputs = byY(from.node.usedBy);
      const y1 = outputs.includes(b.node.name) ? port(outputs, b.node.name, from) : from.y + BOX_H / 2;
      const [x1, x2, y2] = [from.x + from.w, b.x, port(inputs, dep, b)];
      const bend = Math.max(30, (x2 - x1) / 2);
      edges.push(`<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2 - 6},${y2}" marker-end="url(#arrow)"/>`);
    }
  }
  const boxSvg = [...boxes.values()].map((b) => {
    const [fill, stroke] = colours[b.node.layer];
    const label = escapeHtml(b.node.name);
    const tip = escapeHtml(`${b.node.name} (${b.node.layer}): ${b.node.description}`);
    // The link is named by its table alone; the title is its description (and tooltip).
    return `<a href="${dictionaryHref}#${label}" aria-label="${label}"><title>${tip}</title>` +
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${BOX_H}" rx="5" fill="${fill}" stroke="${stroke}"/>` +
      `<text x="${b.x + 10}" y="${b.y + BOX_H / 2 + FONT / 3}">${label}</text></a>`;
  });
  const legend = (Object.keys(colours) as DocNode['layer'][]).map((layer, i) => {
    const [fill, stroke] = colours[layer];
    const lx = PAD + i * 120;
    return `<rect x="${lx}" y="${PAD - 8}" width="14" height="14" rx="3" fill="${fill}" stroke="${stroke}"/><text x="${lx + 20}" y="${PAD + 3}">${layer}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="lineage-title" aria-describedby="lineage-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${FONT}">
<title id="lineage-title">Model lineage</title>
<desc id="lineage-desc">${nodes.length} sources, seeds and models; an arrow from A to B means B reads A. The data dictionary lists the same dependencies as text.</desc>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
<rect width="100%" height="100%" fill="#ffffff"/>
<g fill="#1a1a1a">${legend.join('')}</g>
<g fill="none" stroke="#777" stroke-width="1.2">${edges.join('\n')}</g>
<g fill="#1a1a1a">${boxSvg.join('\n')}</g>
</svg>
`;
}
