// An independent check of an extract against the data contract, written for these tests
// (not the pipeline's validator): loads each CSV file as text with its line number and
// lists every row that breaks a rule, with the reason class the generator uses. A clean
// extract must have none; a dirty one exactly the rows in dirty_rows.json.
import { join } from 'node:path';
import { eventDetailCodes, eventValueRanges, partnerEventTypes, practiceEventTypes, toolAreas } from '../../pipeline/contract/codes.ts';
import { files, type ColumnSpec, type FileName } from '../../pipeline/contract/contract.ts';
import type { Database } from '../../pipeline/db/database.ts';

export interface Failure {
  file: FileName;
  line: number;
  column: string;
  reason_class: string;
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const q = (s: string) => `"${s}"`;
const list = (xs: readonly string[]) => xs.map((x) => lit(x.toLowerCase())).join(', ');

const parse: Record<string, (x: string) => string> = {
  int: (x) => `CASE WHEN regexp_full_match(${x}, '[+-]?[0-9]+') THEN TRY_CAST(${x} AS INTEGER) END`,
  decimal: (x) => `CASE WHEN regexp_full_match(${x}, '[+-]?[0-9]+(\\.[0-9]+)?') THEN TRY_CAST(${x} AS DOUBLE) END`,
  date: (x) => `CASE WHEN regexp_full_match(${x}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(${x} AS DATE) END`,
  month: (x) => `CASE WHEN regexp_full_match(${x}, '[0-9]{4}-[0-9]{2}') THEN TRY_CAST(${x} || '-01' AS DATE) END`,
  timestamp: (x) =>
    `CASE WHEN regexp_full_match(${x}, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?') THEN TRY_CAST(${x} AS TIMESTAMP) END`,
  bool: (x) => `CASE WHEN lower(${x}) IN ('true','yes','y','1') THEN true WHEN lower(${x}) IN ('false','no','n','0') THEN false END`,
};
const badType: Record<string, string> = {
  int: 'bad_int', decimal: 'bad_decimal', date: 'bad_date', month: 'bad_month', timestamp: 'bad_timestamp', bool: 'bad_bool',
};

/** Loads every `<name>.csv` of `dir` as `raw_<name>` (text, with `_line`) and `t_<name>` (parsed `p_<col>`). */
export async function loadAsText(db: Database, dir: string) {
  for (const spec of files) {
    const columns = spec.columns.map((c) => `${lit(c.name)}: 'VARCHAR'`).join(', ');
    await db.run(`CREATE OR REPLACE TABLE raw_${spec.name} AS
      SELECT (row_number() OVER ()) + 1 AS _line, * FROM read_csv(${lit(join(dir, `${spec.name}.csv`))}, header = true,
        auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"', strict_mode = true)`);
    const parsed = spec.columns
      .map((c) => {
        const x = q(c.name);
        if (c.type === 'code') return `CASE WHEN lower(trim(${x})) IN (${list(c.codes ?? [])}) THEN lower(trim(${x})) END AS p_${c.name}`;
        return `${parse[c.type] ? parse[c.type](x) : x} AS p_${c.name}`;
      })
      .join(', ');
    await db.run(`CREATE OR REPLACE TABLE t_${spec.name} AS SELECT *, ${parsed} FROM raw_${spec.name}`);
  }
}

function columnFailures(file: FileName, c: ColumnSpec, today: string): string[] {
  const x = q(c.name);
  const p = `p_${c.name}`;
  const at = (cond: string, reason: string) => `SELECT ${lit(file)} AS file, _line AS line, ${lit(c.name)} AS "column", ${lit(reason)} AS reason_class FROM t_${file} WHERE ${cond}`;
  const out: string[] = [];
  if (c.required) out.push(at(`${x} IS NULL`, 'missing_required'));
  if (c.type === 'code') out.push(at(`${x} IS NOT NULL AND ${p} IS NULL`, 'code_not_in_list'));
  else if (badType[c.type]) out.push(at(`${x} IS NOT NULL AND ${p} IS NULL`, badType[c.type]));
  if (c.min !== undefined) out.push(at(`${p} < ${c.min}`, 'value_out_of_range'));
  if (c.max !== undefined) out.push(at(`${p} > ${c.max}`, 'value_out_of_range'));
  if (c.type === 'timestamp') {
    out.push(at(`${p}::DATE < DATE '2000-01-01'`, 'occurred_before_2000'));
    out.push(at(`${p}::DATE > DATE ${lit(today)}`, 'occurred_after_extract'));
  } else if (c.type === 'date' || c.type === 'month') {
    const from = c.name === 'birth_month' ? '1900-01-01' : '2000-01-01';
    out.push(at(`${p} < DATE '${from}' OR ${p} > DATE ${lit(today)}`, 'date_out_of_bounds'));
  }
  return out;
}

function rowFailures(file: FileName): string[] {
  const at = (column: string, cond: string, reason: string) =>
    `SELECT ${lit(file)} AS file, _line AS line, ${lit(column)} AS "column", ${lit(reason)} AS reason_class FROM t_${file} WHERE ${cond}`;
  switch (file) {
    case 'episodes':
      return [
        at('allocated_on', 'p_allocated_on < p_referral_on', 'allocated_before_referral'),
        at('closed_on', 'p_closed_on < p_referral_on', 'closed_before_referral'),
        at('closure_reason', 'p_closed_on IS NOT NULL AND closure_reason IS NULL', 'closed_without_reason'),
      ];
    case 'events': {
      const details = Object.entries(eventDetailCodes).map(([t, codes]) => `(p_event_type = ${lit(t)} AND lower(trim(detail)) NOT IN (${list(codes!)}))`);
      const values = Object.entries(eventValueRanges).map(([t, r]) => `(p_event_type = ${lit(t)} AND (p_value < ${r!.min} OR p_value > ${r!.max}))`);
      return [
        at('episode_id', `p_event_type IN (${list(practiceEventTypes)}) AND episode_id IS NULL`, 'practice_event_without_episode'),
        at('person_id', `p_event_type IN (${list(partnerEventTypes)}) AND person_id IS NULL`, 'partner_event_without_person'),
        at('detail', `detail IS NOT NULL AND (${details.join(' OR ')})`, 'detail_not_in_list'),
        at('value', values.join(' OR '), 'value_out_of_range'),
      ];
    }
    case 'assessments': {
      const pairs = toolAreas.map((t) => `(${lit(t.tool)}, ${lit(t.area)}, ${t.scale_min}, ${t.scale_max})`).join(', ');
      return [
        `SELECT 'assessments', _line, 'area', 'area_not_of_tool' FROM t_assessments a
          WHERE p_tool IS NOT NULL AND p_area IS NOT NULL AND NOT EXISTS (SELECT 1 FROM (VALUES ${pairs}) v(tool, area, lo, hi) WHERE v.tool = a.p_tool AND v.area = a.p_area)`,
        `SELECT 'assessments', _line, 'score', 'score_out_of_scale' FROM t_assessments a
          JOIN (SELECT DISTINCT tool, lo, hi FROM (VALUES ${pairs}) v(tool, area, lo, hi)) s ON s.tool = a.p_tool
          WHERE a.p_score < s.lo OR a.p_score > s.hi`,
      ];
    }
    default:
      return [];
  }
}

function keyFailures(): string[] {
  const out: string[] = [];
  for (const spec of files) {
    const key = spec.primaryKey.map(q).join(', ');
    out.push(`SELECT ${lit(spec.name)}, _line, ${lit(spec.primaryKey[0])}, 'duplicate_key' FROM
      (SELECT _line, row_number() OVER (PARTITION BY ${key} ORDER BY _line) AS k FROM raw_${spec.name}) WHERE k > 1`);
    for (const fk of spec.foreignKeys) {
      out.push(`SELECT ${lit(spec.name)}, _line, ${lit(fk.column)}, 'foreign_key_not_found' FROM raw_${spec.name} c
        WHERE c.${q(fk.column)} IS NOT NULL AND c.${q(fk.column)} NOT IN (SELECT ${q(fk.references.column)} FROM raw_${fk.references.file} WHERE ${q(fk.references.column)} IS NOT NULL)`);
    }
  }
  return out;
}

/** Every rule broken by every row of the extract in `dir` (CSV), one entry per rule. */
export async function checkExtract(db: Database, dir: string, today: string): Promise<Failure[]> {
  await loadAsText(db, dir);
  const parts = [
    ...files.flatMap((spec) => spec.columns.flatMap((c) => columnFailures(spec.name, c, today))),
    ...files.flatMap((spec) => rowFailures(spec.name)),
    ...keyFailures(),
  ];
  return db.all<Failure & Record<string, string | number>>(`SELECT * FROM (${parts.join('\nUNION ALL\n')}) ORDER BY 1, 2, 3, 4`);
}
