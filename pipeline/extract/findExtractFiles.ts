import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { files, type FileName } from '../contract/contract.ts';
import { ExtractError } from './ExtractError.ts';

export type Format = 'csv' | 'csv.gz' | 'parquet' | 'jsonl';
const formats: Format[] = ['csv', 'csv.gz', 'parquet', 'jsonl'];

export interface ExtractFile {
  name: FileName;
  /** The file name inside the extract folder, as shown in rejects. */
  fileName: string;
  path: string;
  format: Format;
}

export interface ExtractFiles {
  dir: string;
  files: ExtractFile[];
  mappingsPath?: string;
  manifestPath?: string;
  /** Files in the folder that are not part of the contract; reported, not read. */
  ignored: string[];
}

/** The pipeline decides the format by file extension (data contract). */
export function findExtractFiles(dir: string): ExtractFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ExtractError(`extract folder ${dir} does not exist`);
  const entries = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
  const found: ExtractFile[] = [];
  const used = new Set<string>();
  for (const spec of files) {
    const matches = formats
      .map((format) => ({ format, fileName: `${spec.name}.${format}` }))
      .filter((m) => entries.includes(m.fileName));
    if (matches.length > 1) {
      throw new ExtractError(
        `${matches.map((m) => m.fileName).join(' and ')} are both present; keep one file per table`,
      );
    }
    if (matches.length === 0) {
      if (spec.required) {
        throw new ExtractError(
          `required file ${spec.name} is missing from ${dir} (expected ${spec.name}.csv, .csv.gz, .parquet or .jsonl)`,
        );
      }
      continue;
    }
    const [m] = matches;
    used.add(m.fileName);
    found.push({ name: spec.name, fileName: m.fileName, path: join(dir, m.fileName), format: m.format });
  }
  const mappingsPath = entries.includes('mappings.csv') ? join(dir, 'mappings.csv') : undefined;
  const manifestPath = entries.includes('manifest.json') ? join(dir, 'manifest.json') : undefined;
  if (mappingsPath) used.add('mappings.csv');
  if (manifestPath) used.add('manifest.json');
  const ignored = entries.filter((f) => !used.has(f) && !f.startsWith('.'));
  return { dir, files: found, mappingsPath, manifestPath, ignored };
}
