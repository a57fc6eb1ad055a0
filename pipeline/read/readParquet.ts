import type { FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { ExtractError } from '../extract/ExtractError.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { matchHeader, quoteIdent, quoteLiteral, type RawSource } from './RawTable.ts';

/**
 * Reads a Parquet file as a raw text source. Every value is cast to text so the same
 * checks apply whatever types the producer chose; `_line` is the 1-based row number.
 */
export async function readParquet(db: Database, file: ExtractFile, spec: FileSpec): Promise<RawSource> {
  let header: string[];
  try {
    header = (await db.describe(`SELECT * FROM read_parquet(${quoteLiteral(file.path)})`)).map((c) => c.name);
  } catch (e) {
    throw new ExtractError(`is not a readable Parquet file (${firstLine(e)})`, file.fileName);
  }
  const { unknownColumns, selectColumns } = matchHeader(spec, file.fileName, header);
  const cols = selectColumns((p) => `CAST(${quoteIdent(header[p])} AS VARCHAR)`);
  return {
    file,
    spec,
    unknownColumns,
    lineColumn: true,
    rowsRejectedByReader: 0,
    relation: `(SELECT file_row_number + 1 AS _line, ${cols} FROM read_parquet(${quoteLiteral(file.path)}, file_row_number = true))`,
  };
}

export const firstLine = (e: unknown) => String((e as Error).message ?? e).split('\n')[0];
