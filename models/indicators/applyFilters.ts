import { sql, type SelectQueryBuilder } from 'kysely';
import { hasPersonFilters, type Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/** Which columns of the rows being filtered carry each filter dimension. */
export interface FilterColumns {
  /** A date column the period (from/to) applies to. */
  period?: string;
  service?: string;
  locality?: string;
  team?: string;
  /** Person-level rows: person attributes are the person's. */
  person?: string;
  /** Family-level rows: person attributes match when any child (or unborn) of the family matches. */
  family?: string;
}

/**
 * Adds the WHERE clauses for `filters` to a query over rows that have the given columns.
 * Every indicator filters through here, so a filter means the same on every page, in
 * every mart and in every export. A filter on a dimension the rows do not have is an
 * error, not silently ignored.
 */
export function applyFilters<QB extends SelectQueryBuilder<any, any, any>>(
  ctx: IndicatorContext,
  qb: QB,
  filters: Filters,
  columns: FilterColumns,
): QB {
  const need = (key: keyof FilterColumns, what: string) => {
    const col = columns[key];
    if (!col) throw new Error(`this indicator cannot be filtered by ${what}`);
    return col;
  };
  let q = qb as SelectQueryBuilder<any, any, any>;
  if (filters.from) q = q.where(sql.ref(need('period', 'period')), '>=', sql`${filters.from}::DATE`);
  if (filters.to) q = q.where(sql.ref(need('period', 'period')), '<=', sql`${filters.to}::DATE`);
  for (const key of ['service', 'locality', 'team'] as const) {
    const values = filters[key];
    if (values?.length) q = q.where(sql.ref(need(key, key)), 'in', values);
  }
  if (hasPersonFilters(filters)) {
    const people = ctx.ref('int_people');
    const conds = [];
    if (filters.ageBand?.length) conds.push(sql`p.age_band in (${sql.join(filters.ageBand)})`);
    if (filters.sex?.length) conds.push(sql`p.sex in (${sql.join(filters.sex)})`);
    if (filters.ethnicity?.length) conds.push(sql`p.ethnicity in (${sql.join(filters.ethnicity)})`);
    if (filters.send !== undefined) conds.push(sql`p.send = ${filters.send}`);
    const attrs = sql.join(conds, sql` and `);
    // `x in (people matching)` rather than a correlated `exists`: the same rows (a null x
    // matches neither), but DuckDB builds one small hash table of the matching people
    // instead of decorrelating a subquery per filtered row set.
    if (columns.person) {
      q = q.where(sql<boolean>`${sql.ref(columns.person)} in (select p.person_id from ${people} p where ${attrs})`);
    } else {
      const family = need('family', 'age band, sex, ethnicity or SEND');
      q = q.where(
        sql<boolean>`${sql.ref(family)} in (select p.family_id from ${people} p where p.role in ('child', 'unborn') and ${attrs})`,
      );
    }
  }
  return q as QB;
}
