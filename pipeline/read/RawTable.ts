import type { FileSpec } from '../contract/contract.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { ExtractError } from '../extract/ExtractError.ts';

/**
 * An extract file read as text: a temp table with `_line` (where the row starts in the
 * file, 1-based, header = line 1 for CSV; the line or row number for JSON Lines and
 * Parquet) and every contract column as VARCHAR (NULL where the file lacks the column).
 */
export interface RawTable {
  file: ExtractFile;
  spec: FileSpec;
  table: string;
  /** Data rows read (structurally broken rows included: they are rejected, not lost). */
  rowsRead: number;
  /** Columns in the file that the contract does not know: kept in a warning. */
  unknownColumns: string[];
}

/** A row rejected before column checks could run (a ragged CSV row, a line that is not JSON). */
export interface StructuralReject {
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Header names are matched to the contract case-insensitively, ignoring surrounding spaces. */
export function matchHeader(spec: FileSpec, fileName: string, header: string[]) {
  const normal = header.map((h) => h.trim().toLowerCase());
  const seen = new Map<string, number>();
  normal.forEach((h, i) => {
    if (seen.has(h)) throw new ExtractError(`column "${header[i]}" appears twice in the header`, fileName);
    seen.set(h, i);
  });
  const missing = spec.columns.filter((c) => c.required && !seen.has(c.name)).map((c) => c.name);
  if (missing.length) {
    throw new ExtractError(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has: ${header.join(', ') || 'nothing'})`,
      fileName,
    );
  }
  const known = new Set(spec.columns.map((c) => c.name));
  const unknownColumns = header.filter((_, i) => !known.has(normal[i]));
  /** For each contract column, its position in the file, or -1. */
  const positions = spec.columns.map((c) => seen.get(c.name) ?? -1);
  return { positions, unknownColumns };
}
