// Adds bad rows among the clean ones: after each clean row, with probability `share`, a
// copy of it with one defect (dirtyKinds.ts). Kinds not yet used are preferred, and any
// kind still unused at the end is added from a remembered template, so every reject
// class appears whenever share > 0. Each injected row is listed in dirty_rows.json with
// the line the pipeline will report. Its own random stream leaves the clean rows exactly
// as a clean run with the same seed writes them.
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileSpec, type FileName } from '../pipeline/contract/contract.ts';
import { dirtyKinds, freshKey, type DirtyKind, type ReasonClass } from './dirtyKinds.ts';
import { Prng } from './Prng.ts';
import type { Row, RowWriter } from './RowWriter.ts';

export interface DirtyRow {
  /** The file as named in the extract folder, e.g. `events.csv`. */
  file: string;
  table: FileName;
  /** The line the pipeline reports: 1-based with the header as line 1 for CSV; the row number for Parquet and JSON Lines. */
  line: number;
  /** The column at fault; for duplicate_key the first key column (the value shows the whole key). */
  column: string;
  reason_class: ReasonClass;
  /** The bad value as written (null when the defect is an empty value); for duplicate_key the key values joined with ', '. */
  value: string | null;
  /** duplicate_key only: the line of the earlier row it repeats. */
  repeats_line?: number;
}

const kindsByFile = new Map<FileName, DirtyKind[]>();
for (const k of dirtyKinds) kindsByFile.set(k.file, [...(kindsByFile.get(k.file) ?? []), k]);

export class DirtyInjector {
  private rng: Prng;
  private used = new Set<DirtyKind>();
  private templates = new Map<DirtyKind, { row: Row; rowNumber: number }>();
  private n = 0;
  private fd: number;
  private buffer: string[] = [];
  count = 0;
  readonly byFile: Partial<Record<FileName, number>> = {};

  constructor(
    seed: number,
    private share: number,
    private today: string,
    private fileName: (f: FileName) => string,
    /** CSV counts the header as line 1; Parquet and JSON Lines number rows from 1. */
    private lineOffset: number,
    manifestPath: string,
  ) {
    this.rng = new Prng((seed ^ 0xd1e7d1e7) >>> 0);
    this.fd = openSync(manifestPath, 'w');
    writeSync(this.fd, '[');
  }

  /** Called after each clean row is written. */
  afterRow(file: FileName, row: Row, rowNumber: number, writer: RowWriter) {
    const kinds = kindsByFile.get(file);
    if (!kinds) return;
    if (this.rng.next() < this.share) {
      const fits = kinds.filter((k) => !k.applies || k.applies(row));
      const fresh = fits.filter((k) => !this.used.has(k));
      const kind = this.rng.pick(fresh.length ? fresh : fits);
      if (kind) return this.inject(kind, row, rowNumber, writer);
    }
    // Remember a template for each kind still unused (rows that got a dirty copy are not templates).
    for (const k of kinds) if (!this.used.has(k) && (!k.applies || k.applies(row))) this.templates.set(k, { row, rowNumber });
  }

  /** Adds one row of every kind not yet used (for small extracts or tiny shares). */
  /** Returns the kinds that had no row to copy, as `file.column reason_class`. */
  finish(writers: Map<FileName, RowWriter>): string[] {
    const missing: string[] = [];
    // A row left as template for several kinds serves each; `reuse` keeps their keys apart.
    const uses = new Map<Row, number>();
    for (const k of dirtyKinds) {
      if (this.used.has(k)) continue;
      const t = this.templates.get(k);
      if (!t) {
        missing.push(`${k.file}.${k.column} ${k.reason}`);
        continue;
      }
      const reuse = uses.get(t.row) ?? 0;
      uses.set(t.row, reuse + 1);
      this.inject(k, t.row, t.rowNumber, writers.get(k.file)!, reuse);
    }
    writeSync(this.fd, this.buffer.join('') + (this.count ? '\n]\n' : ']\n'));
    closeSync(this.fd);
    return missing;
  }

  private inject(kind: DirtyKind, template: Row, templateRow: number, writer: RowWriter, reuse = 0) {
    this.used.add(kind);
    const n = ++this.n;
    const ctx = { n, today: this.today, pick: <T>(xs: readonly T[]) => this.rng.pick(xs) };
    const changed = kind.change(template, ctx);
    const row: Row = kind.reason === 'duplicate_key' ? { ...template } : { ...template, ...changed, ...freshKey(kind.file, template, changed, n, reuse) };
    const rowNumber = writer.write(row);
    const key = fileSpec(kind.file).primaryKey;
    const entry: DirtyRow = {
      file: this.fileName(kind.file),
      table: kind.file,
      line: rowNumber + this.lineOffset,
      column: kind.column,
      reason_class: kind.reason,
      value: kind.reason === 'duplicate_key' ? key.map((c) => String(row[c] ?? '')).join(', ') : (row[kind.column] ?? null) === null ? null : String(row[kind.column]),
    };
    if (kind.reason === 'duplicate_key') entry.repeats_line = templateRow + this.lineOffset;
    this.buffer.push(`${this.count ? ',' : ''}\n${JSON.stringify(entry)}`);
    this.count++;
    this.byFile[kind.file] = (this.byFile[kind.file] ?? 0) + 1;
    if (this.buffer.length >= 4096) {
      writeSync(this.fd, this.buffer.join(''));
      this.buffer = [];
    }
  }
}
