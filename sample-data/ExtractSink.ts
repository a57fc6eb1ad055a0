// Where generated rows go: one CSV writer per contract file, with the optional dirty
// injector watching every clean row.
import { join } from 'node:path';
import { fileSpec, loadOrder, type FileName } from '../pipeline/contract/contract.ts';
import type { DirtyInjector } from './DirtyInjector.ts';
import type { Sink } from './Gen.ts';
import { RowWriter, type Row } from './RowWriter.ts';

export class ExtractSink implements Sink {
  readonly writers = new Map<FileName, RowWriter>();
  dirty: DirtyInjector | null = null;

  constructor(dir: string, csvName: (f: FileName) => string) {
    for (const name of loadOrder) {
      this.writers.set(name, new RowWriter(join(dir, csvName(name)), fileSpec(name).columns.map((c) => c.name)));
    }
  }

  write(file: FileName, row: Row) {
    const w = this.writers.get(file)!;
    const n = w.write(row);
    if (this.dirty) this.dirty.afterRow(file, row, n, w);
  }

  rows(): Record<FileName, number> {
    return Object.fromEntries([...this.writers].map(([name, w]) => [name, w.rows])) as Record<FileName, number>;
  }

  close() {
    for (const w of this.writers.values()) w.close();
  }
}
