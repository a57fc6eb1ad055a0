import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDocs } from '../../models/core/docs.ts';
import { loadProject } from '../../models/core/loadProject.ts';
import { buildModels } from '../../models/core/build.ts';
import { createSources } from './helpers/createSources.ts';
import { withDatabase } from './helpers/withDatabase.ts';

describe('docs', () => {
  it('writes a dictionary with every model and column, and a lineage SVG naming every model', async () => {
    const out = mkdtempSync(join(tmpdir(), 'docs-'));
    const project = await loadProject();
    const files = await writeDocs(out, { project });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['data-dictionary.md', 'data-dictionary.html', 'lineage.svg']);
    const md = readFileSync(join(out, 'data-dictionary.md'), 'utf8');
    const html = readFileSync(join(out, 'data-dictionary.html'), 'utf8');
    const svg = readFileSync(join(out, 'lineage.svg'), 'utf8');
    const nodes = [...project.models.map((m) => [m.definition.name, m.definition.columns] as const), ...project.seeds.map((s) => [s.table, s.definition.columns] as const)];
    for (const [name, columns] of nodes) {
      expect(md).toContain(`### ${name}`);
      expect(html).toContain(`<h3 id="h-${name}">${name}</h3>`);
      expect(svg).toContain(`>${name}</text>`);
      for (const col of Object.keys(columns)) {
        expect(md).toContain(`| \`${col}\` |`);
        expect(html).toContain(`<code>${col}</code>`);
      }
    }
    expect(md).toContain('- **Grain:** one row per episode');
    expect(md).toContain('- **Depends on:** [int_episodes](#int_episodes)');
    expect(svg).toContain('>families</text>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="lineage-title"')).toBe(true);
    // Each box is a link to its entry, named by the table.
    expect(svg).toContain('<a href="data-dictionary.html#mart_episodes" aria-label="mart_episodes"><title>mart_episodes (marts): ');
    expect(html).toMatch(/<html lang="en-GB">/);
  });

  it('documents every table the pipeline writes, the load records no model reads included; a selection only the sources it reads', async () => {
    const project = await loadProject();
    const all = mkdtempSync(join(tmpdir(), 'docs-'));
    await writeDocs(all, { project });
    const md = readFileSync(join(all, 'data-dictionary.md'), 'utf8');
    const svg = readFileSync(join(all, 'lineage.svg'), 'utf8');
    const loadRecords = ['rejects', 'loads', 'load_files'];
    for (const name of loadRecords) {
      const source = project.sources.find((s) => s.name === name)!;
      expect(md).toContain(`### ${name}`);
      expect(svg).toContain(`>${name}</text>`);
      for (const [col, c] of Object.entries(source.columns)) {
        expect(c.description.length, `${name}.${col}`).toBeGreaterThan(5);
        expect(md).toContain(`| \`${col}\` | ${c.type} | ${c.description} |`);
      }
    }
    expect(md).toContain('| `rule` | VARCHAR |');
    const some = mkdtempSync(join(tmpdir(), 'docs-'));
    await writeDocs(some, { project, select: 'stg_episodes' });
    const selected = readFileSync(join(some, 'data-dictionary.md'), 'utf8');
    expect(selected).toContain('### episodes');
    for (const name of loadRecords) expect(selected).not.toContain(`### ${name}`);
  });

  it('shows column types of a built database', async () => {
    await withDatabase(async (db) => {
      await createSources(db);
      await buildModels(db, { select: '+mart_episodes' });
      const out = mkdtempSync(join(tmpdir(), 'docs-'));
      await writeDocs(out, { select: '+mart_episodes', db });
      const md = readFileSync(join(out, 'data-dictionary.md'), 'utf8');
      expect(md).toContain('| `days_open` | INTEGER |');
      expect(md).toContain('| `referral_on` | DATE |');
      expect(md).not.toContain('### seed_headlines');
    });
  });

  it('escapes descriptions in HTML and SVG', async () => {
    const out = mkdtempSync(join(tmpdir(), 'docs-'));
    const project = await loadProject();
    await writeDocs(out, { project, select: 'stg_episodes' });
    const html = readFileSync(join(out, 'data-dictionary.html'), 'utf8');
    expect(html).toContain('Locality recorded on the episode; null means the family&#39;s');
  });
});
