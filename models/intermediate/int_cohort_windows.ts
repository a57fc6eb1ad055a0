import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_cohort_windows',
  layer: 'intermediate',
  grain: 'one row per episode per young person in it',
  materialized: 'table',
  description:
    "The logic-model cohort (indicators.md section 5: \"the people in episodes of the selected services\") with the window in which each belongs to it. The people in an episode are its subject young person (YIT, TYSS, YOS) or, for a family episode without one, the family's children: the logic models are about young people, so parents' events are not the cohort's. A person's partner events (missing episodes, offences, exclusions, ...) count for the cohort while they fall in the window, from referral until the involvement ended (closing, or the decision for a referral not allocated) or the extract date while it goes on; a person in two episodes of one service counts once (the indicator de-duplicates).",
  columns: {
    episode_id: 'Episode that puts the person in the cohort',
    person_id: 'The young person',
    family_id: 'Family',
    service: "The episode's service",
    team: "The episode's team",
    locality: "The episode's locality, else the family's",
    window_from: 'First day the person counts for this episode: referral_on',
    window_to: 'Last day: the day the involvement ended (int_episodes.ended_on), else the extract date',
  },
  query: ({ ref, db }) =>
    db
      // Two equi-joins rather than one join on a condition, so the join stays a hash join on large extracts.
      .with('subjects', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .innerJoin(ref('stg_people').as('p'), 'p.person_id', 'e.subject_person_id')
          .select(['e.episode_id', 'p.person_id']),
      )
      .with('children', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .innerJoin(ref('stg_people').as('p'), 'p.family_id', 'e.family_id')
          .where('e.subject_person_id', 'is', null)
          .where('p.role', '=', 'child')
          .select(['e.episode_id', 'p.person_id']),
      )
      .with('members', (qb) =>
        qb
          .selectFrom((eb) => eb.selectFrom('subjects').selectAll().unionAll(eb.selectFrom('children').selectAll()).as('m'))
          .innerJoin(ref('int_episodes').as('e'), 'e.episode_id', 'm.episode_id')
          .select([
            'e.episode_id',
            'm.person_id',
            'e.family_id',
            'e.service',
            'e.team',
            'e.locality',
            'e.referral_on as window_from',
            sql<string>`coalesce(e.ended_on, e.extracted_on)`.as('window_to'),
          ]),
      )
      .selectFrom('members')
      .selectAll()
      .orderBy('person_id')
      .orderBy('window_from'),
  tests: [
    { unique: ['episode_id', 'person_id'] },
    { not_null: ['episode_id', 'person_id', 'family_id', 'service', 'locality', 'window_from', 'window_to'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { relationships: { column: 'person_id', to: 'stg_people', field: 'person_id' } },
    { expression: 'window_to >= window_from', name: 'window ends after it starts' },
  ],
});
