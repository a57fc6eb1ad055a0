import { fileSpec, sqlType, type FileSpec } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import { quoteLiteral, type RawSource, type StructuralReject } from '../read/RawTable.ts';
import { columnChecks, parseExpr, ref, rawRef, emptyAsNull, type Check, type Mappings } from '../validate/columnChecks.ts';
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
  /** Rows the reader rejected before any column check (it fills this while reading). */
  structural: StructuralReject[];
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
 * One pass over the file parses every column and computes a pass/fail flag from every
 * single-row check, keeping the raw text only for failing rows; the reasons are then
 * worked out on those few rows. Keys (duplicates, foreign keys) are checked on the
 * parsed rows. Rejects go to the temp table `load_rejects`.
 */
export async function loadFile(db: Database, source: RawSource, ctx: LoadContext): Promise<FileResult> {
  const { spec, file } = source;
  const name = spec.name;
  const fileLit = quoteLiteral(file.fileName);
  const checks: Check[] = [...spec.columns.flatMap((c) => columnChecks(c, ctx.dateBounds)), ...rowChecks(name)];

  let dropChecked: string[] = [];
  const { source: read, rows } = await withExactSource(source, async (src) => {
    for (const drop of dropChecked) await db.run(drop);
    dropChecked = await createChecked(db, src, checks, ctx);
    const { n } = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM chk_${name}`))!;
    return n;
  });

  for (let i = 0; i < ctx.structural.length; i += 500) {
    const batch = ctx.structural.slice(i, i + 500);
    await db.run(
      `INSERT INTO load_rejects VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch.flatMap((r) => [file.fileName, r.line, r.column, r.value, r.reason, r.rule]),
    );
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE bad_${name} AS
    SELECT * EXCLUDE (_raw, _ok), unnest(_raw) FROM chk_${name} WHERE NOT _ok`);
  for (const c of checks) {
    await db.run(`INSERT INTO load_rejects
      SELECT ${fileLit}, _line, ${quoteLiteral(c.column)}, ${c.value}, ${c.reason}, ${c.rule}
      FROM bad_${name} WHERE ${orFalse(c.fails)}`);
  }
  await rejectMissingParents(db, spec, fileLit);
  // After every other check of the file, so a repeat can say whether its first row was kept.
  await rejectDuplicates(db, spec, fileLit);

  await ensureTargetTable(db, spec);
  await db.run(`CREATE OR REPLACE TEMP TABLE rejected_lines AS SELECT DISTINCT line FROM load_rejects WHERE file = ${fileLit}`);
  const { loaded } = await upsert(db, spec);
  await rememberRejectedKeys(db, spec, fileLit);

  const { rejected } = (await db.one<{ rejected: number }>(`SELECT count(*) AS rejected FROM rejected_lines`))!;
  for (const t of [`bad_${name}`, 'rejected_lines']) await db.run(`DROP TABLE ${t}`);
  for (const drop of dropChecked) await db.run(drop);
  await read.dispose?.();
  return {
    file: file.fileName,
    format: file.format,
    rowsRead: rows + read.rowsRejectedByReader,
    rowsLoaded: loaded,
    rowsRejected: rejected,
    unknownColumns: source.unknownColumns,
  };
}

/**
 * Runs `use` on the fast source; if DuckDB's reader fails on the file, or the rows do
 * not line up with the file's lines, runs it again on the reader's exact source.
 */
export async function withExactSource<T extends number>(
  source: RawSource,
  use: (src: RawSource) => Promise<T>,
): Promise<{ source: RawSource; rows: T }> {
  let rows: T;
  try {
    rows = await use(source);
  } catch (e) {
    if (!source.fallback) throw e;
    const exact = await source.fallback(e);
    return { source: exact, rows: await use(exact) };
  }
  if (source.confirm && !(await source.confirm(rows))) {
    const exact = await source.fallback!();
    return { source: exact, rows: await use(exact) };
  }
  return { source, rows };
}

/**
 * Creates `chk_<file>`: every parsed column, `_line`, `_ok` (passes every single-row
 * check) and, for failing rows only, `_raw` (the text as the file had it).
 * Returns the statements that drop what it created.
 */
export async function createChecked(
  db: Database,
  src: RawSource,
  checks: Check[],
  ctx: Pick<LoadContext, 'mappings'>,
): Promise<string[]> {
  const { spec } = src;
  const name = spec.name;
  const parsed = spec.columns.map((c) => {
    const expr = name === 'events' && c.name === 'detail' ? eventDetailExpr(ctx.mappings.get('events')?.get('detail')) : parseExpr(spec, c, ctx.mappings);
    return `${expr} AS ${ref(c.name)}`;
  });
  const rawCols = spec.columns.map((c) => rawRef(c.name));
  // DuckDB lets a SELECT item use an earlier item's alias, so `detail` can use the parsed `event_type`.
  const checked = (line: string, from: string) => `SELECT ${line}${spec.columns.map((c) => ref(c.name)).join(', ')}, _ok,
      CASE WHEN NOT _ok THEN struct_pack(${rawCols.map((r) => `${r} := ${r}`).join(', ')}) END AS _raw
    FROM (
      SELECT *, NOT (${checks.map((c) => orFalse(c.fails)).join(' OR ') || 'false'}) AS _ok
      FROM (
        SELECT ${line}${parsed.join(', ')}, ${rawCols.join(', ')}
        FROM (SELECT ${line}${spec.columns.map((c) => `${emptyAsNull(c.name)} AS ${rawRef(c.name)}`).join(', ')} FROM ${from})
      )
    )`;
  if (src.lineColumn) {
    await db.run(`CREATE OR REPLACE TEMP TABLE chk_${name} AS ${checked('_line, ', src.relation)}`);
    return [`DROP TABLE chk_${name}`];
  }
  // Rows come in file order, one line each (the reader checks that), so a row's line is
  // its position + 2. A table made from a plan that only reads, filters and computes
  // keeps that position as its rowid. A plan with any other step (a long IN list becomes
  // a join) may not, and then the read is first copied as it comes.
  const direct = checked('', src.relation);
  if (await keepsRowOrder(db, direct)) {
    await db.run(`CREATE OR REPLACE TEMP TABLE chk_rows_${name} AS ${direct}`);
    await db.run(`CREATE OR REPLACE TEMP VIEW chk_${name} AS SELECT rowid + 2 AS _line, * FROM chk_rows_${name}`);
    return [`DROP VIEW chk_${name}`, `DROP TABLE chk_rows_${name}`];
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE pos_${name} AS SELECT * FROM ${src.relation}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE chk_${name} AS ${checked('_line, ', `(SELECT rowid + 2 AS _line, * FROM pos_${name})`)}`);
  await db.run(`DROP TABLE pos_${name}`);
  return [`DROP TABLE chk_${name}`];
}

/** Steps of a DuckDB plan that pass rows on in the order they read them. */
const orderKeepingSteps = new Set(['PROJECTION', 'FILTER', 'READ_CSV', 'TABLE_SCAN', 'SEQ_SCAN']);

/** True when DuckDB plans `select` with only order-keeping steps. */
export async function keepsRowOrder(db: Database, select: string): Promise<boolean> {
  const [plan] = await db.all<{ explain_value: string }>(`EXPLAIN (FORMAT json) ${select}`);
  type Step = { name: string; children: Step[] };
  const ok = (s: Step): boolean => orderKeepingSteps.has(s.name.trim()) && s.children.every(ok);
  return (JSON.parse(plan!.explain_value) as Step[]).every(ok);
}

/**
 * Within one extract a repeated key is a reject: the first row is kept (data contract).
 * When the first row was itself rejected nothing of that key is kept, and the repeat's
 * reason says so rather than sending whoever fixes the extract to look for a kept row.
 */
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
  const shown = spec.primaryKey.length === 1 ? `${key[0]}::VARCHAR` : `concat_ws(', ', ${key.join(', ')})`;
  const label = spec.primaryKey.join(', ');
  const kept = `'; the first row is kept'`;
  const notKept = `', which was rejected; repeats are rejected too'`;
  await db.run(`INSERT INTO load_rejects
    SELECT ${fileLit}, _line, ${quoteLiteral(spec.primaryKey[0])}, ${shown},
      '${label} "' || ${shown} || '" repeats line ' || first_line || CASE WHEN first_rejected THEN ${notKept} ELSE ${kept} END,
      '${label} repeats an earlier row' || CASE WHEN first_rejected THEN ${notKept} ELSE ${kept} END
    FROM (SELECT d.*, EXISTS (SELECT 1 FROM load_rejects r WHERE r.file = ${fileLit} AND r.line = d.first_line) AS first_rejected
          FROM (SELECT _line, ${key.join(', ')},
                  min(_line) OVER (PARTITION BY ${key.map((k) => `${k}`).join(', ')}) AS first_line
                FROM ${table} WHERE ${keyNotNull}) d
          WHERE _line <> first_line)`);
}

/** A foreign key must resolve to a row already loaded (this extract or an earlier one). */
async function rejectMissingParents(db: Database, spec: FileSpec, fileLit: string) {
  for (const fk of spec.foreignKeys) {
    const parent = fileSpec(fk.references.file);
    await ensureTargetTable(db, parent);
    const col = ref(fk.column);
    const rejectedNote = `coalesce(' (that row was rejected: see ' || rk.file || ' line ' || rk.line || ')', '')`;
    await db.run(`INSERT INTO load_rejects
      SELECT ${fileLit}, c._line, ${quoteLiteral(fk.column)}, c.${col},
        '${fk.column} "' || c.${col} || '" is not in ${parent.name}' || ${rejectedNote},
        '${fk.column} is not in ${parent.name}' || CASE WHEN rk.line IS NOT NULL THEN ' (its row there was rejected)' ELSE '' END
      FROM chk_${spec.name} c
      LEFT JOIN (SELECT key, min(line) AS line, any_value(file) AS file FROM rejected_keys
                 WHERE table_name = ${quoteLiteral(parent.name)} GROUP BY key) rk ON rk.key = c.${col}
      WHERE c._ok AND c.${col} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${parent.name} p WHERE p.${ref(fk.references.column)} = c.${col})`);
  }
}

/** Later extracts replace rows by primary key and add new ones (data contract, "Reloads"). */
async function upsert(db: Database, spec: FileSpec) {
  const name = spec.name;
  const { n: rejected } = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM rejected_lines`))!;
  await db.run(`CREATE OR REPLACE TEMP VIEW good_${name} AS
    SELECT * FROM chk_${name} WHERE _ok${rejected ? ' AND _line NOT IN (SELECT line FROM rejected_lines)' : ''}`);
  const match = spec.primaryKey.map((k) => `t.${ref(k)} IS NOT DISTINCT FROM g.${ref(k)}`).join(' AND ');
  const { n: existing } = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${name}`))!;
  if (existing > 0) await db.run(`DELETE FROM ${name} t WHERE EXISTS (SELECT 1 FROM good_${name} g WHERE ${match})`);
  const r = await db.execute(`INSERT INTO ${name} (${cols(spec)}) SELECT ${cols(spec)} FROM good_${name}`);
  await db.run(`DROP VIEW good_${name}`);
  if (name === 'events') {
    // "family_id: derived from the episode or person when missing" (data contract), the
    // episode's first. Filled after the insert rather than joined into it: a join would
    // make the insert of millions of rows lose its order-keeping fast path (about 0.5 s
    // of 2 on the 2M-event bench) to fill the few rows that need it.
    for (const [parent, key] of [['episodes', 'episode_id'], ['people', 'person_id']]) {
      await db.run(`UPDATE events SET family_id = p.family_id FROM ${parent} p
        WHERE events.family_id IS NULL AND p.${key} = events.${key} AND p.family_id IS NOT NULL`);
    }
  }
  return { loaded: r.changed };
}

/** Keys of rejected rows, so a child row whose parent was rejected can say so. */
async function rememberRejectedKeys(db: Database, spec: FileSpec, fileLit: string) {
  if (spec.primaryKey.length !== 1) return;
  const k = spec.primaryKey[0];
  await db.run(`INSERT INTO rejected_keys
    SELECT DISTINCT ${quoteLiteral(spec.name)}, c.${ref(k)}, r.line, ${fileLit}
    FROM rejected_lines r JOIN chk_${spec.name} c ON c._line = r.line
    WHERE c.${ref(k)} IS NOT NULL`);
}

