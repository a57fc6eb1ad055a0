import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

/** System event types compared before and after (indicators.md section 6). */
export const prePostEventMeasures = [
  'missing_episode',
  'offence',
  'asb_incident',
  'exclusion',
  'social_care_referral',
  'domestic_abuse_incident',
] as const;

// indicators.md section 6: for each person of a closed episode (and of the comparison
// group, int_pre_post_cohort), each system event type counted in the window before
// referral and the same window after closing, kept only where the after window has
// fully passed by the extract date; and school attendance in the last term before
// referral against the first full term after closing, kept only where both terms have a
// recorded attendance and the after term has ended. Events are matched on person_id
// (partner events always carry one). A person with no events has a row of zeros, so
// "events per person" has the right denominator.
export default defineModel({
  name: 'mart_pre_post',
  layer: 'marts',
  grain: 'one row per person, episode and measure',
  materialized: 'table',
  description:
    'Before and after (indicators.md section 6): per person of each closed allocated episode, and of each referral not allocated (the comparison group), the count of each system event type in the config.prePost.windowMonths months before referral and after closing (or, for the comparison group, after the decision), where that window has passed; and school attendance in the last term before against the first full term after.',
  columns: {
    person_id: 'Person compared',
    episode_id: 'Episode (or unallocated referral)',
    measure: `${prePostEventMeasures.join(', ')} (events counted) or school_attendance (attendance percent)`,
    unit: 'events (before_count/after_count are numbers of events) or attendance_percent (they are the term attendance, 0-100)',
    window_months: 'Months in each window (config.prePost.windowMonths); null for school_attendance, which compares terms',
    before_count: 'Events in the before window, or attendance percent in the before term',
    after_count: 'Events in the after window, or attendance percent in the after term',
    comparison_group: 'True for a referral not allocated (needs_other_service, no_service); false for a closed allocated episode',
    service: 'Service referred to',
    locality: "The episode's locality, else the family's",
    team: 'Team',
    referral_on: 'Request for support received (the period filter applies here, so both groups are referred in the same period)',
    family_id: 'Family',
    anchor_on: 'closed_on (intervention) or decision_on (comparison): the after window starts the day after',
    before_from: 'First day compared before (window start, or the before term start)',
    before_to: 'Last day compared before (the day before referral, or the before term end)',
    after_from: 'First day compared after (the day after anchor_on, or the after term start)',
    after_to: 'Last day compared after (anchor_on plus window_months, or the after term end)',
    before_term: 'school_attendance only: the term compared before, e.g. 2023-summer',
    after_term: 'school_attendance only: the term compared after',
  },
  query: ({ ref, db }) =>
    db
      .with('measures(measure)', () => sql`(values ${sql.join(prePostEventMeasures.map((m) => sql`(${sql.lit(m)})`))})`)
      .with('passed', (qb) => qb.selectFrom(ref('int_pre_post_cohort').as('c')).selectAll('c').where('c.after_window_passed', '=', true))
      .with('events', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('v'))
          .select(['v.person_id', 'v.event_type', 'v.occurred_on'])
          .where('v.event_type', 'in', [...prePostEventMeasures])
          .where('v.person_id', 'is not', null),
      )
      .with('counted', (qb) =>
        qb
          .selectFrom('passed as c')
          .innerJoin('events as v', (j) =>
            j.onRef('v.person_id', '=', 'c.person_id').on(sql<boolean>`v.occurred_on between c.before_from and c.after_to`),
          )
          .select([
            'c.person_id',
            'c.episode_id',
            'v.event_type as measure',
            sql<number>`count(*) filter (where v.occurred_on <= c.before_to)`.as('before_count'),
            sql<number>`count(*) filter (where v.occurred_on >= c.after_from)`.as('after_count'),
          ])
          .groupBy(['c.person_id', 'c.episode_id', 'v.event_type']),
      )
      .with('event_rows', (qb) =>
        qb
          .selectFrom('passed as c')
          .crossJoin('measures as m')
          .leftJoin('counted as n', (j) =>
            j.onRef('n.person_id', '=', 'c.person_id').onRef('n.episode_id', '=', 'c.episode_id').onRef('n.measure', '=', 'm.measure'),
          )
          .select([
            'c.person_id',
            'c.episode_id',
            'm.measure',
            sql<string>`'events'`.as('unit'),
            'c.window_months',
            sql<number>`coalesce(n.before_count, 0)::DOUBLE`.as('before_count'),
            sql<number>`coalesce(n.after_count, 0)::DOUBLE`.as('after_count'),
            'c.comparison_group',
            'c.service',
            'c.locality',
            'c.team',
            'c.referral_on',
            'c.family_id',
            'c.anchor_on',
            'c.before_from',
            'c.before_to',
            'c.after_from',
            'c.after_to',
            sql<string | null>`null::VARCHAR`.as('before_term'),
            sql<string | null>`null::VARCHAR`.as('after_term'),
          ]),
      )
      // Term codes are matched case-insensitively; several records for one term are averaged.
      .with('attendance', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('v'))
          .select(['v.person_id', sql<string>`lower(trim(v.detail))`.as('term_code'), sql<number>`avg(v.value)`.as('attendance')])
          .where('v.event_type', '=', 'school_attendance')
          .where('v.value', 'is not', null)
          .where('v.person_id', 'is not', null)
          .groupBy(['v.person_id', sql`2`]),
      )
      // The cohort is matched to its before term first, and that result stored (a
      // materialized CTE is a fence DuckDB does not reorder joins across): left to itself,
      // DuckDB joined the two attendance lists on person first, 1.8M pairs of one person's
      // terms, then matched the cohort (0.7 s of 1.5 s for this model on the 2M-event bench).
      .with((cte) => cte('with_before').materialized(), (qb) =>
        qb
          .selectFrom(ref('int_pre_post_cohort').as('c'))
          .innerJoin('attendance as b', (j) => j.onRef('b.person_id', '=', 'c.person_id').onRef('b.term_code', '=', 'c.before_term'))
          .selectAll('c')
          .select(sql<number>`b.attendance::DOUBLE`.as('before_attendance'))
          .where('c.after_term_passed', '=', true),
      )
      .with('attendance_rows', (qb) =>
        qb
          .selectFrom('with_before as c')
          .innerJoin('attendance as a', (j) => j.onRef('a.person_id', '=', 'c.person_id').onRef('a.term_code', '=', 'c.after_term'))
          .select([
            'c.person_id',
            'c.episode_id',
            sql<string>`'school_attendance'`.as('measure'),
            sql<string>`'attendance_percent'`.as('unit'),
            sql<number | null>`null::INTEGER`.as('window_months'),
            'c.before_attendance as before_count',
            sql<number>`a.attendance::DOUBLE`.as('after_count'),
            'c.comparison_group',
            'c.service',
            'c.locality',
            'c.team',
            'c.referral_on',
            'c.family_id',
            'c.anchor_on',
            'c.before_term_start as before_from',
            'c.before_term_end as before_to',
            'c.after_term_start as after_from',
            'c.after_term_end as after_to',
            'c.before_term',
            'c.after_term',
          ]),
      )
      .selectFrom((qb) => qb.selectFrom('event_rows').selectAll().unionAll(qb.selectFrom('attendance_rows').selectAll()).as('r'))
      .selectAll('r')
      // Stored by service and referral date first: the dashboard filters on both, and DuckDB
      // skips blocks whose min/max (zone maps) exclude the filter.
      .orderBy('r.service')
      .orderBy('r.referral_on')
      .orderBy('r.episode_id')
      .orderBy('r.person_id')
      .orderBy('r.measure'),
  tests: [
    { unique: ['person_id', 'episode_id', 'measure'] },
    { not_null: ['person_id', 'episode_id', 'measure', 'unit', 'before_count', 'after_count', 'comparison_group', 'referral_on'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'measure', values: [...prePostEventMeasures, 'school_attendance'] } },
    { accepted_values: { column: 'unit', values: ['events', 'attendance_percent'] } },
    { expression: "(unit = 'events') = (window_months is not null)", name: 'windows for events, terms for attendance' },
    { expression: 'before_count >= 0 and after_count >= 0', name: 'counts not negative' },
    { expression: 'before_to < referral_on and after_from > anchor_on', name: 'compared periods lie outside the episode' },
  ],
});
