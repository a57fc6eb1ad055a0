// The programmatic entry point: writes a complete extract (every contract file,
// manifest.json, and dirty_rows.json when bad rows are asked for) and says how many rows
// went into each file. Same options, same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrder, type FileName } from '../pipeline/contract/contract.ts';
import { areaMeasures } from './areaMeasures.ts';
import { convertFormat, formats, type Format } from './convertFormat.ts';
import { DirtyInjector } from './DirtyInjector.ts';
import { ExtractSink } from './ExtractSink.ts';
import { Gen } from './Gen.ts';
import { makeFamily } from './makeFamily.ts';
import { makeWorkers } from './makeWorkers.ts';
import { authority, defaultExtractedOn, yearsOfWork } from './setting.ts';

export type { Format };

export interface GenerateOptions {
  /** Folder to write into (created if missing; earlier extract files in it are replaced). */
  out: string;
  /** Families to generate (default 3000, about a county-year of work each year). */
  families?: number;
  /** Seed of the random streams (default 1). */
  seed?: number;
  /** 0-1: about this many bad rows per clean row, covering every reject class (default 0). */
  dirty?: number;
  format?: Format;
  /** The extract date, YYYY-MM-DD (default 2025-06-30); referrals span the 3 years before it. */
  extractedOn?: string;
  /** Called every 1000 families and after the last. */
  onProgress?: (familiesDone: number, families: number) => void;
}

export interface ExtractSummary {
  out: string;
  format: Format;
  families: number;
  seed: number;
  extractedOn: string;
  /** Rows written per file, bad rows included. */
  rows: Record<FileName, number>;
  /** Bad rows injected per file (all zero for a clean extract). */
  dirtyRows: Record<FileName, number>;
  /** Bad-row kinds (`file.column reason_class`) not injected for want of a clean row to copy (tiny extracts only). */
  dirtyClassesMissing: string[];
  seconds: number;
}

const clock = () => performance.now() / 1000;

export async function generateExtract(options: GenerateOptions): Promise<ExtractSummary> {
  const started = clock();
  const families = options.families ?? 3000;
  const seed = options.seed ?? 1;
  const dirty = options.dirty ?? 0;
  const format = options.format ?? 'csv';
  const extractedOn = options.extractedOn ?? defaultExtractedOn;
  if (!Number.isInteger(families) || families < 1) throw new Error(`families must be a whole number of at least 1 (got ${families})`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${seed})`);
  if (!(dirty >= 0 && dirty <= 1)) throw new Error(`dirty must be between 0 and 1 (got ${dirty})`);
  if (!formats.includes(format)) throw new Error(`format must be one of ${formats.join(', ')} (got ${format})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(extractedOn) || Number.isNaN(Date.parse(extractedOn))) {
    throw new Error(`extractedOn must be a date like 2025-06-30 (got ${extractedOn})`);
  }

  const out = options.out;
  mkdirSync(out, { recursive: true });
  // Only one file per table may be present (the pipeline refuses two): clear any earlier extract.
  for (const name of loadOrder) for (const f of formats) rmSync(join(out, `${name}.${f}`), { force: true });
  rmSync(join(out, 'dirty_rows.json'), { force: true });

  const fileName = (f: FileName) => `${f}.${format}`;
  const csvName = (f: FileName) => (format === 'csv' ? `${f}.csv` : `.${f}.generating.csv`);
  const sink = new ExtractSink(out, csvName);
  if (dirty > 0) {
    sink.dirty = new DirtyInjector(seed, dirty, extractedOn, fileName, format === 'csv' || format === 'csv.gz' ? 1 : 0, join(out, 'dirty_rows.json'));
  }
  let dirtyClassesMissing: string[] = [];
  try {
    const { teams, rows: workers } = makeWorkers(seed, families);
    for (const w of workers) sink.write('workers', w);
    const g = new Gen(sink, seed, extractedOn, teams, yearsOfWork);
    for (let i = 0; i < families; i++) {
      makeFamily(g, i);
      if ((i + 1) % 1000 === 0 || i + 1 === families) options.onProgress?.(i + 1, families);
    }
    areaMeasures(g, families);
    if (sink.dirty) dirtyClassesMissing = sink.dirty.finish(sink.writers);
  } finally {
    sink.close();
  }
  const rows = sink.rows();

  if (format !== 'csv') {
    const jobs = loadOrder.map((name) => ({ name, csvPath: join(out, csvName(name)), outPath: join(out, fileName(name)) }));
    try {
      await convertFormat(format, jobs);
    } finally {
      for (const j of jobs) rmSync(j.csvPath, { force: true });
    }
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify({ extracted_on: extractedOn, authority }, null, 2)}\n`);

  const dirtyRows = Object.fromEntries(loadOrder.map((f) => [f, sink.dirty?.byFile[f] ?? 0])) as Record<FileName, number>;
  return { out, format, families, seed, extractedOn, rows, dirtyRows, dirtyClassesMissing, seconds: Math.round((clock() - started) * 100) / 100 };
}
