// Streams one extract file to disk in ~1 MB chunks so memory stays flat however many
// families are generated. Writes are synchronous: the generator is CPU-bound and a
// blocking write of a full chunk is the simplest form of backpressure.
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvLine, type Cell } from './csvLine.ts';

const CHUNK = 1 << 20;

export type Row = Record<string, Cell>;

export class RowWriter {
  private fd: number;
  private parts: string[] = [];
  private pending = 0;
  /** Data rows written (header excluded). */
  rows = 0;

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
  ) {
    this.fd = openSync(path, 'w');
    this.push(csvLine(columns));
  }

  /** Writes a row; columns not in the row are empty. Returns its 1-based data row number. */
  write(row: Row): number {
    const values: Cell[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) values[i] = row[this.columns[i]];
    this.push(csvLine(values));
    return ++this.rows;
  }

  private push(s: string) {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= CHUNK) this.flush();
  }

  flush() {
    if (!this.parts.length) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}
