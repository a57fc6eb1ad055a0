import { sql } from 'kysely';
import { filteredEpisodes } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/** Bands of time open, by whole months since referral: [label, from month (inclusive), to month (exclusive) or null]. */
export const daysOpenBandLimits: readonly [string, number, number | null][] = [
  ['under 3 months', 0, 3],
  ['3 to 6 months', 3, 6],
  ['6 to 9 months', 6, 9],
  ['9 to 12 months', 9, 12],
  ['12 months or more', 12, null],
];

/**
 * How long the episodes open at the extract date have been open, in bands of months from
 * referral, by service: the shape of the caseload behind the 9- and 12-month counts. Every
 * band of every service with open episodes is a row (zero when empty), with the service's
 * open episodes as the denominator. As at the extract date, so no period.
 */
export function daysOpenBands(ctx: IndicatorContext, filters: Filters) {
  const bands = sql.join(daysOpenBandLimits.map(([label, from, to], i) => sql`(${sql.lit(label)}, ${sql.lit(i)}, ${sql.lit(from)}, ${to === null ? sql`NULL::INTEGER` : sql.lit(to)})`));
  // Whole months open: the extract date (referral + days open) against referral + n months.
  const reached = (months: string) => sql`o.referral_on + o.days_open >= o.referral_on + to_months(${sql.ref(months)})`;
  return ctx.db
    .with('open', () => filteredEpisodes(ctx, filters, null).where('status', '=', 'open'))
    .with('bands(band, position, from_months, to_months)', () => sql`(values ${bands})`)
    .with('services', (qb) => qb.selectFrom('open').select(['service', sql<number>`count(*)::INTEGER`.as('total')]).groupBy('service'))
    .with('counts', (qb) =>
      qb
        .selectFrom('open as o')
        .innerJoin('bands as b', (j) =>
          j.on(sql<boolean>`${reached('b.from_months')} and (b.to_months is null or not (${reached('b.to_months')}))`),
        )
        .select(['o.service', 'b.band', sql<number>`count(*)::INTEGER`.as('n')])
        .groupBy(['o.service', 'b.band']),
    )
    .selectFrom('services as s')
    .crossJoin('bands as b')
    .leftJoin('counts as c', (j) => j.onRef('c.service', '=', 's.service').onRef('c.band', '=', 'b.band'))
    .select([
      's.service',
      'b.band',
      'b.position as band_position',
      sql<number>`coalesce(c.n, 0)`.as('open_episodes'),
      sql<number>`s.total`.as('service_open_episodes'),
      sql<number | null>`100.0 * coalesce(c.n, 0) / nullif(s.total, 0)`.as('pct_of_service'),
    ])
    .orderBy('s.service')
    .orderBy('b.position');
}
