import type { FileSpec } from '../contract/contract.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { ExtractError } from '../extract/ExtractError.ts';

/**
 * An extract file seen as text: `relation` is SQL usable after FROM that yields every
 * contract column as VARCHAR (NULL where the file lacks the column) and, when
 * `lineColumn` is true, `_line`: where the row starts in the file (1-based, header =
 * line 1 for CSV; the line or row number for JSON Lines and Parquet). When it is false
 * the rows come in file order, one line each, and the line is the row's position + 2;
 * `confirm` then checks that against the file and may give an exact source instead.
 */
export interface RawSource {
  file: ExtractFile;
  spec: FileSpec;
  relation: string;
  lineColumn: boolean;
  /** Rows read before the relation (structurally broken rows rejected by the reader). */
  rowsRejectedByReader: number;
  /** Columns in the file that the contract does not know: kept in a warning. */
  unknownColumns: string[];
  /** Given the rows DuckDB read, true when position-based lines are exact. */
  confirm?: (rows: number) => Promise<boolean>;
  /**
   * A slower source with exact lines, for when DuckDB's reader fails on the file or
   * `confirm` says no. Throws an ExtractError when the failure means the file cannot be
   * read at all (wrong encoding).
   */
  fallback?: (failure?: unknown) => Promise<RawSource>;
  /** Remove scratch tables or files behind the relation. */
  dispose?: () => Promise<void>;
}

/** A row rejected before column checks could run (a ragged CSV row, a line that is not JSON). */
export interface StructuralReject {
  line: number;
  column: string;
  value: string | null;
  reason: string;
  /** The reason without anything from the row (see Check.rule). */
  rule: string;
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
  /**
   * The SELECT list of a raw source: every contract column, as text, from the file's
   * column at its position (`valueOf`), or NULL where the file lacks it.
   */
  const selectColumns = (valueOf: (position: number) => string) =>
    spec.columns
      .map((c, i) => `${positions[i] >= 0 ? valueOf(positions[i]) : 'NULL::VARCHAR'} AS ${quoteIdent(c.name)}`)
      .join(', ');
  return { positions, unknownColumns, selectColumns };
}
