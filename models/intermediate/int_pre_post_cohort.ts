import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 6, who is compared and over which windows.
//
// Groups. Intervention: episodes that were allocated and have closed (an episode closed
// from the waiting list never received the service, so it is neither group). Comparison:
// referrals decided needs_other_service or no_service and never allocated (int_episodes
// status not_allocated); returned_to_front_door is left out, as the spec names only those
// two decisions. The comparison group has no closure, so its after window starts at the
// decision (decision_on; a closing date some systems add to such a referral is
// administrative and ignored). A comparison referral without a decision date (or with
// one before its referral, an error the contract does not catch) cannot be placed and is
// left out.
//
// People. Youth episodes (subject_person_id set: YIT, TYSS, YOS) compare the young
// person. Family episodes compare every member of the family except the unborn: the
// manuals describe whole-family working (FIT 0-19 and their parents; Supporting Families
// headlines include adult crime, domestic abuse and substance use), and the partner
// events carry the adults too. A member not yet born when the before window opened
// (birth month ending after before_from) is left out, since they could not have had
// events before. Roles are as of the extract; people are not dated into families.
//
// Windows (window_months = config.prePost.windowMonths, calendar months, DuckDB clamping
// to a shorter month's last day). Before: from referral_on - N months up to the day
// before referral_on. After: the day after anchor_on up to anchor_on + N months. Both
// cover N months of days and leave the anchor day itself out (the referral day's crisis
// and the closing day belong to the episode). The after window has fully passed when its
// last day is on or before the extract date (events dated the extract date are in it).
//
// Terms (school attendance): the last term ending before referral_on, and the first
// term starting after anchor_on (int_school_terms rule); the after term has passed when
// it ends on or before the extract date.
export default defineModel({
  name: 'int_pre_post_cohort',
  layer: 'intermediate',
  grain: 'one row per person and episode compared before and after',
  materialized: 'table',
  description:
    'The people of closed allocated episodes (intervention) and of referrals not allocated because they needed another service or no service (comparison), with the before and after windows of config.prePost.windowMonths and the school terms compared.',
  columns: {
    person_id: 'Person compared',
    episode_id: 'Episode (or unallocated referral)',
    family_id: 'Family',
    service: 'Service referred to',
    team: 'Team',
    locality: "The episode's locality, else the family's",
    referral_on: 'Request for support received',
    comparison_group: 'True for a referral not allocated (needs_other_service, no_service); false for a closed allocated episode',
    anchor_on: 'Where the after window starts (the day after): closed_on for the intervention group, decision_on for the comparison group',
    window_months: 'Months in each window (config.prePost.windowMonths)',
    before_from: 'First day of the before window: referral_on minus window_months',
    before_to: 'Last day of the before window: the day before referral_on',
    after_from: 'First day of the after window: the day after anchor_on',
    after_to: 'Last day of the after window: anchor_on plus window_months',
    after_window_passed: 'after_to is on or before the extract date',
    before_term: 'School term compared before: the last term ending before referral_on',
    before_term_start: 'First day of before_term',
    before_term_end: 'Last day of before_term',
    after_term: 'School term compared after: the first term starting after anchor_on',
    after_term_start: 'First day of after_term',
    after_term_end: 'Last day of after_term',
    after_term_passed: 'after_term_end is on or before the extract date',
  },
  query: ({ ref, db, config }) => {
    const months = sql.lit(config.prePost.windowMonths);
    return db
      .with('episodes', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .select([
            'e.episode_id',
            'e.family_id',
            'e.subject_person_id',
            'e.service',
            'e.team',
            'e.locality',
            'e.referral_on',
            'e.extracted_on',
            sql<boolean>`e.status = 'not_allocated'`.as('comparison_group'),
            sql<string>`case when e.status = 'not_allocated' then e.decision_on else e.closed_on end`.as('anchor_on'),
          ])
          .where((eb) =>
            eb.or([
              eb.and([eb('e.status', '=', 'closed'), eb('e.allocated_on', 'is not', null)]),
              eb.and([
                eb('e.status', '=', 'not_allocated'),
                eb('e.decision', 'in', ['needs_other_service', 'no_service']),
                eb('e.decision_on', '>=', eb.ref('e.referral_on')),
              ]),
            ]),
          ),
      )
      .with('windows', (qb) =>
        qb
          .selectFrom('episodes')
          .selectAll()
          .select([
            sql<number>`${months}`.as('window_months'),
            sql<string>`(referral_on - to_months(${months}))::DATE`.as('before_from'),
            sql<string>`(referral_on - 1)::DATE`.as('before_to'),
            sql<string>`(anchor_on + 1)::DATE`.as('after_from'),
            sql<string>`(anchor_on + to_months(${months}))::DATE`.as('after_to'),
          ]),
      )
      .with('before_terms', (qb) =>
        qb
          .selectFrom('windows as w')
          .innerJoin(ref('int_school_terms').as('t'), (j) => j.on(sql<boolean>`t.term_end < w.referral_on`))
          .select(['w.episode_id', sql<string>`arg_max(t.term_code, t.term_end)`.as('term_code')])
          .groupBy('w.episode_id'),
      )
      .with('after_terms', (qb) =>
        qb
          .selectFrom('windows as w')
          .innerJoin(ref('int_school_terms').as('t'), (j) => j.on(sql<boolean>`t.term_start > w.anchor_on`))
          .select(['w.episode_id', sql<string>`arg_min(t.term_code, t.term_start)`.as('term_code')])
          .groupBy('w.episode_id'),
      )
      .with('members', (qb) =>
        qb
          .selectFrom('windows as w')
          .innerJoin(ref('int_people').as('p'), 'p.family_id', 'w.family_id')
          .select(['w.episode_id', 'p.person_id'])
          .where('w.subject_person_id', 'is', null)
          .where('p.role', '<>', 'unborn')
          .where(sql<boolean>`(p.birth_month is null or p.birth_month + interval 1 month <= w.before_from)`),
      )
      .with('subjects', (qb) =>
        qb
          .selectFrom('windows as w')
          .leftJoin(ref('int_people').as('p'), 'p.person_id', 'w.subject_person_id')
          .select(['w.episode_id', 'w.subject_person_id as person_id'])
          .where('w.subject_person_id', 'is not', null)
          .where(sql<boolean>`(p.birth_month is null or p.birth_month + interval 1 month <= w.before_from)`),
      )
      .with('people', (qb) => qb.selectFrom('members').selectAll().unionAll(qb.selectFrom('subjects').selectAll()))
      .selectFrom('people as p')
      .innerJoin('windows as w', 'w.episode_id', 'p.episode_id')
      .leftJoin('before_terms as bt', 'bt.episode_id', 'w.episode_id')
      .leftJoin(ref('int_school_terms').as('tb'), 'tb.term_code', 'bt.term_code')
      .leftJoin('after_terms as at', 'at.episode_id', 'w.episode_id')
      .leftJoin(ref('int_school_terms').as('ta'), 'ta.term_code', 'at.term_code')
      .select([
        'p.person_id',
        'w.episode_id',
        'w.family_id',
        'w.service',
        'w.team',
        'w.locality',
        'w.referral_on',
        'w.comparison_group',
        'w.anchor_on',
        'w.window_months',
        'w.before_from',
        'w.before_to',
        'w.after_from',
        'w.after_to',
        sql<boolean>`w.after_to <= w.extracted_on`.as('after_window_passed'),
        'tb.term_code as before_term',
        'tb.term_start as before_term_start',
        'tb.term_end as before_term_end',
        'ta.term_code as after_term',
        'ta.term_start as after_term_start',
        'ta.term_end as after_term_end',
        sql<boolean>`ta.term_end <= w.extracted_on`.as('after_term_passed'),
      ]);
  },
  tests: [
    { unique: ['person_id', 'episode_id'] },
    { not_null: ['person_id', 'episode_id', 'referral_on', 'comparison_group', 'anchor_on', 'window_months', 'after_window_passed'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: 'before_to < referral_on and after_from > anchor_on', name: 'windows leave the anchor days out' },
    { expression: 'anchor_on >= referral_on', name: 'after window starts after referral' },
  ],
});
