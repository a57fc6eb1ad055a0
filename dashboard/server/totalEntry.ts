import { sql } from 'kysely';
import type { Disclosure, RateMeasure } from './access/Disclosure.ts';
import { indicatorDisclosure } from './access/indicatorDisclosure.ts';
import type { RegistryEntry } from './RegistryEntry.ts';

/** What of an indicator's rows adds up to a headline figure. */
export interface TotalSpec {
  /** Count columns that add up across the rows (each row a disjoint group). */
  sums: readonly string[];
  /**
   * Other columns that add up but are not counts of people (the caseload limits of the
   * workers): column -> the count it is taken over, below 10 of which the sum is hidden,
   * as the indicator hides the column itself.
   */
  rateSums?: Readonly<Record<string, string>>;
  /** Percentages of the totals: name -> [numerator, denominator], both among `sums` or `rateSums`. */
  percentages?: Readonly<Record<string, readonly [string, string]>>;
  /** Key columns kept (totals per value), e.g. month_end for a stock taken at each month end. */
  keep?: readonly string[];
  /** What the total means, for /api/meta and the dictionary. */
  description: string;
  /** The entry's name when an indicator has more than one total (default `<name>_total`). */
  name?: string;
}

/**
 * The total of an indicator's rows for the same filters, as an indicator of its own
 * (`<name>_total`), so a headline tile shows the authority's or team's total as the
 * indicator defines it, and disclosure control applies to that total (indicators.md 7a:
 * totals are shown; cells are hidden so they cannot be worked back from them). A page
 * adding up the cells itself would have to show `c` for the whole total as soon as one
 * cell is hidden, so a commissioner saw `c` for thousands of referrals.
 * The rows are the indicator's own query with its default parameters: one definition.
 */
export function totalEntry(entry: RegistryEntry, spec: TotalSpec): RegistryEntry {
  const base = entry.disclosure ?? indicatorDisclosure[entry.name];
  if (!base) throw new Error(`${entry.name}: a total needs the indicator's disclosure description`);
  for (const c of spec.sums) {
    if (!base.counts.includes(c)) throw new Error(`${entry.name}: ${c} is not one of its counts, so it cannot be added up`);
  }
  const rateSums = Object.entries(spec.rateSums ?? {});
  for (const [c, den] of rateSums) {
    if (!base.rates?.[c] || !spec.sums.includes(den)) throw new Error(`${entry.name}: ${c} must be one of its rates, taken over one of the sums`);
  }
  const added = [...spec.sums, ...rateSums.map(([c]) => c)];
  const percentages = Object.entries(spec.percentages ?? {});
  for (const [name, [num, den]] of percentages) {
    if (!added.includes(num) || !added.includes(den)) throw new Error(`${entry.name}: ${name} must be a percentage of two of its sums`);
  }
  const keep = spec.keep ?? [];
  const defaults = Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, p]) => [k, p.default]));
  const disclosure: Disclosure = {
    counts: [...spec.sums],
    rates: Object.fromEntries([
      ...rateSums.map(([c, den]): [string, RateMeasure] => [c, { denominator: den }]),
      ...percentages.map(([name, [num, den]]): [string, RateMeasure] => [name, { denominator: den, numerator: num }]),
    ]),
    // Totals at different month ends (or other kept keys) are not parts of one total.
    notAdditive: [...keep],
  };
  return {
    name: spec.name ?? `${entry.name}_total`,
    title: keep.length ? `${entry.title}: total per ${keep.join(', ').replace(/_/g, ' ')}` : `${entry.title}: total`,
    page: entry.page,
    description: `${spec.description} The total of "${entry.title}" for the same filters.`,
    disclosure,
    run: (ctx, filters) => {
      const rows = entry.run(ctx, filters, defaults).clearOrderBy().as('rows');
      const total = (c: string) => sql<number>`coalesce(sum(${sql.ref(c)}), 0)::INTEGER`;
      const q = ctx.db
        .selectFrom(rows)
        .select([
          ...keep.map((k) => sql.ref(k).as(k)),
          ...spec.sums.map((c) => total(c).as(c)),
          ...rateSums.map(([c]) => sql<number>`sum(${sql.ref(c)})::DOUBLE`.as(c)),
          ...percentages.map(([name, [num, den]]) => sql<number | null>`100.0 * sum(${sql.ref(num)}) / nullif(sum(${sql.ref(den)}), 0)`.as(name)),
        ]);
      return keep.length ? keep.reduce((acc, k) => acc.orderBy(sql.ref(k)), q.groupBy(keep.map((k) => sql.ref(k)))) : q;
    },
  };
}
