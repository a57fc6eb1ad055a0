import { sql } from 'kysely';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { practiceStandardRows } from './practiceStandardRows.ts';

/** What compliance can be broken down by; `month` is the month of the due date. */
export const complianceDimensions = ['standard', 'service', 'team', 'locality', 'worker_id', 'month'] as const;
export type ComplianceDimension = (typeof complianceDimensions)[number];

/**
 * Practice standards compliance (indicators.md section 3) for any filtered set of rows,
 * grouped by any of `complianceDimensions`: by standard (the default), by team
 * (['team'] or ['team', 'standard']), by month of the due date (['month'] or
 * ['month', 'standard']), by worker... Each group has the counts of every status, `due`
 * (met + late + missed, the denominator) and `compliance_pct` = 100 x met / due (null when
 * nothing fell due), so any grouping rolls up by summing counts. Occurrences count one by
 * one: a repeating standard contributes each gap.
 */
export function practiceCompliance(ctx: IndicatorContext, filters: Filters, by: readonly ComplianceDimension[] = ['standard']) {
  const dims = by.map((d) => (d === 'month' ? sql<string | null>`date_trunc('month', due_on)::DATE`.as('month') : sql.ref(d).as(d)));
  const count = (status: string) => sql<number>`count(*) filter (where status = ${sql.lit(status)})::INTEGER`;
  return ctx.db
    .with('rows', () => practiceStandardRows(ctx, filters))
    .with('counts', (qb) =>
      qb
        .selectFrom('rows')
        .select([
          ...dims,
          count('met').as('met'),
          count('late').as('late'),
          count('missed').as('missed'),
          count('pending').as('pending'),
          count('not_applicable').as('not_applicable'),
          sql<number>`count(*) filter (where status in ('met', 'late', 'missed'))::INTEGER`.as('due'),
        ])
        .$if(by.length > 0, (q) => q.groupBy(by.map((d) => sql.ref(d)))),
    )
    .selectFrom('counts')
    .selectAll()
    .select(sql<number | null>`100.0 * met / nullif(due, 0)`.as('compliance_pct'))
    .$call((q) => by.reduce((acc, d) => acc.orderBy(sql`${sql.ref(d)} nulls last`), q));
}
