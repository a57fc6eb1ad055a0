import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// Which standards an episode is measured against (indicators.md section 3: "Defaults by
// service"): the clocks of its service, and the "all" clock of any standard its service
// has no own row for. The return home interview is person-level (clock started by the
// found event) and is timed in int_return_home_interviews instead.
export default defineModel({
  name: 'int_episode_standards',
  layer: 'intermediate',
  grain: 'one row per episode and practice standard that applies to its service',
  materialized: 'view',
  description:
    "Each episode with every episode-level practice standard of its service and the clock in force for it (the service's own clock, else the clock for all services).",
  columns: {
    episode_id: 'Episode',
    service: "The episode's service",
    standard: 'Standard code',
    clock_service: 'Service of the clock applied: the episode service, or all',
    start: 'What starts the clock',
    start_offset_days: 'Days after the start before the clock runs',
    clock_days: 'Days allowed from the start to the due date',
    working_days: 'The clock counts working days',
    done: 'What meets the standard',
    repeats: 'Every gap between occurrences is measured',
  },
  query: ({ ref, db }) =>
    db
      .with('candidates', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .innerJoin(ref('int_practice_standard_clocks').as('c'), (j) =>
            j.on((eb) => eb.or([eb('c.service', '=', eb.ref('e.service')), eb('c.service', '=', 'all')])),
          )
          .where('c.start', '<>', 'found_event')
          .select([
            'e.episode_id',
            'e.service',
            'c.standard',
            'c.service as clock_service',
            'c.start',
            'c.start_offset_days',
            'c.clock_days',
            'c.working_days',
            'c.done',
            'c.repeats',
            // The service's own clock beats the one for all services.
            sql<number>`row_number() over (partition by e.episode_id, c.standard order by (c.service = 'all'))`.as('pick'),
          ]),
      )
      .selectFrom('candidates')
      .select([
        'episode_id',
        'service',
        'standard',
        'clock_service',
        'start',
        'start_offset_days',
        'clock_days',
        'working_days',
        'done',
        'repeats',
      ])
      .where('pick', '=', 1),
  tests: [
    { unique: ['episode_id', 'standard'] },
    { not_null: ['episode_id', 'service', 'standard', 'start', 'clock_days', 'done'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
  ],
});
