import type { Row } from './toCsv.ts';

/** One computed figure of a measure (a measure can have several), with a value per category. */
export interface Figure {
  figure: string;
  label: string;
  /** count, sum, share, median, mean, per_unit: how the value was made, so how it reads and adds up. */
  aggregation: string | null;
  values: { category: string | null; value: number | null; numerator: number | null; denominator: number | null }[];
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

const num = (v: unknown) => (typeof v === 'number' ? v : null);

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
    if (!f) m.figures.push((f = { figure: String(r.figure), label: String(r.figure_label ?? r.figure), aggregation: (r.aggregation as string | null) ?? null, values: [] }));
    f.values.push({ category: (r.category as string | null) ?? null, value: num(r.value), numerator: num(r.numerator), denominator: num(r.denominator) });
  }
  for (const lm of models.values()) lm.measures.sort((a, b) => a.position - b.position);
  return [...models.values()];
}

/** The category a multi-category share trends: its first (risk trajectory: "lowered", the one the measure is about). */
export const trendCategory = (f: Figure): string | null => (f.aggregation === 'share' && f.values.length > 1 ? (f.values[0].category ?? null) : null);

/**
 * A figure's monthly trend from the by-month rows: counts and sums add up over categories,
 * shares are recomputed from their numerators and denominators (a share split into
 * categories trends its first); a median or mean is only drawn with a single category,
 * since medians do not add up.
 */
export function figureTrend(monthly: readonly Row[], logicModel: string, measureCode: string, f: Figure): Row[] {
  let rows = monthly.filter((r) => r.logic_model === logicModel && r.measure_code === measureCode && r.figure === f.figure && r.period);
  const categories = new Set(rows.map((r) => r.category ?? null));
  const additive = f.aggregation === 'count' || f.aggregation === 'sum';
  const category = trendCategory(f);
  if (category !== null) rows = rows.filter((r) => (r.category ?? null) === category);
  else if (!additive && categories.size > 1) return [];
  const byMonth = new Map<string, { value: number; num: number; den: number }>();
  for (const r of rows) {
    const month = String(r.period).slice(0, 7);
    const acc = byMonth.get(month) ?? { value: 0, num: 0, den: 0 };
    acc.value += num(r.value) ?? 0;
    acc.num += num(r.numerator) ?? 0;
    acc.den += num(r.denominator) ?? 0;
    byMonth.set(month, acc);
  }
  return [...byMonth.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([month, a]) => ({ month, value: f.aggregation === 'share' ? (a.den ? (100 * a.num) / a.den : null) : a.value }));
}
