import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { Database, type Value } from '../../../pipeline/db/database.ts';
import type { Column } from '../runQuery.ts';
import { timestampText } from './cellText.ts';
import type { ExportWriter } from './ExportFile.ts';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

function jsonValue(v: Value | undefined): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return timestampText(v);
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/**
 * Parquet, written by DuckDB so the file has DuckDB's own types (DATE, TIMESTAMP, BIGINT,
 * DOUBLE, ...). The served database is read-only with file access switched off, so the
 * rows (already filtered and pseudonymised by runQuery) go through a separate in-memory
 * DuckDB that may touch files: they are written as JSON Lines into the server's scratch
 * folder, read back with the exact column types, and COPYed to Parquet there. Only SQL
 * built here runs on it, on file names made here. Both temporary files are removed.
 */
export function parquetWriter(scratchDir: string): ExportWriter {
  return async (result) => {
    await mkdir(scratchDir, { recursive: true, mode: 0o700 });
    const base = join(scratchDir, `export-${randomUUID()}`);
    const jsonl = `${base}.jsonl`;
    const parquet = `${base}.parquet`;
    const db = await Database.open(':memory:', { threads: 2 });
    try {
      await writeJsonLines(jsonl, result.columns, result.rows);
      const columns = result.columns.map((c) => `${quote(c.name)}: ${quote(c.type)}`).join(', ');
      const select = result.columns.map((c) => `"${c.name.replaceAll('"', '""')}"`).join(', ');
      await db.run(
        `COPY (SELECT ${select} FROM read_json(${quote(jsonl)}, format = 'newline_delimited', columns = {${columns}}))
         TO ${quote(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      const body = await readFile(parquet);
      return { body, contentType: 'application/vnd.apache.parquet', extension: 'parquet' };
    } finally {
      db.close();
      await rm(jsonl, { force: true });
      await rm(parquet, { force: true });
    }
  };
}

async function writeJsonLines(path: string, columns: Column[], rows: Record<string, Value>[]): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  for (const r of rows) {
    const line: Record<string, unknown> = {};
    for (const c of columns) line[c.name] = jsonValue(r[c.name]);
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
