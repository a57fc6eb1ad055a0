import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../models/config.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { prePostSummary } from '../../../models/indicators/prePostSummary.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { indicatorContext, insert, type Row } from '../supporting-families/rows.ts';

// indicators.md section 6 on hand-made extracts of 2025-06-30, window 6 months (default).
const EXTRACTED_ON = '2025-06-30';
const SELECT = ['+mart_pre_post', 'seed_t_critical_95'];

const event = (event_id: string, person_id: string, event_type: string, on: string, extra: Row = {}): Row => ({
  event_id,
  person_id,
  event_type,
  occurred_at: `${on} 10:00`,
  source: 'police',
  ...extra,
});

async function extract(rows: Record<string, Row[]>): Promise<Database> {
  const db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  for (const [table, list] of Object.entries(rows)) await insert(db, table, list);
  return db;
}

describe('mart_pre_post: who, which windows, which edges', () => {
  // X1  G1 FIT allocated, referred 2024-03-15, closed 2024-09-30:
  //     before 2023-09-15 .. 2024-03-14, after 2024-10-01 .. 2025-03-30 (passed).
  //     People: A1 (parent), K1 (child); not U1 (unborn) nor B1 (born May 2024, after the window opened).
  // X2  G2 YIT (K2) closed 2025-01-01: after window ends 2025-07-01, after the extract -> excluded.
  // X7  G2 TYSS (K2) closed 2024-12-30: after window ends 2025-06-30, the extract date -> included.
  // X3  G3 FIT referred 2024-05-01, decided no_service 2024-05-03: comparison group,
  //     before 2023-11-01 .. 2024-04-30, after 2024-05-04 .. 2024-11-03. People K3, A3.
  // X4  G3 FIT closed from the waiting list, never allocated: neither group.
  // X5  G2 YIT returned_to_front_door: not a comparison decision.
  const rows: Record<string, Row[]> = {
    families: [
      { family_id: 'G1', locality: 'Hadley' },
      { family_id: 'G2', locality: 'Hadley' },
      { family_id: 'G3', locality: 'Wellington' },
    ],
    people: [
      { person_id: 'A1', family_id: 'G1', role: 'parent' },
      { person_id: 'K1', family_id: 'G1', role: 'child', birth_month: '2012-03-01' },
      { person_id: 'U1', family_id: 'G1', role: 'unborn' },
      { person_id: 'B1', family_id: 'G1', role: 'child', birth_month: '2024-05-01' },
      { person_id: 'K2', family_id: 'G2', role: 'child', birth_month: '2009-01-01' },
      { person_id: 'K3', family_id: 'G3', role: 'child', birth_month: '2012-06-01' },
      { person_id: 'A3', family_id: 'G3', role: 'parent' },
    ],
    episodes: [
      { episode_id: 'X1', family_id: 'G1', service: 'FIT', team: 'FIT A', referral_on: '2024-03-15', decision: 'allocated', decision_on: '2024-03-18', allocated_on: '2024-03-20', closed_on: '2024-09-30', closure_reason: 'outcomes_met' },
      { episode_id: 'X2', family_id: 'G2', subject_person_id: 'K2', service: 'YIT', referral_on: '2024-06-10', decision: 'allocated', allocated_on: '2024-06-12', closed_on: '2025-01-01', closure_reason: 'outcomes_met' },
      { episode_id: 'X7', family_id: 'G2', subject_person_id: 'K2', service: 'TYSS', referral_on: '2024-10-01', decision: 'allocated', allocated_on: '2024-10-02', closed_on: '2024-12-30', closure_reason: 'outcomes_met' },
      { episode_id: 'X3', family_id: 'G3', service: 'FIT', team: 'FIT B', referral_on: '2024-05-01', decision: 'no_service', decision_on: '2024-05-03' },
      { episode_id: 'X4', family_id: 'G3', service: 'FIT', referral_on: '2024-07-01', decision: 'waiting_list', decision_on: '2024-07-02', closed_on: '2024-08-01', closure_reason: 'declined' },
      { episode_id: 'X5', family_id: 'G2', subject_person_id: 'K2', service: 'YIT', referral_on: '2023-01-10', decision: 'returned_to_front_door', decision_on: '2023-01-12' },
    ],
    events: [
      event('e1', 'K1', 'offence', '2023-09-14'), // one day before the before window: out
      event('e2', 'K1', 'offence', '2023-09-15'), // first day of the before window: before
      event('e3', 'K1', 'missing_episode', '2024-03-14'), // last day before referral: before
      event('e4', 'K1', 'offence', '2024-03-15'), // referral day: neither
      event('e5', 'K1', 'offence', '2024-06-01'), // during the episode: neither
      event('e6', 'K1', 'offence', '2024-09-30'), // closing day: neither
      event('e7', 'K1', 'asb_incident', '2024-10-01'), // first day after closing: after
      event('e8', 'K1', 'offence', '2025-03-30'), // last day of the after window: after
      event('e9', 'K1', 'offence', '2025-03-31'), // one day past it: out
      event('e10', 'A1', 'domestic_abuse_incident', '2023-12-01'),
      event('e11', 'A1', 'domestic_abuse_incident', '2024-01-10'),
      event('e12', 'B1', 'social_care_referral', '2024-10-05'), // B1 is not compared
      event('e13', 'K2', 'offence', '2025-02-01'), // X7 after window
      event('e14', 'K3', 'offence', '2024-02-01'), // comparison before
      event('e15', 'K3', 'offence', '2024-05-03'), // decision day: neither
      event('e16', 'K3', 'offence', '2024-11-03'), // last day of the comparison's after window
      event('e17', 'K3', 'offence', '2024-11-04'), // one day past it
      event('a1', 'K1', 'school_attendance', '2023-12-18', { detail: '2023-autumn', value: 80, source: 'education' }),
      event('a2', 'K1', 'school_attendance', '2024-03-28', { detail: '2024-spring', value: 85, source: 'education' }),
      event('a3', 'K1', 'school_attendance', '2025-03-28', { detail: '2025-spring', value: 92.5, source: 'education' }),
      event('a4', 'K3', 'school_attendance', '2024-03-28', { detail: '2024-spring', value: 88, source: 'education' }),
      event('a5', 'K3', 'school_attendance', '2024-12-18', { detail: '2024-Autumn', value: 86, source: 'education' }),
    ],
  };

  let db: Database;
  beforeAll(async () => {
    db = await extract(rows);
    await buildModels(db, { select: SELECT });
  });
  afterAll(() => db.close());

  const counts = async (episode: string, person: string) =>
    Object.fromEntries(
      (await db.all<{ measure: string; before_count: number; after_count: number }>(
        `SELECT measure, before_count, after_count FROM mart_pre_post WHERE episode_id = $1 AND person_id = $2 ORDER BY measure`,
        [episode, person],
      )).map((r) => [r.measure, [r.before_count, r.after_count]]),
    );

  it('compares the members of a closed family episode (not the unborn, not those born since), the subject of a youth episode, and the comparison referrals', async () => {
    const pairs = await db.all(`SELECT DISTINCT episode_id, person_id, comparison_group FROM mart_pre_post ORDER BY episode_id, person_id`);
    expect(pairs).toEqual([
      { episode_id: 'X1', person_id: 'A1', comparison_group: false },
      { episode_id: 'X1', person_id: 'K1', comparison_group: false },
      { episode_id: 'X3', person_id: 'A3', comparison_group: true },
      { episode_id: 'X3', person_id: 'K3', comparison_group: true },
      { episode_id: 'X7', person_id: 'K2', comparison_group: false },
    ]);
  });

  it('leaves out an episode whose after window has not fully passed; one ending on the extract date counts', async () => {
    // X2: 2025-01-01 + 6 months = 2025-07-01 > 2025-06-30. X7: 2024-12-30 + 6 months = 2025-06-30.
    expect(await db.all(`SELECT * FROM mart_pre_post WHERE episode_id = 'X2'`)).toEqual([]);
    expect(await db.one(`SELECT after_to FROM mart_pre_post WHERE episode_id = 'X7' AND measure = 'offence'`)).toEqual({ after_to: '2025-06-30' });
    expect((await counts('X7', 'K2')).offence).toEqual([0, 1]);
  });

  it('counts events on the first and last day of each window, not the day outside nor the referral, episode or closing days', async () => {
    // K1 offences: e2 (first day before) and e8 (last day after) count; e1, e4, e5, e6, e9 do not.
    expect(await counts('X1', 'K1')).toEqual({
      asb_incident: [0, 1], // e7, the day after closing
      domestic_abuse_incident: [0, 0],
      exclusion: [0, 0],
      missing_episode: [1, 0], // e3, the day before referral
      offence: [1, 1],
      school_attendance: [80, 92.5], // 2023-autumn (last term ended before 15 Mar 2024) vs 2025-spring (first to start after 30 Sep 2024)
      social_care_referral: [0, 0],
    });
    expect((await counts('X1', 'A1')).domestic_abuse_incident).toEqual([2, 0]);
    const window = await db.one(`SELECT before_from, before_to, after_from, after_to, window_months FROM mart_pre_post WHERE episode_id = 'X1' AND person_id = 'K1' AND measure = 'offence'`);
    expect(window).toEqual({ before_from: '2023-09-15', before_to: '2024-03-14', after_from: '2024-10-01', after_to: '2025-03-30', window_months: 6 });
  });

  it('starts the comparison group after window at the decision date', async () => {
    // X3 decided 2024-05-03: after window 2024-05-04 .. 2024-11-03. e14 before, e16 after; e15, e17 out.
    expect(await db.one(`SELECT anchor_on, after_from, after_to FROM mart_pre_post WHERE episode_id = 'X3' AND person_id = 'K3' AND measure = 'offence'`)).toEqual({
      anchor_on: '2024-05-03',
      after_from: '2024-05-04',
      after_to: '2024-11-03',
    });
    const k3 = await counts('X3', 'K3');
    expect(k3.offence).toEqual([1, 1]);
    // Attendance: referred 1 May 2024 -> 2024-spring (ended 31 Mar); decided 3 May -> 2024-autumn (term code matched in any case).
    expect(k3.school_attendance).toEqual([88, 86]);
    expect(Object.values(await counts('X3', 'A3'))).toEqual(Array(6).fill([0, 0]));
  });

  it('prePostSummary per measure and group, filtered by period of referral and by person', async () => {
    const ctx = indicatorContext(db);
    const offence = (await prePostSummary(ctx, noFilters).execute()).filter((r: any) => r.measure === 'offence');
    // Intervention: A1 0 -> 0, K1 1 -> 1, K2 0 -> 1. Changes 0, 0, +1: mean 1/3,
    // sd = sqrt(((1/3)^2 + (1/3)^2 + (2/3)^2) / 2) = sqrt(1/3).
    // Comparison: K3 1 -> 1, A3 0 -> 0: changes 0, 0.
    expect(offence).toMatchObject([
      { comparison_group: false, people: 3, people_any_before: 1, people_any_after: 2, sum_before: 1, sum_after: 2 },
      { comparison_group: true, people: 2, people_any_before: 1, people_any_after: 1, mean_change: 0, sd_change: 0 },
    ]);
    expect(offence[0].mean_change).toBeCloseTo(1 / 3, 10);
    expect(offence[0].sd_change).toBeCloseTo(Math.sqrt(1 / 3), 10);
    expect(offence[0].did).toBeCloseTo(1 / 3, 10);
    // Referred from May 2024: X3 (1 May) and X7 (1 Oct), not X1 (15 Mar).
    const may = await prePostSummary(ctx, { from: '2024-05-01' }).execute();
    expect(may.filter((r: any) => r.measure === 'offence').map((r: any) => [r.comparison_group, r.people])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    // Children aged 10-13 at the extract date: K1 (13) and K3 (13); not K2 (16) nor the parents.
    const children = await prePostSummary(ctx, { ageBand: ['10-13'] }).execute();
    expect(children.filter((r: any) => r.measure === 'offence').map((r: any) => [r.comparison_group, r.people])).toEqual([
      [false, 1],
      [true, 1],
    ]);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: SELECT });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });

  it('uses the configured window: with 12 months, X1 and X7 have not passed yet, X3 has', async () => {
    // X1: 2024-09-30 + 12 = 2025-09-30; X7: 2025-12-30; X3: 2024-05-03 + 12 = 2025-05-03 <= 2025-06-30.
    await buildModels(db, { select: SELECT, config: resolveConfig({ prePost: { windowMonths: 12 } }) });
    expect(await db.all(`SELECT DISTINCT episode_id, window_months, before_from FROM mart_pre_post WHERE unit = 'events'`)).toEqual([
      { episode_id: 'X3', window_months: 12, before_from: '2023-05-01' },
    ]);
    // Attendance compares terms, whatever the window: X1's 2025-spring term has ended, so K1's row stays.
    expect(await db.all(`SELECT episode_id, person_id FROM mart_pre_post WHERE unit = 'attendance_percent' ORDER BY episode_id`)).toEqual([
      { episode_id: 'X1', person_id: 'K1' },
      { episode_id: 'X3', person_id: 'K3' },
    ]);
  });
});

describe('prePostSummary confidence intervals, worked by hand', () => {
  // Intervention TI (T1: Y1, Y2, Y3): referred 2024-01-10, closed 2024-06-30
  //   before 2023-07-10 .. 2024-01-09, after 2024-07-01 .. 2024-12-30.
  // Comparison TC (T2: Y4, Y5): referred 2024-02-01, decided needs_other_service 2024-02-05
  //   before 2023-08-01 .. 2024-01-31, after 2024-02-06 .. 2024-08-05.
  // Offences (before -> after): Y1 3 -> 1, Y2 2 -> 2, Y3 4 -> 0; Y4 1 -> 2, Y5 2 -> 1.
  const offences: [string, string[], string[]][] = [
    ['Y1', ['2023-08-01', '2023-09-01', '2023-10-01'], ['2024-08-01']],
    ['Y2', ['2023-08-01', '2023-09-01'], ['2024-08-01', '2024-09-01']],
    ['Y3', ['2023-08-01', '2023-09-01', '2023-10-01', '2023-11-01'], []],
    ['Y4', ['2023-09-01'], ['2024-03-01', '2024-04-01']],
    ['Y5', ['2023-09-01', '2023-10-01'], ['2024-03-01']],
  ];
  const rows: Record<string, Row[]> = {
    families: [
      { family_id: 'T1', locality: 'Hadley' },
      { family_id: 'T2', locality: 'Hadley' },
    ],
    people: ['Y1', 'Y2', 'Y3', 'Y4', 'Y5'].map((person_id) => ({ person_id, family_id: person_id <= 'Y3' ? 'T1' : 'T2', role: 'child', birth_month: '2010-01-01' })),
    episodes: [
      { episode_id: 'TI', family_id: 'T1', service: 'FIT', referral_on: '2024-01-10', decision: 'allocated', allocated_on: '2024-01-15', closed_on: '2024-06-30', closure_reason: 'outcomes_met' },
      { episode_id: 'TC', family_id: 'T2', service: 'FIT', referral_on: '2024-02-01', decision: 'needs_other_service', decision_on: '2024-02-05' },
    ],
    events: offences.flatMap(([p, before, after]) => [...before, ...after].map((on, i) => event(`${p}-${i}`, p, 'offence', on))),
  };

  let db: Database;
  let summary: any[];
  beforeAll(async () => {
    db = await extract(rows);
    await buildModels(db, { select: SELECT });
    summary = await prePostSummary(indicatorContext(db), noFilters).execute();
  });
  afterAll(() => db.close());

  it('paired change with a t interval', () => {
    const [int, cmp] = summary.filter((r) => r.measure === 'offence');
    // Intervention changes -2, 0, -4: mean -2; deviations 0, +2, -2 -> SS 8, var 8/2 = 4, sd 2.
    // t975(df 2) = 4.302653; half-width 4.302653 x 2 / sqrt(3) = 4.968275 -> [-6.968275, 2.968275].
    expect(int).toMatchObject({ comparison_group: false, people: 3, people_any_before: 3, people_any_after: 2, mean_before: 3, mean_after: 1, mean_change: -2, sd_change: 2, t975: 4.302653 });
    expect(int.pct_any_after).toBeCloseTo(200 / 3, 10);
    expect(int.ci95_low).toBeCloseTo(-6.968275, 5);
    expect(int.ci95_high).toBeCloseTo(2.968275, 5);
    // Comparison changes +1, -1: mean 0, sd sqrt(2); t975(df 1) = 12.706205; half-width 12.706205 x sqrt(2) / sqrt(2).
    expect(cmp).toMatchObject({ comparison_group: true, people: 2, mean_before: 1.5, mean_after: 1.5, mean_change: 0, t975: 12.706205 });
    expect(cmp.sd_change).toBeCloseTo(Math.SQRT2, 10);
    expect(cmp.ci95_low).toBeCloseTo(-12.706205, 5);
    expect(cmp.ci95_high).toBeCloseTo(12.706205, 5);
  });

  it('difference in differences with a Welch interval', () => {
    const [int, cmp] = summary.filter((r) => r.measure === 'offence');
    // did = -2 - 0 = -2. vi = 4/3, vc = 2/2 = 1; se = sqrt(7/3) = 1.527525.
    // df = (7/3)^2 / ((4/3)^2 / 2 + 1^2 / 1) = 5.444444 / 1.888889 = 2.882353 -> floor 2 -> t 4.302653.
    // half-width 4.302653 x 1.527525 = 6.572411 -> [-8.572411, 4.572411].
    for (const row of [int, cmp]) {
      expect(row.did).toBe(-2);
      expect(row.did_se).toBeCloseTo(Math.sqrt(7 / 3), 10);
      expect(row.did_df).toBeCloseTo(49 / 17, 10);
      expect(row.did_t975).toBe(4.302653);
      expect(row.did_ci95_low).toBeCloseTo(-8.572411, 5);
      expect(row.did_ci95_high).toBeCloseTo(4.572411, 5);
    }
  });

  it('no variation in either group: the intervals shrink to the point', () => {
    // No missing episodes at all: every change is 0.
    const missing = summary.filter((r) => r.measure === 'missing_episode');
    expect(missing).toMatchObject([
      { people: 3, people_any_before: 0, mean_change: 0, sd_change: 0, ci95_low: 0, ci95_high: 0, did: 0, did_se: 0, did_df: null, did_ci95_low: 0, did_ci95_high: 0 },
      { people: 2, mean_change: 0, ci95_low: 0, ci95_high: 0, did: 0 },
    ]);
  });
});
