import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { factColumns, factRow, type FigureName } from '../indicators/logicModelFigures.ts';

/** Partner and system event types counted for the cohort, by figure: [event types, category expression or none]. */
const detail = "coalesce(w.detail, 'unknown')";
const eventFigures: [FigureName, string[], string | undefined][] = [
  ['exploitation_screenings', ['exploitation_screening'], detail],
  ['missing_episodes', ['missing_episode'], detail],
  ['offences', ['offence'], detail],
  ['asb_incidents', ['asb_incident'], detail],
  ['social_care_referrals', ['social_care_referral'], undefined],
  ['onward_referrals', ['social_care_referral', 'camhs_referral'], 'w.event_type'],
  ['social_care_starts', ['child_in_need_start', 'child_protection_start', 'looked_after_start'], 'w.event_type'],
  ['camhs_referrals', ['camhs_referral'], undefined],
  ['exclusions', ['exclusion'], detail],
];

/** Figures counting the young people with at least one event of a type. */
const peopleFigures: [FigureName, string][] = [
  ['young_people_missing', 'missing_episode'],
  ['young_people_offending', 'offence'],
];

export default defineModel({
  name: 'int_logic_model_person_facts',
  layer: 'intermediate',
  grain: 'one row per system fact about a young person per cohort episode it falls in',
  materialized: 'view',
  description:
    "The system-level logic-model facts (indicators.md section 5) about the young people of the cohort, counted while they are in it (int_cohort_windows: from referral until the involvement ended): exploitation screenings by tier, missing episodes and the young people missing, offences by group and the young people offending, violence, drugs_pwits and knife_possession offences, ASB incidents, social care referrals, social care and CAMHS referrals as onward referrals, child in need, child protection and looked-after starts, CAMHS referrals, exclusions and termly attendance; first time entrants (int_first_time_entrants, dated at the first disposal) and repeat criminal justice contacts (every disposal after a person's first); and YOS involvement: YOS episodes referred for a young person during another episode of theirs. A fact falling in two episodes' windows appears once for each; the indicator counts it once per group.",
  columns: factColumns,
  query: ({ ref, db }) => {
    const inWindow = (on: string) => sql<boolean>`${sql.ref(on)} between w.window_from and w.window_to`;
    const q = db
      .with('ev', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin(ref('int_cohort_windows').as('w'), (j) => j.onRef('w.person_id', '=', 'ev.person_id').on(inWindow('ev.occurred_on')))
          .selectAll('w')
          .select(['ev.event_id', 'ev.event_type', 'ev.detail', 'ev.value', 'ev.occurred_on']),
      )
      .with('counted', () => {
        const branches = eventFigures.map(([name, types, category]) =>
          db
            .selectFrom('ev as w')
            .where('w.event_type', 'in', types)
            .select(
              factRow(name, { category, factOn: 'w.occurred_on', factId: 'w.event_id', unitId: 'w.event_id', window: 'w' }),
            ),
        );
        const [first, ...rest] = branches;
        return rest.reduce((acc, b) => acc.unionAll(b), first);
      })
      .with('people', () => {
        const branches = peopleFigures.map(([name, type]) =>
          db
            .selectFrom('ev as w')
            .where('w.event_type', '=', type)
            .select(factRow(name, { factOn: 'w.occurred_on', factId: 'w.event_id', unitId: 'w.person_id', window: 'w' })),
        );
        const [first, ...rest] = branches;
        return rest.reduce((acc, b) => acc.unionAll(b), first);
      })
      .with('serious', (qb) =>
        qb
          .selectFrom('ev as w')
          .where('w.event_type', '=', 'offence')
          .where('w.detail', 'in', ['violence', 'drugs_pwits', 'knife_possession'])
          .select(factRow('serious_offences', { category: 'w.detail', factOn: 'w.occurred_on', factId: 'w.event_id', unitId: 'w.event_id', window: 'w' })),
      )
      .with('attendance', (qb) =>
        qb
          .selectFrom('ev as w')
          .where('w.event_type', '=', 'school_attendance')
          .where('w.value', 'is not', null)
          .select(factRow('attendance_pct', { factOn: 'w.occurred_on', factId: 'w.event_id', unitId: 'w.event_id', value: 'w.value', window: 'w' })),
      )
      .with('entrants', (qb) =>
        qb
          .selectFrom(ref('int_first_time_entrants').as('f'))
          .innerJoin(ref('int_cohort_windows').as('w'), (j) => j.onRef('w.person_id', '=', 'f.person_id').on(inWindow('f.entered_on')))
          .select(factRow('first_time_entrants', { factOn: 'f.entered_on', factId: 'f.event_id', unitId: 'f.person_id', window: 'w' })),
      )
      .with('repeats', (qb) =>
        qb
          .selectFrom(ref('int_justice_events').as('j'))
          .innerJoin(ref('int_cohort_windows').as('w'), (jn) => jn.onRef('w.person_id', '=', 'j.person_id').on(inWindow('j.occurred_on')))
          .where('j.disposal_seq', '>', 1)
          .select(factRow('repeat_contacts', { category: 'j.event_type', factOn: 'j.occurred_on', factId: 'j.event_id', unitId: 'j.event_id', window: 'w' })),
      )
      .with('yos_starts', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('y'))
          .innerJoin(ref('int_cohort_windows').as('w'), (j) =>
            j.onRef('w.person_id', '=', 'y.subject_person_id').on(inWindow('y.referral_on')).onRef('w.episode_id', '<>', 'y.episode_id'),
          )
          .where('y.service', '=', 'YOS')
          .select(factRow('yos_episodes_started', { factOn: 'y.referral_on', factId: 'y.episode_id', unitId: 'y.episode_id', window: 'w' })),
      );
    return q
      .selectFrom('counted')
      .selectAll()
      .unionAll((eb) => eb.selectFrom('people').selectAll())
      .unionAll((eb) => eb.selectFrom('serious').selectAll())
      .unionAll((eb) => eb.selectFrom('attendance').selectAll())
      .unionAll((eb) => eb.selectFrom('entrants').selectAll())
      .unionAll((eb) => eb.selectFrom('repeats').selectAll())
      .unionAll((eb) => eb.selectFrom('yos_starts').selectAll());
  },
  tests: [
    { unique: ['figure', 'fact_id', 'episode_id'] },
    { not_null: ['metric', 'figure', 'fact_on', 'fact_id', 'unit_id', 'episode_id', 'person_id', 'family_id', 'service', 'locality'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { relationships: { column: 'person_id', to: 'int_people', field: 'person_id' } },
  ],
});
