import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { areaMeasureFigures, factColumns, figures } from '../indicators/logicModelFigures.ts';

const areaCodes = Object.keys(areaMeasureFigures);
const caseOf = (pick: (code: string) => string) =>
  sql<string>`case a.measure ${sql.join(
    areaCodes.map((code) => sql`when ${sql.lit(code)} then ${sql.lit(pick(code))}`),
    sql` `,
  )} end`;

export default defineModel({
  name: 'mart_logic_model_facts',
  layer: 'marts',
  grain: 'one row per logic-model fact per episode it is attributed to (one per area measure row)',
  materialized: 'table',
  description:
    "The row-level facts behind every computed logic-model figure (indicators.md section 5), so the indicator logicModel can re-aggregate them under any filter: medians and distinct counts are computed from these rows, never added up from months, localities or services. Service-level facts of episodes (int_logic_model_episode_facts), system facts about the cohort's young people (int_logic_model_person_facts), risk and EET trajectories (int_logic_model_trajectories) and the partners' area measures that answer a figure (county_lines_known, workforce_trained, community_initiatives, detached_contacts, risk_screenings; dated the first of their month, locality null meaning the whole authority). Distance-travelled pairs are not here: logicModel takes them from the section 2 pairs for the period (models/indicators/readingPairs.ts).",
  columns: {
    ...factColumns,
    attributions:
      'Episodes the fact is attributed to: more than 1 for a young person in two episodes at once, whose fact counts once in a group that holds both',
  },
  query: ({ ref, db }) =>
    db
      .with('area', (qb) =>
        qb
          .selectFrom(ref('stg_area_measures').as('a'))
          .where('a.measure', 'in', areaCodes)
          .select([
            caseOf((code) => figures[areaMeasureFigures[code]].metric).as('metric'),
            caseOf((code) => areaMeasureFigures[code]).as('figure'),
            sql<string | null>`null::VARCHAR`.as('category'),
            sql<string>`a.period::DATE`.as('fact_on'),
            sql<string>`a.measure || '|' || strftime(a.period, '%Y-%m') || '|' || coalesce(a.locality, '')`.as('fact_id'),
            sql<string>`a.measure || '|' || strftime(a.period, '%Y-%m') || '|' || coalesce(a.locality, '')`.as('unit_id'),
            sql<number | null>`null::INTEGER`.as('unit_seq'),
            sql<number>`a.value::DOUBLE`.as('value'),
            sql<string | null>`null::VARCHAR`.as('episode_id'),
            sql<string | null>`null::VARCHAR`.as('person_id'),
            sql<string | null>`null::VARCHAR`.as('family_id'),
            sql<string | null>`null::VARCHAR`.as('service'),
            sql<string | null>`null::VARCHAR`.as('team'),
            'a.locality',
          ]),
      )
      // A fact about a young person falls in each of their cohort windows it is in, so
      // person facts and trajectories can be attributed to several episodes; counted here
      // once, so logicModel de-duplicates only those. Episode facts belong to their own
      // episode (int_logic_model_episode_facts is unique on figure and fact_id) and area
      // measures to none. A window over every fact instead cost 1.8 s on the 2M-event bench.
      .with('person_facts', (qb) =>
        qb
          .selectFrom(ref('int_logic_model_person_facts').as('f'))
          .selectAll('f')
          .unionAll((eb) => eb.selectFrom(ref('int_logic_model_trajectories').as('f')).selectAll('f')),
      )
      .selectFrom(ref('int_logic_model_episode_facts').as('f'))
      .selectAll('f')
      .select(sql<number>`1`.as('attributions'))
      .unionAll((eb) =>
        eb
          .selectFrom('person_facts')
          .selectAll()
          .select(sql<number>`count(*) over (partition by figure, fact_id)::INTEGER`.as('attributions')),
      )
      .unionAll((eb) => eb.selectFrom('area').selectAll().select(sql<number>`1`.as('attributions'))),
  tests: [
    { unique: ['figure', 'fact_id', 'episode_id'] },
    { expression: 'attributions >= 1', name: 'every fact is attributed at least once' },
    { not_null: ['metric', 'figure', 'fact_on', 'fact_id', 'unit_id'] },
    { accepted_values: { column: 'figure', values: Object.keys(figures) } },
    { relationships: { column: 'metric', to: 'seed_logic_models', field: 'metric' } },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: '(episode_id is null) = (service is null)', name: 'every episode fact has a service, no area measure has one' },
    { expression: 'episode_id is not null or person_id is null and family_id is null', name: 'area measures are about no one' },
  ],
});
