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
    description: 'Rows of the latest load that broke the data contract and were not loaded.',
    columns: {
      load_id: col('INTEGER', 'The load'),
      load_order: col('INTEGER', 'Position of the file in the load order'),
      file: col('VARCHAR', 'Extract file'),
      line: col('BIGINT', 'Line in the file (header is line 1)'),
      column: col('VARCHAR', 'Offending column'),
      value: col('VARCHAR', 'Offending value'),
      reason: col('VARCHAR', 'Why the row was rejected'),
    },
  },
  {
    name: 'loads',
    description: 'One row per load: when, from where, and how many rows were read, loaded and rejected.',
    columns: {
      load_id: col('INTEGER', 'Load number'),
      started_at: col('TIMESTAMPTZ', 'Start'),
      finished_at: col('TIMESTAMPTZ', 'End'),
      extract_dir: col('VARCHAR', 'Folder the extract was read from'),
      extracted_on: col('DATE', 'Extract date'),
      authority: col('VARCHAR', 'Local authority'),
      rows_read: col('BIGINT', 'Rows read'),
      rows_loaded: col('BIGINT', 'Rows loaded'),
      rows_rejected: col('BIGINT', 'Rows rejected'),
      warnings: col('VARCHAR[]', 'Warnings about the extract'),
    },
  },
  {
    name: 'load_files',
    description: 'One row per file per load, for the freshness of each source.',
    columns: {
      load_id: col('INTEGER', 'Load number'),
      file: col('VARCHAR', 'Extract file'),
      format: col('VARCHAR', 'csv, parquet or jsonl'),
      rows_read: col('BIGINT', 'Rows read'),
      rows_loaded: col('BIGINT', 'Rows loaded'),
      rows_rejected: col('BIGINT', 'Rows rejected'),
      unknown_columns: col('VARCHAR[]', 'Columns not in the contract (kept as a warning)'),
    },
  },
];

export const sources: readonly SourceDefinition[] = [...contractSources, ...loadSources];
