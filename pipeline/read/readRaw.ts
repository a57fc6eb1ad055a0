import type { FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import type { RawSource, StructuralReject } from './RawTable.ts';
import { readCsv } from './readCsv.ts';
import { readJsonLines } from './readJsonLines.ts';
import { readParquet } from './readParquet.ts';

/** Reads any extract file as a raw text source, choosing the reader by the file's extension. */
export function readRaw(
  db: Database,
  file: ExtractFile,
  spec: FileSpec,
  scratchDir: string,
  rejects: StructuralReject[],
): Promise<RawSource> {
  const table = `raw_${spec.name}`;
  switch (file.format) {
    case 'csv':
    case 'csv.gz':
      return readCsv(db, file, spec, table, scratchDir, rejects);
    case 'parquet':
      return readParquet(db, file, spec);
    case 'jsonl':
      return readJsonLines(db, file, spec, table, rejects);
  }
}
