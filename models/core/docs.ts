import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../pipeline/db/database.ts';
import { dictionaryHtml } from './dictionaryHtml.ts';
import { dictionaryMarkdown } from './dictionaryMarkdown.ts';
import { collectDocNodes } from './DocNode.ts';
import { lineageSvg } from './lineageSvg.ts';
import { preparePlan, type RunOptions } from './preparePlan.ts';

export interface DocsOptions extends RunOptions {
  /** A built database, to show each model's column types. */
  db?: Database;
}

/** Writes data-dictionary.md, data-dictionary.html and lineage.svg into `outDir`; returns their paths. */
export async function writeDocs(outDir: string, options: DocsOptions = {}): Promise<string[]> {
  const { plan, selected } = await preparePlan(options);
  const nodes = await collectDocNodes(plan, selected, options.db);
  const scope = options.select ? `selection: ${[options.select].flat().join(' ')}` : 'all models';
  const svg = lineageSvg(nodes);
  const files: [string, string][] = [
    ['data-dictionary.md', dictionaryMarkdown(nodes, scope)],
    ['data-dictionary.html', dictionaryHtml(nodes, svg, scope)],
    ['lineage.svg', svg],
  ];
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}
