import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../models/config.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { noFilters, type Filters } from '../../../models/indicators/Filters.ts';
import { youthJustice, type YouthJusticeOptions } from '../../../models/indicators/youthJustice.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { event, handMadeExtract, indicatorContext, round, type Row } from '../logic-model/helpers.ts';

// indicators.md section 7 on one hand-made extract of 2024-09-30: the Q1 2023 cohort's
// 18 months end exactly on the extract date (31 Mar 2023 + 18 months = 30 Sep 2024), Q2
// 2023's do not (30 Jun 2023 + 18 months = 30 Dec 2024).
//
// Age comes from the birth month: a person born in May 2013 is 10 from 1 May 2023, 9 on 30 April.
// Family FA (Hadley): first time entrant age boundaries and "first ever".
// Family FB (Wellington): the reoffending windows. Family FC (Hadley): custody and the KPIs.
const EXTRACTED_ON = '2024-09-30';

const yj = (extra: Row) => ({ source: 'youth_justice', ...extra });
const police = (extra: Row) => ({ source: 'police', ...extra });

const tables: Record<string, Row[]> = {
  families: [
    { family_id: 'FA', locality: 'Hadley' },
    { family_id: 'FB', locality: 'Wellington' },
    { family_id: 'FC', locality: 'Hadley' },
  ],
  people: [
    { person_id: 'A9', family_id: 'FA', role: 'child', birth_month: '2013-05-01', sex: 'male' },
    { person_id: 'A10', family_id: 'FA', role: 'child', birth_month: '2013-02-01', sex: 'female' },
    { person_id: 'A17', family_id: 'FA', role: 'child', birth_month: '2005-03-01', sex: 'male' },
    { person_id: 'A18', family_id: 'FA', role: 'child', birth_month: '2005-02-01', sex: 'male' },
    { person_id: 'E', family_id: 'FA', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'R1', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male', send: true },
    { person_id: 'R2', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'R3', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'R4', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'R5', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'Z', family_id: 'FB', role: 'child', birth_month: '2008-01-01', sex: 'male' },
    { person_id: 'C1', family_id: 'FC', role: 'child', birth_month: '2008-06-01', sex: 'male' },
    { person_id: 'C2', family_id: 'FC', role: 'child', birth_month: '2008-06-01', sex: 'male' },
    { person_id: 'C3', family_id: 'FC', role: 'child', birth_month: '2005-01-01', sex: 'male' },
  ],
  episodes: [
    // O1: R1's referral order ends in Q3 2023; latest eet_status during it: eet. R1 has SEND. (Wellington)
    { episode_id: 'O1', family_id: 'FB', subject_person_id: 'R1', service: 'YOS', referral_on: '2023-02-01', allocated_on: '2023-02-02', closed_on: '2023-08-15', closure_reason: 'outcomes_met', order_type: 'referral_order' },
    // O2: C1's YRO ends in Q3 2023; its eet_status events are before and after the episode; a looked_after_start before the end. (Hadley)
    { episode_id: 'O2', family_id: 'FC', subject_person_id: 'C1', service: 'YOS', referral_on: '2023-03-01', allocated_on: '2023-03-02', closed_on: '2023-09-01', closure_reason: 'outcomes_met', order_type: 'yro' },
    // O3: prevention work, ended in Q3 2023: not an order. O4: still open.
    { episode_id: 'O3', family_id: 'FC', subject_person_id: 'C2', service: 'YOS', referral_on: '2023-04-01', allocated_on: '2023-04-02', closed_on: '2023-07-20', closure_reason: 'outcomes_met', order_type: 'prevention' },
    { episode_id: 'O4', family_id: 'FC', subject_person_id: 'C2', service: 'YOS', referral_on: '2023-08-01', allocated_on: '2023-08-02', order_type: 'yro' },
  ],
  events: [
    // First time entrants.
    event('a9-1', 'out_of_court_disposal', '2023-04-30', yj({ person_id: 'A9', detail: 'youth_caution' })), // aged 9 (119 months): never an entrant
    event('a9-2', 'court_outcome', '2023-06-15', yj({ person_id: 'A9', detail: 'referral_order' })), // aged 10 but not the first ever
    event('a10', 'out_of_court_disposal', '2023-02-01', yj({ person_id: 'A10', detail: 'youth_caution' })), // 120 months: 10 -> entrant, Q1 2023
    event('a17', 'court_outcome', '2023-02-28', yj({ person_id: 'A17', detail: 'fine' })), // 215 months: 17 -> entrant, Q1 2023
    event('a18', 'court_outcome', '2023-02-01', yj({ person_id: 'A18', detail: 'fine' })), // 216 months: 18 -> not
    event('e-1', 'out_of_court_disposal', '2022-11-10', yj({ person_id: 'E', detail: 'community_resolution' })), // entrant in Q4 2022
    event('e-2', 'out_of_court_disposal', '2023-01-20', yj({ person_id: 'E', detail: 'youth_caution' })), // an earlier one: not again

    // Reoffending, Q1 2023 cohort (all aged 15).
    // R1: index court outcome 15 Jan 2023 (it proves the offence of 1 Jan); offence on 15 Jan 2024 (12 months
    // exactly) proven on 15 Jul 2024 (18 months exactly): 1 reoffence.
    event('r1-o0', 'offence', '2023-01-01', police({ person_id: 'R1', detail: 'theft' })),
    event('r1-idx', 'court_outcome', '2023-01-15', yj({ person_id: 'R1', detail: 'referral_order' })),
    event('r1-o1', 'offence', '2024-01-15', police({ person_id: 'R1', detail: 'violence' })),
    event('r1-p1', 'out_of_court_disposal', '2024-07-15', yj({ person_id: 'R1', detail: 'youth_caution' })),
    // R2: index 10 Feb 2023; offence on 11 Feb 2024, a day past the 12 months: not a reoffence, though proven.
    event('r2-idx', 'out_of_court_disposal', '2023-02-10', yj({ person_id: 'R2', detail: 'ycc' })),
    event('r2-o1', 'offence', '2024-02-11', police({ person_id: 'R2', detail: 'theft' })),
    event('r2-p1', 'court_outcome', '2024-03-01', yj({ person_id: 'R2', detail: 'fine' })),
    // R3: index 1 Mar 2023; offence 1 Jun 2023 proven on 2 Sep 2024, a day past the 18 months (1 Sep 2024): too late.
    event('r3-idx', 'court_outcome', '2023-03-01', yj({ person_id: 'R3', detail: 'discharge' })),
    event('r3-o1', 'offence', '2023-06-01', police({ person_id: 'R3', detail: 'criminal_damage' })),
    event('r3-p1', 'court_outcome', '2024-09-02', yj({ person_id: 'R3', detail: 'fine' })),
    // R4: index 20 Mar 2023; offences 1 Apr and 1 May, disposals 1 Jun (proves 1 May) and 1 Jul (proves 1 Apr): 2 reoffences.
    event('r4-idx', 'out_of_court_disposal', '2023-03-20', yj({ person_id: 'R4', detail: 'youth_caution' })),
    event('r4-o1', 'offence', '2023-04-01', police({ person_id: 'R4', detail: 'theft' })),
    event('r4-o2', 'offence', '2023-05-01', police({ person_id: 'R4', detail: 'robbery' })),
    event('r4-p1', 'court_outcome', '2023-06-01', yj({ person_id: 'R4', detail: 'yro' })),
    event('r4-p2', 'court_outcome', '2023-07-01', yj({ person_id: 'R4', detail: 'yro' })),
    // R5: index 10 Apr 2023 (Q2 2023, not yet 18 months): reoffence not reported yet.
    event('r5-idx', 'court_outcome', '2023-04-10', yj({ person_id: 'R5', detail: 'fine' })),
    event('r5-o1', 'offence', '2023-05-10', police({ person_id: 'R5', detail: 'theft' })),
    event('r5-p1', 'court_outcome', '2023-06-10', yj({ person_id: 'R5', detail: 'fine' })),
    // Z, matching only (Q4 2021 cohort): a disposal with no offence waiting (dropped), an offence never dealt with,
    // a second offence, then a disposal: it proves the second, the first stays unproven.
    event('z-p0', 'out_of_court_disposal', '2021-10-01', yj({ person_id: 'Z', detail: 'community_resolution' })),
    event('z-o1', 'offence', '2021-11-01', police({ person_id: 'Z', detail: 'theft' })),
    event('z-o2', 'offence', '2021-12-01', police({ person_id: 'Z', detail: 'theft' })),
    event('z-p1', 'out_of_court_disposal', '2021-12-20', yj({ person_id: 'Z', detail: 'youth_caution' })),

    // Custody, Q3 2023: court outcomes C1 x3, C2 x1 = 4 (C3 is 18: left out); one custody sentence (C2), one remand (C1).
    event('c1-1', 'court_outcome', '2023-07-05', yj({ person_id: 'C1', detail: 'referral_order' })),
    event('c1-2', 'court_outcome', '2023-08-05', yj({ person_id: 'C1', detail: 'yro' })),
    event('c1-3', 'court_outcome', '2023-09-05', yj({ person_id: 'C1', detail: 'yro' })),
    event('c1-r', 'custody', '2023-07-01', yj({ person_id: 'C1', detail: 'remand' })),
    event('c2-1', 'court_outcome', '2023-08-10', yj({ person_id: 'C2', detail: 'dto' })),
    event('c2-s', 'custody', '2023-08-10', yj({ person_id: 'C2', detail: 'sentence' })),
    event('c3-1', 'court_outcome', '2023-08-01', yj({ person_id: 'C3', detail: 'fine' })),
    event('c3-s', 'custody', '2023-08-01', yj({ person_id: 'C3', detail: 'sentence' })),

    // KPIs.
    event('r1-eet1', 'eet_status', '2023-03-01', { person_id: 'R1', detail: 'neet' }),
    event('r1-eet2', 'eet_status', '2023-08-01', { person_id: 'R1', detail: 'eet' }),
    event('c1-eet1', 'eet_status', '2022-12-01', { person_id: 'C1', detail: 'eet' }), // before O2
    event('c1-eet2', 'eet_status', '2023-09-10', { person_id: 'C1', detail: 'eet' }), // after O2 ended
    event('c1-lac', 'looked_after_start', '2023-05-01', { person_id: 'C1', source: 'social_care' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await handMadeExtract(EXTRACTED_ON, tables);
  await buildModels(db, { select: '+mart_youth_justice' });
});
afterAll(() => db.close());

const martRow = async (quarter: string, locality: string | null) =>
  db.one(`SELECT * FROM mart_youth_justice WHERE quarter = $1 AND locality IS NOT DISTINCT FROM $2`, [quarter, locality]);

const indicator = async (filters: Filters = noFilters, options: YouthJusticeOptions = {}, population: number | null = null) => {
  const config = resolveConfig({ youthJustice: { population10to17: population } });
  return youthJustice(indicatorContext(db, config), filters, options).execute();
};

describe('first time entrants', () => {
  it('counts a first disposal ever at 10 to 17, by the birth month rule', async () => {
    // A9 first disposal at 9 (never enters, even at 10 later); A10 at 10 and A17 at 17 enter in Q1 2023;
    // A18 at 18 does not; E entered in Q4 2022, so E's Q1 2023 disposal is not a first.
    const entrants = await db.all(`SELECT person_id, entered_on, age_years FROM int_first_time_entrants ORDER BY person_id`);
    expect(entrants).toEqual([
      { person_id: 'A10', entered_on: '2023-02-01', age_years: 10 },
      { person_id: 'A17', entered_on: '2023-02-28', age_years: 17 },
      { person_id: 'C1', entered_on: '2023-07-05', age_years: 15 },
      { person_id: 'C2', entered_on: '2023-08-10', age_years: 15 },
      { person_id: 'E', entered_on: '2022-11-10', age_years: 14 },
      { person_id: 'R1', entered_on: '2023-01-15', age_years: 15 },
      { person_id: 'R2', entered_on: '2023-02-10', age_years: 15 },
      { person_id: 'R3', entered_on: '2023-03-01', age_years: 15 },
      { person_id: 'R4', entered_on: '2023-03-20', age_years: 15 },
      { person_id: 'R5', entered_on: '2023-04-10', age_years: 15 },
      { person_id: 'Z', entered_on: '2021-10-01', age_years: 13 },
    ]);
    // Q1 2023 Hadley: A10 and A17 (E is not new); Q1 2023 Wellington: R1-R4.
    expect(await martRow('2023-01-01', 'Hadley')).toMatchObject({ first_time_entrants: 2, fte_rate_per_10000: null });
    expect(await martRow('2023-01-01', 'Wellington')).toMatchObject({ first_time_entrants: 4 });
    expect(await martRow('2022-10-01', 'Hadley')).toMatchObject({ first_time_entrants: 1 });
    expect(await martRow('2023-04-01', 'Hadley')).toMatchObject({ first_time_entrants: 0 }); // A9's second disposal
  });

  it('gives the rate per 10,000 only for the whole authority, when the population is configured', async () => {
    // Q1 2023: 6 entrants of a population of 20,000 = 6 / 20,000 x 10,000 = 3.0 per 10,000.
    const all = await indicator(noFilters, { byLocality: false }, 20000);
    expect(all.find((r) => r.quarter === '2023-01-01')).toMatchObject({ locality: null, first_time_entrants: 6, population_10_to_17: 20000, fte_rate_per_10000: 3 });
    // Not for a locality, nor when the rows are a part of the population (filtered), nor without a population.
    expect((await indicator(noFilters, {}, 20000)).every((r) => r.fte_rate_per_10000 === null)).toBe(true);
    expect((await indicator({ locality: ['Hadley'] }, { byLocality: false }, 20000)).every((r) => r.fte_rate_per_10000 === null)).toBe(true);
    expect((await indicator({ sex: ['female'] }, { byLocality: false }, 20000)).every((r) => r.fte_rate_per_10000 === null)).toBe(true);
    expect((await martRow('2023-01-01', null))?.fte_rate_per_10000).toBeNull();
  });
});

describe('proven reoffending', () => {
  it('proves each offence by the next disposal, latest offence first', async () => {
    const proofs = await db.all(`SELECT event_id, proven_by_event_id FROM int_offences_proven WHERE person_id IN ('R4', 'Z', 'R1') ORDER BY event_id`);
    expect(proofs).toEqual([
      { event_id: 'r1-o0', proven_by_event_id: 'r1-idx' },
      { event_id: 'r1-o1', proven_by_event_id: 'r1-p1' },
      { event_id: 'r4-o1', proven_by_event_id: 'r4-p2' },
      { event_id: 'r4-o2', proven_by_event_id: 'r4-p1' },
      { event_id: 'z-o1', proven_by_event_id: null },
      { event_id: 'z-o2', proven_by_event_id: 'z-p1' },
    ]);
  });

  it('counts offences up to 12 months after the index date proven up to 18 months after it', async () => {
    const cohort = await db.all(
      `SELECT person_id, index_event_id, follow_up_ends_on, proof_ends_on, follow_up_passed, cohort_follow_up_passed, reoffences
       FROM int_reoffending_cohort WHERE cohort_quarter = '2023-01-01' AND locality = 'Wellington' ORDER BY person_id`,
    );
    expect(cohort).toEqual([
      { person_id: 'R1', index_event_id: 'r1-idx', follow_up_ends_on: '2024-01-15', proof_ends_on: '2024-07-15', follow_up_passed: true, cohort_follow_up_passed: true, reoffences: 1 },
      { person_id: 'R2', index_event_id: 'r2-idx', follow_up_ends_on: '2024-02-10', proof_ends_on: '2024-08-10', follow_up_passed: true, cohort_follow_up_passed: true, reoffences: 0 },
      { person_id: 'R3', index_event_id: 'r3-idx', follow_up_ends_on: '2024-03-01', proof_ends_on: '2024-09-01', follow_up_passed: true, cohort_follow_up_passed: true, reoffences: 0 },
      { person_id: 'R4', index_event_id: 'r4-idx', follow_up_ends_on: '2024-03-20', proof_ends_on: '2024-09-20', follow_up_passed: true, cohort_follow_up_passed: true, reoffences: 2 },
    ]);
    // Q1 2023 Wellington: 4 in the cohort, R1 and R4 reoffended (50%), 3 reoffences: 0.75 per offender, 1.5 per reoffender.
    expect(await martRow('2023-01-01', 'Wellington')).toMatchObject({
      reoffending_cohort: 4,
      reoffending_follow_up_complete: true,
      reoffenders: 2,
      reoffences: 3,
      reoffending_rate_pct: 50,
      reoffences_per_offender: 0.75,
      reoffences_per_reoffender: 1.5,
    });
    // Q1 2023 Hadley: A10, A17 (aged 17 on the day) and E (its first disposal in the quarter); not A18 (18). Nobody reoffended.
    expect(await martRow('2023-01-01', 'Hadley')).toMatchObject({ reoffending_cohort: 3, reoffenders: 0, reoffences: 0, reoffending_rate_pct: 0 });
    // The whole authority adds them: 2 of 7.
    const authority = await martRow('2023-01-01', null);
    expect(round(authority?.reoffending_rate_pct)).toBe(round((100 * 2) / 7));
  });

  it('reports nothing for a cohort whose 18 months have not passed', async () => {
    // Q2 2023 ends 30 Jun 2023; + 18 months = 30 Dec 2024, after the extract date. Its Wellington cohort is R5
    // (index 10 Apr; R5 did reoffend) and R4 (court outcome of 1 Jun 2023).
    expect(await martRow('2023-04-01', 'Wellington')).toMatchObject({
      reoffending_cohort: 2,
      reoffending_follow_up_complete: false,
      reoffenders: null,
      reoffences: null,
      reoffending_rate_pct: null,
      reoffences_per_offender: null,
    });
    // R5's own 18 months (10 Apr 2023 -> 10 Oct 2024) have not passed either.
    expect((await db.one(`SELECT follow_up_passed FROM int_reoffending_cohort WHERE person_id = 'R5'`))?.follow_up_passed).toBe(false);
  });
});

describe('custody and the 2023 KPIs', () => {
  it('gives custody sentences as a share of court outcomes of 10-17 year olds', async () => {
    // Q3 2023 Hadley: court outcomes C1 x3 + C2 = 4 (C3 is 18); custody sentences: C2's = 1 (C1's is a remand): 25%.
    expect(await martRow('2023-07-01', 'Hadley')).toMatchObject({ court_outcomes: 4, custody_sentences: 1, custody_pct: 25 });
  });

  it('counts ETE, SEND and looked-after children among the orders that ended', async () => {
    // Q3 2023: O1 (R1, Wellington): eet at the end (latest during the order), SEND, not looked after.
    // O2 (C1, Hadley): no eet_status during the order, looked after since May 2023. O3 prevention, O4 open: not counted.
    expect(await martRow('2023-07-01', 'Wellington')).toMatchObject({ orders_ended: 1, suitable_ete: 1, suitable_ete_pct: 100, send: 1, looked_after: 0 });
    expect(await martRow('2023-07-01', 'Hadley')).toMatchObject({ orders_ended: 1, suitable_ete: 0, send: 0, looked_after: 1, looked_after_pct: 100 });
    expect(await martRow('2023-07-01', null)).toMatchObject({ orders_ended: 2, suitable_ete: 1, suitable_ete_pct: 50, send: 1, send_pct: 50, looked_after: 1, looked_after_pct: 50 });
  });
});

describe('filters', () => {
  it('filters by locality, person and period, and refuses a service filter', async () => {
    const hadley = await indicator({ locality: ['Hadley'] });
    expect(new Set(hadley.map((r) => r.locality))).toEqual(new Set(['Hadley']));
    // Female: A10 only (Q1 2023 entrant).
    const female = await indicator({ sex: ['female'] }, { byLocality: false });
    expect(female).toMatchObject([{ quarter: '2023-01-01', first_time_entrants: 1, reoffending_cohort: 1 }]);
    // February 2023 only: entrants A10, A17, R2; cohort members indexed in February: A10, A17, R2.
    const february = await indicator({ from: '2023-02-01', to: '2023-02-28' }, { byLocality: false });
    expect(february).toMatchObject([{ quarter: '2023-01-01', first_time_entrants: 3, reoffending_cohort: 3, reoffenders: 0 }]);
    await expect(indicator({ service: ['YOS'] })).rejects.toThrow(/cannot be filtered by service/);
  });

  it('gives the mart the indicator rows, by locality and for the whole authority', async () => {
    const mart = await db.all(`SELECT * FROM mart_youth_justice ORDER BY quarter, locality NULLS LAST`);
    const byLocality = await indicator();
    const authority = await indicator(noFilters, { byLocality: false });
    // Localities in code-point order, the whole-authority row (null) last in each quarter, as the SQL above sorts.
    const key = (r: { quarter: string; locality: string | null }) => `${r.quarter}|${r.locality === null ? '\uffff' : r.locality}`;
    const expected = [...byLocality, ...authority].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(mart).toEqual(expected);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: '+mart_youth_justice' });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});
