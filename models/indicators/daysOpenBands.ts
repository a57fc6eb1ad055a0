import { sql, type Expression } from 'kysely';
import { filteredEpisodes } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Bands of time open since referral: [label, more than this many months (0 = from the
 * start), up to and including this many months or null]. "More than M months" is the
 * rule of openEpisodes' open_over_M_months, so the bands above 9 months add up to it.
 */
export const daysOpenBandLimits: readonly [string, number, number | null][] = [
  ['up to 3 months', 0, 3],
  ['3 to 6 months', 3, 6],
  ['6 to 9 months', 6, 9],
  ['9 to 12 months', 9, 12],
  ['over 12 months', 12, null],
];

/** Open more than `months` months: the extract date (referral + days open) is past referral + that many months. */
export const openMoreThan = (months: Expression<number>, alias = '') =>
  sql<boolean>`${sql.ref(`${alias}referral_on`)} + ${sql.ref(`${alias}days_open`)} > ${sql.ref(`${alias}referral_on`)} + to_months(${months})`;

/**
 * How long the episodes open at the extract date have been open, in bands of months from
 * referral (daysOpenBandLimits), by service: the shape of the caseload behind the 9- and
 * 12-month counts. Every
 * band of every service with open episodes is a row (zero when empty), with the service's
 * open episodes as the denominator. As at the extract date, so no period.
 */
export function daysOpenBands(ctx: IndicatorContext, filters: Filters) {
  const bands = sql.join(daysOpenBandLimits.map(([label, from, to], i) => sql`(${sql.lit(label)}, ${sql.lit(i)}, ${sql.lit(from)}, ${to === null ? sql`NULL::INTEGER` : sql.lit(to)})`));
  return ctx.db
    .with('open', () => filteredEpisodes(ctx, filters, null).where('status', '=', 'open'))
    .with('bands(band, position, from_months, to_months)', () => sql`(values ${bands})`)
    .with('services', (qb) => qb.selectFrom('open').select(['service', sql<number>`count(*)::INTEGER`.as('total')]).groupBy('service'))
    .with('counts', (qb) =>
      qb
        .selectFrom('open as o')
        .innerJoin('bands as b', (j) =>
          j.on(
            sql<boolean>`(b.from_months = 0 or ${openMoreThan(sql.ref('b.from_months'), 'o.')})
              and (b.to_months is null or not ${openMoreThan(sql.ref('b.to_months'), 'o.')})`,
          ),
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
