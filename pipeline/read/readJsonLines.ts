import type { FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { ExtractError } from '../extract/ExtractError.ts';
import type { ExtractFile } from '../extract/findExtractFiles.ts';
import { matchHeader, quoteLiteral, type RawSource, type StructuralReject } from './RawTable.ts';
import { firstLine } from './readParquet.ts';

/**
 * Reads a JSON Lines file as a raw text source. The file is split into lines in DuckDB
 * so every line keeps its number; a line that is not a JSON object is rejected with its
 * line number rather than failing the whole file. Blank lines are skipped.
 */
export async function readJsonLines(
  db: Database,
  file: ExtractFile,
  spec: FileSpec,
  table: string,
  rejects: StructuralReject[],
): Promise<RawSource> {
  const lines = `${table}_lines`;
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS
      SELECT _line, rtrim(l, chr(13)) AS j
      FROM (
        -- Two unnests in one SELECT are zipped: each line with its number. (A lateral
        -- join would repeat the whole file's text on every line.)
        SELECT unnest(range(1, len(parts) + 1))::BIGINT AS _line, unnest(parts) AS l
        FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text(${quoteLiteral(file.path)}))
      )
      WHERE trim(l) <> ''`);
    // CASE, not AND: DuckDB evaluates both sides of AND, and json_type fails on bad JSON.
    await db.run(`ALTER TABLE ${lines} ADD COLUMN ok BOOLEAN`);
    await db.run(`UPDATE ${lines} SET ok = CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' ELSE false END`);
  } catch (e) {
    const msg = firstLine(e);
    if (/unicode|utf-?8/i.test(msg)) throw new ExtractError('is not UTF-8 encoded; save it as UTF-8 and load again', file.fileName);
    throw new ExtractError(`could not be read (${msg})`, file.fileName);
  }
  const bad = await db.all<{ _line: number; j: string }>(
    `SELECT _line, left(j, 200) AS j FROM ${lines} WHERE NOT ok ORDER BY _line`,
  );
  const { total } = (await db.one<{ total: number }>(`SELECT count(*) AS total FROM ${lines}`))!;
  if (total > 0 && bad.length === total) {
    throw new ExtractError(`is not JSON Lines: no line is a JSON object (line ${bad[0]._line}: ${bad[0].j.slice(0, 60)})`, file.fileName);
  }
  for (const b of bad) rejects.push({ line: b._line, column: '', value: b.j, reason: 'line is not a JSON object', rule: 'line is not a JSON object' });

  const keys = (
    await db.all<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys(j)) AS k FROM ${lines} WHERE ok ORDER BY k`,
    )
  ).map((r) => r.k);
  const { unknownColumns, selectColumns } = matchHeader(spec, file.fileName, keys);
  const cols = selectColumns((p) => `json_extract_string(j, ${quoteLiteral(`$."${keys[p].replaceAll('"', '\\"')}"`)})`);
  return {
    file,
    spec,
    unknownColumns,
    lineColumn: true,
    rowsRejectedByReader: bad.length,
    relation: `(SELECT _line, ${cols} FROM ${lines} WHERE ok)`,
    dispose: () => db.run(`DROP TABLE ${lines}`),
  };
}
