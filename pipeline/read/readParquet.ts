import type { FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { ExtractError } from '../extract/ExtractError.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { matchHeader, quoteIdent, quoteLiteral, type RawTable } from './RawTable.ts';

/**
 * Reads a Parquet file into a raw text table. Every value is cast to text so the same
 * checks apply whatever types the producer chose; `_line` is the 1-based row number.
 */
export async function readParquet(db: Database, file: ExtractFile, spec: FileSpec, table: string): Promise<RawTable> {
  let header: string[];
  try {
    header = (await db.describe(`SELECT * FROM read_parquet(${quoteLiteral(file.path)})`)).map((c) => c.name);
  } catch (e) {
    throw new ExtractError(`is not a readable Parquet file (${firstLine(e)})`, file.fileName);
  }
  const { positions, unknownColumns } = matchHeader(spec, file.fileName, header);
  const cols = spec.columns
    .map((c, i) => `${positions[i] >= 0 ? `CAST(${quoteIdent(header[positions[i]])} AS VARCHAR)` : 'NULL::VARCHAR'} AS ${quoteIdent(c.name)}`)
    .join(', ');
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
      SELECT file_row_number + 1 AS _line, ${cols}
      FROM read_parquet(${quoteLiteral(file.path)}, file_row_number = true)`);
  } catch (e) {
    throw new ExtractError(`could not be read (${firstLine(e)})`, file.fileName);
  }
  const { n } = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!;
  return { file, spec, table, rowsRead: n, unknownColumns };
}

export const firstLine = (e: unknown) => String((e as Error).message ?? e).split('\n')[0];
