import { fileSpec, sqlType, type FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { quoteLiteral, type RawTable } from '../read/RawTable.ts';
import { columnChecks, parseExpr, ref, rawRef, trimmed, type Check, type Mappings } from '../validate/columnChecks.ts';
import { eventDetailExpr, rowChecks } from '../validate/rowChecks.ts';

export interface FileResult {
  file: string;
  format: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  unknownColumns: string[];
}

export interface LoadContext {
  mappings: Mappings;
  dateBounds: { from: string; to: string };
}

const cols = (spec: FileSpec) => spec.columns.map((c) => ref(c.name)).join(', ');
const orFalse = (sql: string) => `coalesce((${sql}), false)`;

/** The loaded table for a contract file: the contract's columns in their stored types. */
export async function ensureTargetTable(db: Database, spec: FileSpec): Promise<void> {
  const defs = spec.columns.map((c) => `${ref(c.name)} ${sqlType(c.type)}`).join(', ');
  await db.run(`CREATE TABLE IF NOT EXISTS ${spec.name} (${defs})`);
}

/**
 * Validates one raw file and upserts its good rows into the loaded table.
 *
 * Every check is SQL over a parsed view of the raw text. The rows that fail anything are
 * few, so the full pass computes only a pass/fail flag and the reasons are worked out
 * on the failing rows alone. Rejects go to the temp table `load_rejects`.
 */
export async function loadFile(db: Database, raw: RawTable, ctx: LoadContext): Promise<FileResult> {
  const { spec, file } = raw;
  const name = spec.name;
  const fileLit = quoteLiteral(file.fileName);

  const parsed = spec.columns.map((c) => {
    const expr = name === 'events' && c.name === 'detail' ? eventDetailExpr() : parseExpr(spec, c, ctx.mappings);
    return `${expr} AS ${ref(c.name)}`;
  });
  // DuckDB lets a SELECT item use an earlier item's alias, so `detail` can use the parsed `event_type`.
  await db.run(`CREATE OR REPLACE TEMP VIEW v_${name} AS
    SELECT _line, ${parsed.join(', ')}, * EXCLUDE (_line)
    FROM (SELECT _line, ${spec.columns.map((c) => `${trimmed(c.name)} AS ${rawRef(c.name)}`).join(', ')} FROM ${raw.table})`);

  const checks: Check[] = [...spec.columns.flatMap((c) => columnChecks(c, ctx.dateBounds)), ...rowChecks(name)];
  await db.run(`CREATE OR REPLACE TEMP TABLE chk_${name} AS
    SELECT *, NOT (${checks.map((c) => orFalse(c.fails)).join(' OR ') || 'false'}) AS _ok FROM v_${name}`);

  for (const c of checks) {
    await db.run(`INSERT INTO load_rejects
      SELECT ${fileLit}, _line, ${quoteLiteral(c.column)}, ${c.value}, ${c.reason}
      FROM chk_${name} WHERE NOT _ok AND ${orFalse(c.fails)}`);
  }
  await rejectDuplicates(db, spec, fileLit);
  await rejectMissingParents(db, spec, fileLit);

  await ensureTargetTable(db, spec);
  await db.run(`CREATE OR REPLACE TEMP TABLE good_${name} AS
    SELECT * FROM chk_${name}
    WHERE _ok AND _line NOT IN (SELECT line FROM load_rejects WHERE file = ${fileLit})`);
  await upsert(db, spec);
  await rememberRejectedKeys(db, spec, fileLit);

  const counts = (await db.one<{ loaded: number; rejected: number }>(
    `SELECT (SELECT count(*) FROM good_${name}) AS loaded,
            (SELECT count(DISTINCT line) FROM load_rejects WHERE file = ${fileLit}) AS rejected`,
  ))!;
  for (const t of [`good_${name}`, `chk_${name}`]) await db.run(`DROP TABLE ${t}`);
  await db.run(`DROP VIEW v_${name}`);
  return {
    file: file.fileName,
    format: file.format,
    rowsRead: raw.rowsRead,
    rowsLoaded: counts.loaded,
    rowsRejected: counts.rejected,
    unknownColumns: raw.unknownColumns,
  };
}

/** Within one extract a repeated key is a reject: the first row is kept (data contract). */
async function rejectDuplicates(db: Database, spec: FileSpec, fileLit: string) {
  const key = spec.primaryKey.map(ref);
  const keyNotNull = spec.primaryKey
    .filter((k) => spec.columns.find((c) => c.name === k)?.required)
    .map((k) => `${ref(k)} IS NOT NULL`)
    .join(' AND ');
  const table = `chk_${spec.name}`;
  const { dup } = (await db.one<{ dup: boolean }>(
    `SELECT count(*) <> count(DISTINCT (${key.join(', ')})) AS dup FROM ${table} WHERE ${keyNotNull}`,
  ))!;
  if (!dup) return;
  const shown = spec.primaryKey.length === 1 ? rawRef(spec.primaryKey[0]) : `concat_ws(', ', ${spec.primaryKey.map(rawRef).join(', ')})`;
  const label = spec.primaryKey.join(', ');
  await db.run(`INSERT INTO load_rejects
    SELECT ${fileLit}, _line, ${quoteLiteral(spec.primaryKey[0])}, ${shown},
      '${label} "' || ${shown} || '" repeats line ' || first_line || '; the first row is kept'
    FROM (SELECT _line, ${spec.primaryKey.map(rawRef).join(', ')},
            min(_line) OVER (PARTITION BY ${key.map((k) => `${k}`).join(', ')}) AS first_line
          FROM ${table} WHERE ${keyNotNull})
    WHERE _line <> first_line`);
}

/** A foreign key must resolve to a row already loaded (this extract or an earlier one). */
async function rejectMissingParents(db: Database, spec: FileSpec, fileLit: string) {
  for (const fk of spec.foreignKeys) {
    const parent = fileSpec(fk.references.file);
    await ensureTargetTable(db, parent);
    const col = ref(fk.column);
    const rejectedNote = `coalesce(' (that row was rejected: see ' || rk.file || ' line ' || rk.line || ')', '')`;
    await db.run(`INSERT INTO load_rejects
      SELECT ${fileLit}, c._line, ${quoteLiteral(fk.column)}, ${rawRef(fk.column)},
        '${fk.column} "' || ${rawRef(fk.column)} || '" is not in ${parent.name}' || ${rejectedNote}
      FROM chk_${spec.name} c
      LEFT JOIN (SELECT key, min(line) AS line, any_value(file) AS file FROM rejected_keys
                 WHERE table_name = ${quoteLiteral(parent.name)} GROUP BY key) rk ON rk.key = c.${col}
      WHERE c._ok AND c.${col} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${parent.name} p WHERE p.${ref(fk.references.column)} = c.${col})`);
  }
}

async function upsert(db: Database, spec: FileSpec) {
  const name = spec.name;
  const match = spec.primaryKey.map((k) => `t.${ref(k)} IS NOT DISTINCT FROM g.${ref(k)}`).join(' AND ');
  await db.run(`DELETE FROM ${name} t WHERE EXISTS (SELECT 1 FROM good_${name} g WHERE ${match})`);
  if (name === 'events') {
    // "family_id: derived from the episode or person when missing" (data contract).
    const select = spec.columns
      .map((c) => (c.name === 'family_id' ? `coalesce(g.family_id, e.family_id, p.family_id) AS family_id` : `g.${ref(c.name)}`))
      .join(', ');
    await db.run(`INSERT INTO events (${cols(spec)})
      SELECT ${select} FROM good_events g
      LEFT JOIN episodes e ON e.episode_id = g.episode_id
      LEFT JOIN people p ON p.person_id = g.person_id
      ORDER BY g._line`);
    return;
  }
  await db.run(`INSERT INTO ${name} (${cols(spec)}) SELECT ${cols(spec)} FROM good_${name} ORDER BY _line`);
}

/** Keys of rejected rows, so a child row whose parent was rejected can say so. */
async function rememberRejectedKeys(db: Database, spec: FileSpec, fileLit: string) {
  if (spec.primaryKey.length !== 1) return;
  const k = spec.primaryKey[0];
  await db.run(`INSERT INTO rejected_keys
    SELECT DISTINCT ${quoteLiteral(spec.name)}, c.${ref(k)}, r.line, r.file
    FROM load_rejects r JOIN chk_${spec.name} c ON c._line = r.line
    WHERE r.file = ${fileLit} AND c.${ref(k)} IS NOT NULL`);
}

