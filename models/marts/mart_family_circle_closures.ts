import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

/** Progress codes that show "significant and sustained" progress in a Family Circle area. */
export const sustainedProgress = ['significant_and_sustained', 'partial_significant_and_sustained'] as const;

export default defineModel({
  name: 'mart_family_circle_closures',
  layer: 'marts',
  grain: 'one row per closed SF episode',
  materialized: 'table',
  description:
    "The Family Circle closure route of every closed Strengthening Families episode (indicators.md section 2; manual 004, Closure Routes 1 and 2). A Family Circle reading shows sustained progress when every area that has a progress value is significant_and_sustained or partial_significant_and_sustained, and at least one area has one (a first reading, judged against nothing, shows none). Route 1: the last two readings on or before the closing date both show it; route 2: only the last does; otherwise none. Readings are those of int_readings, so retrospective ones are left out as for distance travelled (config). The indicator familyCircleClosureRoutes reports the share of outcomes_met closures by route.",
  columns: {
    episode_id: 'Closed SF episode',
    family_id: 'Family',
    service: 'Service (SF)',
    team: 'Team',
    locality: "The episode's locality, else the family's",
    closed_on: 'Closing date',
    closure_reason: 'Why the episode closed',
    n_readings: 'Family Circle readings on or before the closing date',
    last_assessment_id: 'The last of those readings',
    last_reading_on: 'Its date',
    last_shows_sustained: 'The last reading shows sustained progress; null when there is no reading',
    previous_assessment_id: 'The reading before it',
    previous_reading_on: 'Its date',
    previous_shows_sustained: 'The previous reading shows sustained progress; null when there is none',
    route: 'route_1 (last two readings show sustained progress), route_2 (only the last does) or none',
  },
  query: ({ ref, db }) =>
    db
      .with('closures', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .select(['e.episode_id', 'e.family_id', 'e.service', 'e.team', 'e.locality', 'e.closed_on', 'e.closure_reason'])
          .where('e.service', '=', 'SF')
          .where('e.status', '=', 'closed'),
      )
      .with('readings', (qb) =>
        qb
          .selectFrom(ref('int_readings').as('r'))
          .innerJoin('closures as c', 'c.episode_id', 'r.episode_id')
          .where('r.tool', '=', 'family_circle')
          // "Before closing": a reading on the closing day is the closing Family Circle.
          .whereRef('r.assessed_on', '<=', 'c.closed_on')
          .select([
            'r.episode_id',
            'r.assessment_id',
            sql<string>`min(r.assessed_on)`.as('assessed_on'),
            sql<boolean>`count(r.progress) > 0
              and count(r.progress) = count(*) filter (where r.progress in (${sql.join(sustainedProgress.map((p) => sql.lit(p)))}))`.as(
              'shows_sustained',
            ),
          ])
          .groupBy(['r.episode_id', 'r.assessment_id']),
      )
      .with('ranked', (qb) =>
        qb
          .selectFrom('readings')
          .selectAll()
          .select([
            sql<number>`row_number() over (partition by episode_id order by assessed_on desc, assessment_id desc)`.as('from_last'),
            sql<number>`count(*) over (partition by episode_id)::INTEGER`.as('n_readings'),
          ]),
      )
      .selectFrom('closures as c')
      .leftJoin('ranked as l', (j) => j.onRef('l.episode_id', '=', 'c.episode_id').on('l.from_last', '=', 1))
      .leftJoin('ranked as p', (j) => j.onRef('p.episode_id', '=', 'c.episode_id').on('p.from_last', '=', 2))
      .select([
        'c.episode_id',
        'c.family_id',
        'c.service',
        'c.team',
        'c.locality',
        'c.closed_on',
        'c.closure_reason',
        sql<number>`coalesce(l.n_readings, 0)`.as('n_readings'),
        'l.assessment_id as last_assessment_id',
        'l.assessed_on as last_reading_on',
        'l.shows_sustained as last_shows_sustained',
        'p.assessment_id as previous_assessment_id',
        'p.assessed_on as previous_reading_on',
        'p.shows_sustained as previous_shows_sustained',
        sql<string>`case
          when l.shows_sustained and p.shows_sustained then 'route_1'
          when l.shows_sustained then 'route_2'
          else 'none'
        end`.as('route'),
      ])
      .orderBy('c.episode_id'),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'family_id', 'service', 'locality', 'closed_on', 'n_readings', 'route'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'route', values: ['route_1', 'route_2', 'none'] } },
    { accepted_values: { column: 'service', values: ['SF'] } },
    { expression: "route = 'none' or last_shows_sustained", name: 'a route needs the last reading to show sustained progress' },
    { expression: 'last_reading_on is null or last_reading_on <= closed_on', name: 'readings before closing' },
  ],
});
