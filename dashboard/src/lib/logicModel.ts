import { formatCount, formatDate, formatDecimal, formatPercent, humanize } from './format.ts';
import type { Row } from './toCsv.ts';

/**
 * A figure's number as the page gets it: a number, `c` where disclosure control hid a small
 * one (indicators.md 7a: aggregate-only roles), or null where there is none.
 */
export type Value = number | 'c' | null;

export interface FigureValue {
  category: string | null;
  value: Value;
  numerator: Value;
  denominator: Value;
}

/** One computed figure of a measure (a measure can have several), with a value per category. */
export interface Figure {
  figure: string;
  label: string;
  /** count, sum, share, median, mean, per_unit: how the value was made, so how it reads and adds up. */
  aggregation: string | null;
  /** For a figure counted at a point in time (episodes open at the month end): the date its value is counted at. */
  asAt: string | null;
  values: FigureValue[];
}

export interface Measure {
  kind: string;
  code: string;
  label: string;
  position: number;
  measurable: boolean;
  figures: Figure[];
}

export interface LogicModel {
  logicModel: string;
  impactStatement: string;
  measures: Measure[];
}

const SUPPRESSED = 'c';

/** A cell of the API's rows as a Value: a hidden cell stays `c`, never a null or a 0. */
const cell = (v: unknown): Value => (typeof v === 'number' ? v : v === SUPPRESSED ? SUPPRESSED : null);

/**
 * The logic_model indicator's rows (one per measure, figure and category; period totals)
 * as the page shows them: logic model -> measures in their configured order -> figures.
 * A measure with no metric (measurable false) keeps its place with no figures.
 */
export function groupMeasures(rows: readonly Row[]): LogicModel[] {
  const models = new Map<string, LogicModel>();
  for (const r of rows) {
    const lmKey = String(r.logic_model);
    let lm = models.get(lmKey);
    if (!lm) models.set(lmKey, (lm = { logicModel: lmKey, impactStatement: String(r.impact_statement), measures: [] }));
    let m = lm.measures.find((x) => x.code === r.measure_code);
    if (!m) {
      m = { kind: String(r.measure_kind), code: String(r.measure_code), label: String(r.measure_label), position: Number(r.measure_position), measurable: r.measurable !== false, figures: [] };
      lm.measures.push(m);
    }
    if (r.measurable === false || r.figure === null || r.figure === undefined) continue;
    let f = m.figures.find((x) => x.figure === r.figure);
    if (!f) {
      f = { figure: String(r.figure), label: String(r.figure_label ?? r.figure), aggregation: (r.aggregation as string | null) ?? null, asAt: (r.as_at as string | null) ?? null, values: [] };
      m.figures.push(f);
    }
    f.values.push({ category: (r.category as string | null) ?? null, value: cell(r.value), numerator: cell(r.numerator), denominator: cell(r.denominator) });
  }
  for (const lm of models.values()) lm.measures.sort((a, b) => a.position - b.position);
  return [...models.values()];
}

const additive = (f: Pick<Figure, 'aggregation'>) => f.aggregation === 'count' || f.aggregation === 'sum';

/**
 * Values added up, as disclosure control requires (7a): `c` when any of them is hidden (a
 * total of the visible cells would give a hidden one away, or read as a false smaller
 * number), null when none has a value.
 */
function total(values: readonly Value[]): Value {
  if (values.includes(SUPPRESSED)) return SUPPRESSED;
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return numbers.length ? numbers.reduce((s, v) => s + v, 0) : null;
}

/** One value of a figure in words: `c` when hidden, "no data in the period" only when there is no value at all. */
export function valueText(f: Pick<Figure, 'aggregation'>, v: Pick<FigureValue, 'value' | 'numerator' | 'denominator'>): string {
  if (v.value === SUPPRESSED) return SUPPRESSED;
  if (v.value === null) return 'no data in the period';
  switch (f.aggregation) {
    case 'share':
      return `${formatPercent(v.value)}${v.denominator !== null ? ` (${countText(v.numerator)} of ${countText(v.denominator)})` : ''}`;
    case 'count':
    case 'sum':
      return formatCount(v.value);
    default:
      return formatDecimal(v.value, 1);
  }
}

const countText = (v: Value) => (v === SUPPRESSED ? SUPPRESSED : formatCount(v));

/**
 * A figure for the period in words. Counts split into categories lead with their total,
 * which is `c` when any category is hidden; a stock says the date it is counted at
 * ("511 at 30 Jun 2025").
 */
export function figureText(f: Figure, serverTotal?: Value): string {
  const asAt = f.asAt ? ` at ${formatDate(f.asAt)}` : '';
  if (f.values.length === 1 && f.values[0].category === null) {
    const text = valueText(f, f.values[0]);
    return f.values[0].value === null ? text : `${text}${asAt}`;
  }
  const parts = f.values.map((v) => `${humanize(String(v.category ?? 'all'))} ${valueText(f, v)}`);
  if (additive(f)) {
    // The server's total over the categories (logic_model_category_total) is shown unless
    // it is small itself; the sum of the cells is c as soon as one of them is hidden.
    const sum = serverTotal !== undefined ? serverTotal : total(f.values.map((v) => v.value));
    return `${valueText(f, { value: sum, numerator: null, denominator: null })}${sum === null ? '' : asAt} (${parts.join('; ')})`;
  }
  return parts.join('; ');
}

/**
 * The logic_model_category_total rows by logic model, measure, figure and month ('' for the
 * whole period): each a figure's total over its categories, suppressed on the server as a
 * total (small only when it is small itself).
 */
export function categoryTotals(rows: readonly Row[]): Map<string, Value> {
  return new Map(rows.map((r) => [totalKey(String(r.logic_model), String(r.measure_code), String(r.figure), r.period ? monthOf(String(r.period)) : ''), cell(r.value)]));
}

const totalKey = (logicModel: string, measureCode: string, figure: string, month: string) => `${logicModel}\u0000${measureCode}\u0000${figure}\u0000${month}`;

/** A figure's total over its categories for the period (month '') or one month, if the server sent one. */
export const categoryTotal = (totals: ReadonlyMap<string, Value> | undefined, logicModel: string, measureCode: string, figure: string, month = ''): Value | undefined =>
  totals?.get(totalKey(logicModel, measureCode, figure, month));

/** The category a share trends: its first (risk trajectory: "lowered", the one the measure is about). */
export const trendCategory = (f: Figure): string | null => (f.aggregation === 'share' ? (f.values[0]?.category ?? null) : null);

const monthOf = (iso: string) => iso.slice(0, 7);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Every month a trend of the period shows ('YYYY-MM'): from the period's start to its end,
 * but never before the first month the answer has any row in (for all time, or a period
 * starting before the data) nor after the extract date's month (the data's end; without
 * it, the answer's last month). A month inside that range with no row for a figure is a
 * month with nothing to count, not a month to leave out.
 */
export function trendMonths(monthly: readonly Row[], from?: string, to?: string, extractedOn?: string | null): string[] {
  const seen = monthly.map((r) => r.period).filter((p): p is string => typeof p === 'string').map(monthOf).sort();
  if (!seen.length) return [];
  const start = from && monthOf(from) > seen[0] ? monthOf(from) : seen[0];
  const dataEnd = extractedOn ? monthOf(extractedOn) : seen[seen.length - 1];
  const end = to && monthOf(to) < dataEnd ? monthOf(to) : dataEnd;
  const months: string[] = [];
  for (let m = start; m <= end; m = nextMonth(m)) months.push(m);
  return months;
}

/**
 * A figure's monthly trend from the by-month rows, one point for every month in `months`
 * (and any other month the rows have). Counts add up over categories and a month without
 * rows is 0; shares trend their first category (trendCategory), 0% in a month that has
 * other categories but not it; sums (partners' returns), medians and means have no value
 * in a month without rows. A median or mean is only drawn with a single category, since
 * medians do not add up. A point is `c` when a value it is made from is hidden: a gap in
 * the line, `c` in the table and the CSV, never 0.
 */
export function figureTrend(monthly: readonly Row[], logicModel: string, measureCode: string, f: Figure, months: readonly string[] = [], totals?: ReadonlyMap<string, Value>): Row[] {
  const rows = monthly.filter((r) => r.logic_model === logicModel && r.measure_code === measureCode && r.figure === f.figure && r.period);
  const categories = new Set(rows.map((r) => r.category ?? null));
  if (!additive(f) && f.aggregation !== 'share' && categories.size > 1) return [];
  const byMonth = new Map<string, Row[]>();
  for (const m of months) byMonth.set(m, []);
  for (const r of rows) {
    const month = monthOf(String(r.period));
    byMonth.set(month, [...(byMonth.get(month) ?? []), r]);
  }
  const category = trendCategory(f);
  const point = (inMonth: Row[], month: string): Value => {
    if (additive(f)) {
      if (!inMonth.length) return f.aggregation === 'count' ? 0 : null;
      const server = inMonth.some((r) => r.category !== null && r.category !== undefined) ? categoryTotal(totals, logicModel, measureCode, f.figure, month) : undefined;
      return server !== undefined ? server : total(inMonth.map((r) => cell(r.value)));
    }
    if (!inMonth.length) return null;
    if (f.aggregation !== 'share') return cell(inMonth[0].value);
    const own = inMonth.find((r) => (r.category ?? null) === category);
    if (own) return cell(own.value);
    // Nobody in this category, out of the month's people in the others: 0%, unless their
    // shares are hidden (too few people for any share of them to be shown).
    return inMonth.some((r) => cell(r.value) === SUPPRESSED || cell(r.denominator) === SUPPRESSED) ? SUPPRESSED : 0;
  };
  return [...byMonth.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([month, inMonth]) => ({ month, value: point(inMonth, month) }));
}
