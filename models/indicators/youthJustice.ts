import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import { hasPersonFilters, type Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

export interface YouthJusticeOptions {
  /** One row per locality (default); false gives one row per quarter for everything selected (locality null). */
  byLocality?: boolean;
}

/** Percentage 0-100 of a count over a denominator; null when the denominator is 0 or null. */
const pct = (count: string, denominator: string) => sql<number | null>`100.0 * ${sql.ref(count)} / nullif(${sql.ref(denominator)}, 0)`;
const ratio = (count: string, denominator: string) => sql<number | null>`${sql.ref(count)}::DOUBLE / nullif(${sql.ref(denominator)}, 0)`;

/**
 * Youth justice (indicators.md section 7) by calendar quarter and locality, for any
 * filters:
 * - first time entrants (int_first_time_entrants, dated at the first disposal) and their
 *   rate per 10,000 of the 10-17 population when youthJustice.population10to17 is
 *   configured. The population is the whole authority's, so the rate is given only on rows
 *   that cover it: byLocality off and no locality, age band, sex, ethnicity or SEND filter;
 *   elsewhere it is null;
 * - proven reoffending of the quarter's cohort (int_reoffending_cohort, by index date):
 *   the cohort size always, and reoffenders, reoffences, the binary rate and the frequency
 *   (reoffences per offender, and per reoffender) only once the quarter's 18 months have
 *   passed by the extract date; null before;
 * - custody: custody sentences as a share of court outcomes, both of 10-17 year olds in the
 *   quarter (int_justice_events);
 * - the 2023 KPIs the extract can answer, over the YOS orders that ended in the quarter
 *   (int_yos_orders_ended): suitable ETE at the end, SEND, looked-after children.
 * Every rate comes with its numerator and denominator, so quarters and localities add up.
 *
 * Filters: the period applies to each count's own date (first disposal, index date,
 * outcome date, closing date); locality to the family's locality (the episode's for
 * orders); age band, sex, ethnicity and SEND to the young person. The counts belong to no
 * service or team: a service or team filter is refused (applyFilters).
 */
export function youthJustice(ctx: IndicatorContext, filters: Filters, options: YouthJusticeOptions = {}) {
  const { db, ref, config } = ctx;
  const { byLocality = true } = options;
  const population = config.youthJustice.population10to17;
  const wholeAuthority = !byLocality && !filters.locality?.length && !hasPersonFilters(filters);
  const localityKey = (col: string) => (byLocality ? sql<string>`${sql.ref(col)}` : sql<string | null>`null::VARCHAR`);
  const quarterOf = (col: string) => sql<string>`date_trunc('quarter', ${sql.ref(col)})::DATE`;

  const entrants = applyFilters(ctx, db.selectFrom(ref('int_first_time_entrants').as('f')), filters, {
    period: 'f.entered_on',
    locality: 'f.locality',
    person: 'f.person_id',
  })
    .select([quarterOf('f.entered_on').as('quarter'), localityKey('f.locality').as('locality'), sql<number>`count(*)`.as('first_time_entrants')])
    .groupBy([sql`1`, sql`2`]);

  const cohorts = applyFilters(ctx, db.selectFrom(ref('int_reoffending_cohort').as('c')), filters, {
    period: 'c.index_on',
    locality: 'c.locality',
    person: 'c.person_id',
  })
    .select([
      quarterOf('c.index_on').as('quarter'),
      localityKey('c.locality').as('locality'),
      sql<number>`count(*)`.as('cohort'),
      sql<number>`count(*) filter (where c.reoffended)`.as('reoffenders'),
      sql<number>`sum(c.reoffences)`.as('reoffences'),
    ])
    .groupBy([sql`1`, sql`2`]);

  const courts = applyFilters(
    ctx,
    db
      .selectFrom(ref('int_justice_events').as('j'))
      .where('j.age_years', '>=', 10)
      .where('j.age_years', '<=', 17)
      .where((eb) => eb.or([eb('j.event_type', '=', 'court_outcome'), eb.and([eb('j.event_type', '=', 'custody'), eb('j.detail', '=', 'sentence')])])),
    filters,
    { period: 'j.occurred_on', locality: 'j.locality', person: 'j.person_id' },
  )
    .select([
      quarterOf('j.occurred_on').as('quarter'),
      localityKey('j.locality').as('locality'),
      sql<number>`count(*) filter (where j.event_type = 'court_outcome')`.as('court_outcomes'),
      sql<number>`count(*) filter (where j.event_type = 'custody')`.as('custody_sentences'),
    ])
    .groupBy([sql`1`, sql`2`]);

  const orders = applyFilters(ctx, db.selectFrom(ref('int_yos_orders_ended').as('o')), filters, {
    period: 'o.closed_on',
    locality: 'o.locality',
    person: 'o.person_id',
  })
    .select([
      quarterOf('o.closed_on').as('quarter'),
      localityKey('o.locality').as('locality'),
      sql<number>`count(*)`.as('orders_ended'),
      sql<number>`count(*) filter (where o.suitable_ete)`.as('suitable_ete'),
      sql<number>`count(*) filter (where o.send)`.as('send'),
      sql<number>`count(*) filter (where o.looked_after)`.as('looked_after'),
    ])
    .groupBy([sql`1`, sql`2`]);

  const same = (a: string, b: string) => sql<boolean>`${sql.ref(`${a}.quarter`)} = ${sql.ref(`${b}.quarter`)} and ${sql.ref(`${a}.locality`)} is not distinct from ${sql.ref(`${b}.locality`)}`;

  return db
    .with('entrants', () => entrants)
    .with('cohorts', () => cohorts)
    .with('courts', () => courts)
    .with('orders', () => orders)
    .with('cells', (qb) =>
      qb
        .selectFrom('entrants')
        .select(['quarter', 'locality'])
        .union((eb) => eb.selectFrom('cohorts').select(['quarter', 'locality']))
        .union((eb) => eb.selectFrom('courts').select(['quarter', 'locality']))
        .union((eb) => eb.selectFrom('orders').select(['quarter', 'locality'])),
    )
    .with('joined', (qb) =>
      qb
        .selectFrom('cells as k')
        .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
        .leftJoin('entrants as f', (j) => j.on(same('f', 'k')))
        .leftJoin('cohorts as c', (j) => j.on(same('c', 'k')))
        .leftJoin('courts as j', (j) => j.on(same('j', 'k')))
        .leftJoin('orders as o', (j) => j.on(same('o', 'k')))
        .select([
          'k.quarter',
          'k.locality',
          sql<number>`coalesce(f.first_time_entrants, 0)::INTEGER`.as('first_time_entrants'),
          sql<number>`coalesce(c.cohort, 0)::INTEGER`.as('reoffending_cohort'),
          // The last index date of the quarter is its last day; its 18 months decide the whole cohort.
          sql<boolean>`coalesce((k.quarter + interval 3 month - interval 1 day + interval 18 month)::DATE <= m.extracted_on, false)`.as(
            'reoffending_follow_up_complete',
          ),
          sql<number>`coalesce(c.reoffenders, 0)::INTEGER`.as('all_reoffenders'),
          sql<number>`coalesce(c.reoffences, 0)::INTEGER`.as('all_reoffences'),
          sql<number>`coalesce(j.court_outcomes, 0)::INTEGER`.as('court_outcomes'),
          sql<number>`coalesce(j.custody_sentences, 0)::INTEGER`.as('custody_sentences'),
          sql<number>`coalesce(o.orders_ended, 0)::INTEGER`.as('orders_ended'),
          sql<number>`coalesce(o.suitable_ete, 0)::INTEGER`.as('suitable_ete'),
          sql<number>`coalesce(o.send, 0)::INTEGER`.as('send'),
          sql<number>`coalesce(o.looked_after, 0)::INTEGER`.as('looked_after'),
        ]),
    )
    .with('complete_only', (qb) =>
      qb
        .selectFrom('joined')
        .selectAll()
        .select([
          sql<number | null>`case when reoffending_follow_up_complete then all_reoffenders end`.as('reoffenders'),
          sql<number | null>`case when reoffending_follow_up_complete then all_reoffences end`.as('reoffences'),
          (wholeAuthority && population !== null ? sql<number | null>`${sql.lit(population)}::INTEGER` : sql<number | null>`null::INTEGER`).as(
            'population_10_to_17',
          ),
        ]),
    )
    .selectFrom('complete_only')
    .select([
      'quarter',
      'locality',
      'first_time_entrants',
      'population_10_to_17',
      sql<number | null>`10000.0 * first_time_entrants / population_10_to_17`.as('fte_rate_per_10000'),
      'reoffending_cohort',
      'reoffending_follow_up_complete',
      'reoffenders',
      'reoffences',
      pct('reoffenders', 'reoffending_cohort').as('reoffending_rate_pct'),
      ratio('reoffences', 'reoffending_cohort').as('reoffences_per_offender'),
      ratio('reoffences', 'reoffenders').as('reoffences_per_reoffender'),
      'court_outcomes',
      'custody_sentences',
      pct('custody_sentences', 'court_outcomes').as('custody_pct'),
      'orders_ended',
      'suitable_ete',
      pct('suitable_ete', 'orders_ended').as('suitable_ete_pct'),
      'send',
      pct('send', 'orders_ended').as('send_pct'),
      'looked_after',
      pct('looked_after', 'orders_ended').as('looked_after_pct'),
    ])
    .orderBy('quarter')
    .orderBy('locality');
}

/** Columns youthJustice returns, with what they mean (mart_youth_justice documents them). */
export const youthJusticeColumns: Record<string, string> = {
  quarter: 'First day of the calendar quarter',
  locality: "The family's locality (the episode's for orders); null for a row covering every locality selected (in mart_youth_justice: the whole authority)",
  first_time_entrants: 'Young people whose first out-of-court disposal or court outcome ever, aged 10-17, fell in the quarter',
  population_10_to_17: 'The configured 10-17 population (youthJustice.population10to17), on rows covering the whole authority; else null',
  fte_rate_per_10000: 'first_time_entrants per 10,000 of population_10_to_17; null unless the row covers the whole authority and the population is configured',
  reoffending_cohort: 'Young people aged 10-17 with a court outcome or out-of-court disposal in the quarter (their first in it is the index event)',
  reoffending_follow_up_complete: "The quarter's last day + 18 months is on or before the extract date: reoffending is reported",
  reoffenders: 'Cohort members with at least one proven reoffence (offence within 12 months of the index date, proven within 18); null until the follow-up is complete',
  reoffences: 'Proven reoffences of the cohort; null until the follow-up is complete',
  reoffending_rate_pct: 'Binary rate: reoffenders / reoffending_cohort, percent 0-100',
  reoffences_per_offender: 'Frequency: reoffences / reoffending_cohort',
  reoffences_per_reoffender: 'reoffences / reoffenders',
  court_outcomes: 'Court outcomes of 10-17 year olds in the quarter',
  custody_sentences: 'Custody events with detail sentence (not remand) of 10-17 year olds in the quarter',
  custody_pct: 'custody_sentences / court_outcomes, percent 0-100',
  orders_ended: 'YOS episodes other than prevention that closed in the quarter (orders and disposals ended)',
  suitable_ete: 'Of those, the young person was in education, training or employment (latest eet_status during the episode is eet)',
  suitable_ete_pct: 'suitable_ete / orders_ended, percent 0-100 (2023 KPI: suitable ETE)',
  send: 'Of those, the young person has special educational needs or a disability',
  send_pct: 'send / orders_ended, percent 0-100 (2023 KPI: SEND)',
  looked_after: 'Of those, the young person was looked after (people.looked_after, or looked_after_start on or before the end)',
  looked_after_pct: 'looked_after / orders_ended, percent 0-100 (2023 KPI: children in care in the justice system)',
};
