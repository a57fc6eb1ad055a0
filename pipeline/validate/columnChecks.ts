// How each contract column type is parsed from text, and the checks on a single value.
// Everything is SQL run inside DuckDB, so validation runs at DuckDB's speed.
import type { ColumnSpec, FileSpec } from '../contract/contract.ts';
import { quoteIdent, quoteLiteral } from '../read/RawTable.ts';

/**
 * A check that fails a row: `fails` is a SQL boolean over the parsed view; `reason` a SQL
 * text naming the offending value, for whoever fixes the extract; `rule` a SQL text for
 * the same problem without any value from the row (codes of the contract only), so
 * rejects of one kind group together and can be shown where personal data may not be.
 */
export interface Check {
  column: string;
  /** SQL for the offending value as the file had it. */
  value: string;
  fails: string;
  reason: string;
  rule: string;
}

/** Local spellings mapped to codes (mappings.csv), keyed by file then column, local value lower-cased. */
export type Mappings = Map<string, Map<string, Map<string, string>>>;

export const rawRef = (col: string) => quoteIdent(`raw__${col}`);
export const ref = (col: string) => quoteIdent(col);

/**
 * "Empty string means null". Surrounding spaces are dropped from descriptive text
 * (a locality "Wellington " is Wellington) and ignored when parsing codes, numbers and
 * dates; identifiers are opaque and kept exactly as given. (Trimming every value of a
 * large events file would double the load time.)
 */
export const emptyAsNull = (col: string) => `nullif(${quoteIdent(col)}, '')`;
const isIdentifier = (col: ColumnSpec) => col.name.endsWith('_id');

const sp = '\\s*';
const reIso = {
  int: `'${sp}[+-]?[0-9]+(\\.0+)?${sp}'`,
  decimal: `'${sp}[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?${sp}'`,
  date: `'${sp}[0-9]{4}-[0-9]{2}-[0-9]{2}${sp}'`,
  month: `'${sp}[0-9]{4}-[0-9]{2}${sp}'`,
  localTimestamp: `'${sp}[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?${sp}'`,
  zonedTimestamp: `'${sp}[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)${sp}'`,
};

export const truthy = ['true', 'yes', 'y', '1'];
export const falsy = ['false', 'no', 'n', '0'];

/** A CASE that maps any accepted spelling (case-insensitive, or a council's own via mappings) to the canonical code. */
export function codeCase(x: string, codes: readonly string[], local?: Map<string, string>): string {
  const whens = new Map<string, string>();
  for (const [k, v] of local ?? []) whens.set(k, v);
  for (const c of codes) if (!whens.has(c.toLowerCase())) whens.set(c.toLowerCase(), c);
  const arms = [...whens].map(([k, v]) => `WHEN ${quoteLiteral(k)} THEN ${quoteLiteral(v)}`).join(' ');
  // Nearly every value is already a code as the contract spells it: let those through
  // with one list lookup. lower(trim()) on every value of a large events file costs more
  // than the rest of the column's parse.
  const exact = codes.filter((c) => whens.get(c.toLowerCase()) === c);
  const slow = `CASE lower(trim(${x})) ${arms} ELSE NULL END`;
  return exact.length ? `CASE WHEN list_contains([${exact.map(quoteLiteral).join(', ')}], ${x}) THEN ${x} ELSE ${slow} END` : slow;
}

/** SQL that parses the raw text of a column into its contract type (NULL when it does not parse). */
export function parseExpr(spec: FileSpec, col: ColumnSpec, mappings: Mappings): string {
  const x = rawRef(col.name);
  switch (col.type) {
    case 'text':
      return isIdentifier(col) ? x : `nullif(trim(${x}), '')`;
    case 'code':
      return codeCase(x, col.codes ?? [], mappings.get(spec.name)?.get(col.name));
    case 'int':
      return `TRY_CAST(CASE WHEN regexp_full_match(${x}, ${reIso.int}) THEN ${x} END AS DOUBLE)::INTEGER`;
    case 'decimal':
      return `TRY_CAST(CASE WHEN regexp_full_match(${x}, ${reIso.decimal}) THEN ${x} END AS DOUBLE)`;
    case 'date':
      return `TRY_CAST(CASE WHEN regexp_full_match(${x}, ${reIso.date}) THEN ${x} END AS DATE)`;
    case 'month':
      return `TRY_CAST(CASE WHEN regexp_full_match(${x}, ${reIso.month}) THEN trim(${x}) || '-01' END AS DATE)`;
    case 'timestamp':
      // Stored as Europe/London local time: text without a zone is already local (data
      // contract); text with a zone is converted to London time.
      return `CASE WHEN regexp_full_match(${x}, ${reIso.localTimestamp}) THEN TRY_CAST(${x} AS TIMESTAMP)
        WHEN regexp_full_match(${x}, ${reIso.zonedTimestamp}) THEN timezone('Europe/London', TRY_CAST(${x} AS TIMESTAMPTZ)) END`;
    case 'bool':
      return `CASE WHEN list_contains([${truthy.map(quoteLiteral).join(', ')}], lower(trim(${x}))) THEN true WHEN list_contains([${falsy.map(quoteLiteral).join(', ')}], lower(trim(${x}))) THEN false END`;
  }
}

export const typeWords: Record<string, string> = {
  int: 'is not a whole number',
  decimal: 'is not a number',
  date: 'is not a date (use YYYY-MM-DD)',
  month: 'is not a month (use YYYY-MM)',
  timestamp: 'is not a date or timestamp (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)',
  bool: 'is not true/false, yes/no, y/n or 1/0',
};

export function codeList(codes: readonly string[]): string {
  return codes.length > 12 ? `${codes.slice(0, 12).join(', ')}, ... (${codes.length} codes)` : codes.join(', ');
}

const show = (col: string) => `'"' || ${rawRef(col)} || '"'`;

/** Required, type and range checks for one column. */
export function columnChecks(col: ColumnSpec, dateBounds: { from: string; to: string }): Check[] {
  const x = rawRef(col.name);
  const v = ref(col.name);
  const name = quoteLiteral(col.name);
  const checks: Check[] = [];
  if (col.required) {
    // Descriptive text of only spaces is empty too; other types report a bad value instead.
    const empty = col.type === 'text' ? `${v} IS NULL` : `${x} IS NULL`;
    const reason = `${name} || ' is required but empty'`;
    checks.push({ column: col.name, value: x, fails: empty, reason, rule: reason });
  }
  if (col.type === 'code') {
    checks.push({
      column: col.name,
      value: x,
      fails: `${x} IS NOT NULL AND ${v} IS NULL`,
      reason: `${name} || ' ' || ${show(col.name)} || ' is not a known code (expected one of ${codeList(col.codes ?? []).replaceAll("'", "''")})'`,
      rule: `${name} || ' is not a known code (expected one of ${codeList(col.codes ?? []).replaceAll("'", "''")})'`,
    });
  } else if (col.type !== 'text') {
    checks.push({
      column: col.name,
      value: x,
      fails: `${x} IS NOT NULL AND ${v} IS NULL`,
      reason: `${name} || ' ' || ${show(col.name)} || ' ${typeWords[col.type]}'`,
      rule: `${name} || ' ${typeWords[col.type]}'`,
    });
  }
  if ((col.type === 'int' || col.type === 'decimal') && (col.min !== undefined || col.max !== undefined)) {
    const lo = col.min ?? -Infinity;
    const hi = col.max ?? Infinity;
    const range = col.max === undefined ? `at least ${lo}` : col.min === undefined ? `at most ${hi}` : `${lo}-${hi}`;
    const conds = [col.min !== undefined ? `${v} < ${lo}` : null, col.max !== undefined ? `${v} > ${hi}` : null].filter(Boolean);
    checks.push({
      column: col.name,
      value: x,
      fails: `${v} IS NOT NULL AND (${conds.join(' OR ')})`,
      reason: `${name} || ' ' || ${x} || ' is outside ${range}'`,
      rule: `${name} || ' is outside ${range}'`,
    });
  }
  if (col.type === 'date' || col.type === 'month' || col.type === 'timestamp') {
    // Birth months of adults reach far back; every other date belongs to the service era.
    const isBirthMonth = col.type === 'month' && col.name === 'birth_month';
    const from = isBirthMonth ? '1900-01-01' : dateBounds.from;
    const day = col.type === 'timestamp' ? `${v}::DATE` : v;
    const before = `${day} < DATE '${from}'`;
    let tooLate = `${day} > DATE '${dateBounds.to}'`;
    let lateWords = `' is after the extract date ${dateBounds.to}'`;
    if (isBirthMonth) {
      // Pre-birth work is part of early help: an unborn child's birth_month is the month the
      // baby is expected, so it may be up to a pregnancy (9 months) after the extract's month.
      // Everyone else's birth month, like every other date, is not after the extract date.
      const latestDue = monthsAfter(dateBounds.to, UNBORN_MONTHS_AHEAD);
      const unborn = `${ref('role')} = 'unborn'`;
      tooLate = `CASE WHEN ${unborn} THEN ${day} > DATE '${latestDue}-01' ELSE ${tooLate} END`;
      lateWords = `CASE WHEN ${unborn} THEN ' is after ${latestDue}, the latest expected birth month for an unborn child (${UNBORN_MONTHS_AHEAD} months after the extract date ${dateBounds.to})' ELSE ${lateWords} END`;
    }
    checks.push({
      column: col.name,
      value: x,
      fails: `${v} IS NOT NULL AND (${before} OR ${tooLate})`,
      reason: `${name} || ' ' || ${x} || CASE WHEN ${before} THEN ' is before ${from}' ELSE ${lateWords} END`,
      rule: `${name} || CASE WHEN ${before} THEN ' is before ${from}' ELSE ${lateWords} END`,
    });
  }
  return checks;
}

/** How far after the extract's month an unborn child's expected birth month may be: a pregnancy. */
const UNBORN_MONTHS_AHEAD = 9;

/** `YYYY-MM`, `months` after the month of the date `day` (`YYYY-MM-DD`). */
function monthsAfter(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + months;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
