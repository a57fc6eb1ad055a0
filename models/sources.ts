// The tables the pipeline writes, as staging models see them. Contract files take their
// columns and types from the contract itself; the load records follow
// pipeline/load/writeLoadRecords.ts.
import { files, sqlType, type FileName } from '../pipeline/contract/contract.ts';
import type { SourceDefinition } from './core/SourceDefinition.ts';

export type SourceName = FileName | 'extract_manifest' | 'rejects' | 'loads' | 'load_files';

const contractSources: SourceDefinition[] = files.map((f) => ({
  name: f.name,
  description: f.description,
  columns: Object.fromEntries(f.columns.map((c) => [c.name, { type: sqlType(c.type), description: c.description }])),
}));

const col = (type: string, description: string) => ({ type, description });

const loadSources: SourceDefinition[] = [
  {
    name: 'extract_manifest',
    description: 'The extract behind the current load; extracted_on is "today" for every as-of rule.',
    grain: 'one row: the latest load',
    columns: {
      load_id: col('INTEGER', 'The load that wrote it'),
      extracted_on: col('DATE', 'Date the extract was taken (manifest, else the latest date in the extract)'),
      authority: col('VARCHAR', 'Local authority named in the manifest'),
      extract_dir: col('VARCHAR', 'Folder the extract was read from'),
      loaded_at: col('TIMESTAMPTZ', 'When the load finished'),
    },
  },
  {
    name: 'rejects',
    description:
      'Rows of the latest load that broke the data contract and were not loaded (the rejects file beside the database holds the same rows). ' +
      'The values are as the extract had them, identifiers included: group by file, "column" and rule to count problems without them.',
    grain: 'one row per check a rejected row failed (a row that fails two checks appears twice)',
    columns: {
      load_id: col('INTEGER', 'The load (loads.load_id); only the latest load\'s rejects are kept'),
      load_order: col('INTEGER', 'Position of the file in the load order (parents before children)'),
      file: col('VARCHAR', 'Extract file, e.g. people.csv'),
      line: col('BIGINT', 'Line in the file where the row starts (header is line 1; the row number for Parquet)'),
      column: col('VARCHAR', 'Offending column; empty when the row could not be split into columns'),
      value: col('VARCHAR', 'Offending value as the file had it; may be personal data or a case-system identifier'),
      reason: col('VARCHAR', 'Why the row was rejected, naming the offending value, e.g. imd_decile 11 is outside 1-10'),
      rule: col(
        'VARCHAR',
        'The same reason without any value from the row, e.g. imd_decile is outside 1-10, so rejects of one kind group together. Not in a database loaded before the pipeline recorded it: load again',
      ),
    },
  },
  {
    name: 'loads',
    description: 'Every load into this database file, kept across loads: when, from which extract, and how many rows were read, loaded and rejected.',
    grain: 'one row per load',
    columns: {
      load_id: col('INTEGER', 'Load number, 1 for the first load into the file'),
      started_at: col('TIMESTAMPTZ', 'When the load started'),
      finished_at: col('TIMESTAMPTZ', 'When the rows were loaded and the load recorded (before the models were built)'),
      extract_dir: col('VARCHAR', 'Folder the extract was read from'),
      extracted_on: col('DATE', 'Extract date (manifest, else the latest date in the extract)'),
      authority: col('VARCHAR', 'Local authority named in the manifest'),
      rows_read: col('BIGINT', 'Rows read from every file of the extract'),
      rows_loaded: col('BIGINT', 'Rows loaded (inserted or replacing an earlier row with the same key)'),
      rows_rejected: col('BIGINT', 'Rows rejected (each counted once, however many checks it failed)'),
      warnings: col('VARCHAR[]', 'Warnings about the extract: files not in the contract, unknown columns'),
    },
  },
  {
    name: 'load_files',
    description: 'Every file of every load, kept across loads: the freshness of each source and where rejects came from.',
    grain: 'one row per file per load',
    columns: {
      load_id: col('INTEGER', 'The load (loads.load_id)'),
      file: col('VARCHAR', 'Extract file, e.g. events.csv'),
      format: col('VARCHAR', 'csv, csv.gz, parquet or jsonl (from the file extension)'),
      rows_read: col('BIGINT', 'Rows read from the file'),
      rows_loaded: col('BIGINT', 'Rows loaded from the file'),
      rows_rejected: col('BIGINT', 'Rows of the file rejected (see rejects)'),
      unknown_columns: col('VARCHAR[]', 'Columns not in the contract, not loaded (kept as a warning)'),
    },
  },
];

export const sources: readonly SourceDefinition[] = [...contractSources, ...loadSources];
