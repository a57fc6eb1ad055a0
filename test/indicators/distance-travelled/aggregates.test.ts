import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { baselineStageProfile } from '../../../models/indicators/baselineStageProfile.ts';
import { distanceTravelled } from '../../../models/indicators/distanceTravelled.ts';
import { noFilters, type Filters } from '../../../models/indicators/Filters.ts';
import { gcp2HighToLow } from '../../../models/indicators/gcp2HighToLow.ts';
import { readingPairs } from '../../../models/indicators/readingPairs.ts';
import { stageTransitions } from '../../../models/indicators/stageTransitions.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { indicatorContext, insert, reading } from './helpers.ts';

// Aggregates of distance travelled (indicators.md section 2) on hand-made pairs.
// Extract date 2025-06-30; reliability r = 0.8 (default), so sqrt(2) x sqrt(1 - r) = sqrt(0.4)
// = 0.632456. t975: df 1 12.706205, df 2 4.302653, df 3 3.182446 (seed_t_critical_95).
const EXTRACTED_ON = '2025-06-30';

const families = [
  { family_id: 'F1', locality: 'Hadley' },
  { family_id: 'F2', locality: 'Wellington' },
  { family_id: 'F3', locality: 'Madeley' },
  { family_id: 'F4', locality: 'Oakengates' },
  { family_id: 'F5', locality: 'Hadley' },
  { family_id: 'F6', locality: 'Wellington' },
];
const child = (person_id: string, family_id: string, sex: string) => ({ person_id, family_id, role: 'child', sex, birth_month: '2014-01-01' });
const people = [
  child('P11', 'F1', 'female'),
  child('P12', 'F2', 'male'),
  child('P13', 'F3', 'female'),
  child('P14', 'F4', 'male'),
  child('P15', 'F4', 'male'),
  child('P16', 'F5', 'female'),
  child('P17', 'F6', 'male'),
];
const episode = (episode_id: string, family_id: string, service: string) => ({
  episode_id,
  family_id,
  service,
  referral_on: '2024-01-02',
  decision: 'allocated',
  allocated_on: '2024-01-05',
});
const episodes = [
  episode('E11', 'F1', 'FIT'),
  episode('E12', 'F2', 'FIT'),
  episode('E13', 'F3', 'FIT'),
  episode('E14', 'F4', 'FIT'),
  episode('E15', 'F1', 'FIT'),
  episode('E16', 'F2', 'FIT'),
  episode('E17', 'F4', 'YIT'),
  episode('E18', 'F5', 'FIT'),
  episode('E19', 'F6', 'FIT'),
];
// My Star "friends", four children (baseline -> latest, improvement, stages):
//   S1 P11 Hadley     2 -> 5  +3  stuck -> trying            up
//   S2 P12 Wellington 4 -> 6  +2  accepting_help -> trying   up
//   S3 P13 Madeley    4 -> 4   0  accepting_help -> same
//   S4 P14 Oakengates 6 -> 5  -1  trying -> trying
const myStar = (id: string, ep: string, person: string, first: number, last: number) => [
  ...reading(`${id}a`, ep, person, 'my_star', '2024-02-01', { friends: first }),
  ...reading(`${id}b`, ep, person, 'my_star', '2024-06-01', { friends: last }),
];
const assessments = [
  ...myStar('S1', 'E11', 'P11', 2, 5),
  ...myStar('S2', 'E12', 'P12', 4, 6),
  ...myStar('S3', 'E13', 'P13', 4, 4),
  ...myStar('S4', 'E14', 'P14', 6, 5),
  // Family-level Family Star Plus: F1 (a girl, P11) 3 -> 5 = +2; F2 (a boy, P12) 4 -> 4 = 0.
  ...reading('FA', 'E15', null, 'family_star_plus', '2024-02-01', { physical_health: 3 }),
  ...reading('FB', 'E15', null, 'family_star_plus', '2024-06-01', { physical_health: 5 }),
  ...reading('FC', 'E16', null, 'family_star_plus', '2024-02-01', { physical_health: 4 }),
  ...reading('FD', 'E16', null, 'family_star_plus', '2024-06-01', { physical_health: 4 }),
  // Youth Star edition 2: 8 -> 9, finding_what_works -> self_reliance.
  ...reading('YA', 'E17', 'P15', 'youth_star', '2024-02-01', { hopes_dreams: 8 }, { edition: '2' }),
  ...reading('YB', 'E17', 'P15', 'youth_star', '2024-06-01', { hopes_dreams: 9 }, { edition: '2' }),
  // GCP2 (grade = score): P16 physical 5 -> 2, emotional 4 -> 4, safety 3 -> 1; P17 physical 4 -> 4, emotional 5 -> 5.
  ...reading('GA', 'E18', 'P16', 'gcp2', '2024-02-01', { physical_care: 5, emotional_care: 4, care_of_safety: 3 }),
  ...reading('GB', 'E18', 'P16', 'gcp2', '2024-06-01', { physical_care: 2, emotional_care: 4, care_of_safety: 1 }),
  ...reading('GC', 'E19', 'P17', 'gcp2', '2024-02-01', { physical_care: 4, emotional_care: 5 }),
  ...reading('GD', 'E19', 'P17', 'gcp2', '2024-06-01', { physical_care: 4, emotional_care: 5 }),
];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  await insert(db, 'families', families);
  await insert(db, 'people', people);
  await insert(db, 'episodes', episodes);
  await insert(db, 'assessments', assessments);
  // int_people answers the person filters of the API calls.
  await buildModels(db, { select: ['+mart_reading_pairs', '+mart_distance_travelled', '+int_people'] });
});
afterAll(() => db.close());

const ctx = () => indicatorContext(db);
const aggregate = async (filters: Filters, tool: string, area: string) =>
  (await distanceTravelled(ctx(), filters).execute()).find((r) => r.tool === tool && r.area === area);

describe('distanceTravelled: means, spread, interval, effect size and shares', () => {
  it('gives every aggregate of four My Star pairs, worked by hand', async () => {
    const row = await db.one(`SELECT * FROM mart_distance_travelled WHERE tool = 'my_star' AND area = 'friends'`);
    // Improvements 3, 2, 0, -1: n 4, mean 4 / 4 = 1, median (0 + 2) / 2 = 1.
    // SD: deviations 2, 1, -1, -2, squares 10, / (4 - 1): sqrt(10/3) = 1.825742.
    // 95% CI: t975(3) = 3.182446; 3.182446 x 1.825742 / sqrt(4) = 2.905162: (-1.905162, 3.905162).
    // Effect size 1 / 1.825742 = 0.547723. Improved 2, same 1, worse 1 of 4: 50, 25, 25.
    // Stage up: S1, S2 of 4 = 50. Reliable change: baselines 2, 4, 4, 6, mean 4, squares 8,
    // SD sqrt(8/3) = 1.632993; threshold 1.96 x 1.632993 x 0.632456 = 2.024279: S1 (+3) only,
    // S2 (+2) falls just short: 1 of 4 = 25.
    expect(row).toMatchObject({
      edition: '1',
      n_pairs: 4,
      mean_baseline: 4,
      mean_latest: 5,
      mean_improvement: 1,
      median_improvement: 1,
      pct_improved: 50,
      pct_same: 25,
      pct_worse: 25,
      pct_stage_up: 50,
      pct_reliable_improvement: 25,
      n_improved: 2,
      n_same: 1,
      n_worse: 1,
      n_with_stage: 4,
      n_stage_up: 2,
      n_with_reliable_threshold: 4,
      n_reliable: 1,
      sum_baseline: 16,
      sum_latest: 20,
      sum_improvement: 4,
      sum_sq_improvement: 14, // 9 + 4 + 0 + 1
      t_critical: 3.182446,
    });
    expect(row?.sd_improvement).toBeCloseTo(1.825742, 6);
    expect(row?.ci95_low).toBeCloseTo(-1.905162, 6);
    expect(row?.ci95_high).toBeCloseTo(3.905162, 6);
    expect(row?.effect_size).toBeCloseTo(0.547723, 6);
  });

  it('uses t with n - 1 degrees of freedom for a small filtered set (n = 3), keeping the reliable-change SD of all pairs', async () => {
    // Without Oakengates (S4): improvements 3, 2, 0; mean 5/3 = 1.666667; deviations 4/3,
    // 1/3, -5/3, squares 42/9, / 2 = 7/3, SD 1.527525. t975(2) = 4.302653:
    // 4.302653 x 1.527525 / sqrt(3) = 3.794583, CI (-2.127917, 5.461250). Effect size
    // 1.666667 / 1.527525 = 1.091089. The threshold stays 2.024279 (SD of all four
    // baselines), so S1 alone is reliable: 1 of 3 = 33.333333.
    const row = await aggregate({ locality: ['Hadley', 'Wellington', 'Madeley'] }, 'my_star', 'friends');
    expect(row).toMatchObject({ n_pairs: 3, n_improved: 2, n_same: 1, n_worse: 0, n_reliable: 1, t_critical: 4.302653 });
    expect(row?.mean_improvement).toBeCloseTo(1.666667, 6);
    expect(row?.sd_improvement).toBeCloseTo(1.527525, 6);
    expect(row?.ci95_low).toBeCloseTo(-2.127917, 6);
    expect(row?.ci95_high).toBeCloseTo(5.46125, 6);
    expect(row?.effect_size).toBeCloseTo(1.091089, 6);
    expect(row?.pct_reliable_improvement).toBeCloseTo(33.333333, 6);
  });

  it("filters person-level tools by the person and family-level tools by the family's children", async () => {
    // Girls: P11 (S1 +3) and P13 (S3 0) for My Star: mean 1.5, SD sqrt((1.5^2 + 1.5^2) / 1) =
    // 2.121320, t975(1) = 12.706205: 12.706205 x 2.121320 / sqrt(2) = 12.706205 x 1.5 =
    // 19.0593075, CI (-17.5593075, 20.5593075). Family Star Plus: F1 has a girl (P11), F2 has none: E15 only.
    const ms = await aggregate({ sex: ['female'] }, 'my_star', 'friends');
    expect(ms).toMatchObject({ n_pairs: 2, mean_improvement: 1.5, t_critical: 12.706205 });
    expect(ms?.ci95_low).toBeCloseTo(-17.5593075, 6);
    expect(ms?.ci95_high).toBeCloseTo(20.5593075, 6);
    const pairs = await readingPairs(ctx(), { sex: ['female'] }).execute();
    // Girls' subjects: S1, S3, the F1 family (E15) and P16's three GCP2 areas (E18).
    expect(pairs.map((p) => `${p.episode_id}:${p.area}`).sort()).toEqual([
      'E11:friends',
      'E13:friends',
      'E15:physical_health',
      'E18:care_of_safety',
      'E18:emotional_care',
      'E18:physical_care',
    ]);
  });

  it('leaves the SD, interval and effect size null for a single pair', async () => {
    // Family Star Plus with girls only: E15 alone, +2. Its reliable-change threshold comes
    // from both families' baselines 3 and 4: SD 0.707107, 1.96 x 0.707107 x 0.632456 =
    // 0.876539, so +2 is reliable: 1 of 1 = 100.
    const row = await aggregate({ sex: ['female'] }, 'family_star_plus', 'physical_health');
    expect(row).toMatchObject({
      n_pairs: 1,
      mean_improvement: 2,
      median_improvement: 2,
      sd_improvement: null,
      ci95_low: null,
      ci95_high: null,
      effect_size: null,
      t_critical: null,
      pct_improved: 100,
      pct_reliable_improvement: 100,
    });
  });

  it('leaves the effect size null when every improvement is the same', async () => {
    // GCP2 emotional_care: P16 4 -> 4 and P17 5 -> 5, both 0: SD 0, so the interval is
    // (0, 0) and mean / SD has no value. Neither is a reliable improvement (0 is none).
    const row = await aggregate(noFilters, 'gcp2', 'emotional_care');
    expect(row).toMatchObject({
      n_pairs: 2,
      mean_improvement: 0,
      sd_improvement: 0,
      ci95_low: 0,
      ci95_high: 0,
      effect_size: null,
      pct_same: 100,
      pct_stage_up: 0,
      pct_reliable_improvement: 0,
    });
  });

  it('the mart is the indicator with no filters', async () => {
    const mart = await db.all(`SELECT * FROM mart_distance_travelled ORDER BY tool, edition, area`);
    const fn = await distanceTravelled(ctx(), noFilters).execute();
    expect(mart).toEqual(fn);
    expect(mart.map((r) => `${r.tool}/${r.edition}/${r.area}:${r.n_pairs}`)).toEqual([
      'family_star_plus/1/physical_health:2',
      'gcp2/1/care_of_safety:1',
      'gcp2/1/emotional_care:2',
      'gcp2/1/physical_care:2',
      'my_star/1/friends:4',
      'youth_star/2/hopes_dreams:1',
    ]);
  });

  it('passes the data tests of the marts and their parents', async () => {
    const report = await testModels(db, { select: ['+mart_reading_pairs', '+mart_distance_travelled'] });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});

describe('stageTransitions', () => {
  it('counts baseline stage x latest stage, every cell present', async () => {
    const rows = (await stageTransitions(ctx(), noFilters).execute()).filter((r) => r.tool === 'my_star');
    // 5 stages x 5 stages = 25 cells; S1 stuck -> trying, S2 accepting_help -> trying, S3
    // accepting_help -> accepting_help, S4 trying -> trying; every other cell 0.
    expect(rows).toHaveLength(25);
    expect(rows.filter((r) => r.n_subjects > 0).map((r) => [r.baseline_stage, r.latest_stage, r.n_subjects, r.n_baseline_stage, r.pct_of_baseline_stage])).toEqual([
      ['stuck', 'trying', 1, 1, 100],
      ['accepting_help', 'accepting_help', 1, 2, 50],
      ['accepting_help', 'trying', 1, 2, 50],
      ['trying', 'trying', 1, 1, 100],
    ]);
    expect(rows.every((r) => r.n_pairs === 4)).toBe(true);
    expect(rows.find((r) => r.baseline_stage === 'effective' && r.latest_stage === 'effective')).toMatchObject({ n_subjects: 0, pct_of_baseline_stage: null });
  });

  it("lays out edition 2's stages with its own top stage name", async () => {
    const rows = (await stageTransitions(ctx(), noFilters).execute()).filter((r) => r.tool === 'youth_star');
    const stages = [...new Set(rows.map((r) => r.latest_stage))];
    expect(stages).toEqual(['stuck', 'accepting_help', 'trying', 'finding_what_works', 'self_reliance']);
    expect(rows.filter((r) => r.n_subjects > 0).map((r) => [r.baseline_stage, r.latest_stage, r.n_subjects])).toEqual([
      ['finding_what_works', 'self_reliance', 1],
    ]);
  });

  it('orders GCP2 grades from worst to best and counts their moves', async () => {
    const rows = (await stageTransitions(ctx(), noFilters).execute()).filter((r) => r.tool === 'gcp2' && r.area === 'physical_care');
    // P16 5 very_worried -> 2 adequate, P17 4 poor -> 4 poor.
    expect([...new Set(rows.map((r) => r.baseline_stage))]).toEqual(['very_worried', 'poor', 'borderline', 'adequate', 'child_first']);
    expect(rows.filter((r) => r.n_subjects > 0).map((r) => [r.baseline_stage, r.latest_stage, r.n_subjects])).toEqual([
      ['very_worried', 'adequate', 1],
      ['poor', 'poor', 1],
    ]);
  });
});

describe('baselineStageProfile', () => {
  it('gives the share of subjects in each stage at baseline', async () => {
    const rows = (await baselineStageProfile(ctx(), noFilters).execute()).filter((r) => r.tool === 'my_star');
    // Baselines 2 (stuck), 4, 4 (accepting_help), 6 (trying) of 4.
    expect(rows.map((r) => [r.stage, r.n_subjects, r.n_pairs, r.pct_subjects])).toEqual([
      ['stuck', 1, 4, 25],
      ['accepting_help', 2, 4, 50],
      ['trying', 1, 4, 25],
      ['finding_what_works', 0, 4, 0],
      ['effective', 0, 4, 0],
    ]);
  });
});

describe('gcp2HighToLow', () => {
  it('gives the share of children at grade 4-5 at baseline who reached grade 1-3', async () => {
    const rows = await gcp2HighToLow(ctx(), noFilters).execute();
    // care_of_safety: P16 3 -> 1, not high at baseline: 0 of 0, null.
    // emotional_care: P16 4 -> 4 (high, stays), P17 5 -> 5 (high, stays): 0 of 2.
    // physical_care: P16 5 -> 2 (high to low), P17 4 -> 4: 1 of 2 = 50.
    expect(rows.map((r) => [r.area, r.n_pairs, r.n_high_at_baseline, r.n_high_to_low, r.pct_high_to_low])).toEqual([
      ['care_of_safety', 1, 0, 0, null],
      ['emotional_care', 2, 2, 0, 0],
      ['physical_care', 2, 2, 1, 50],
    ]);
  });

  it('follows the filters', async () => {
    // Girls only: P16. physical_care 5 -> 2: 1 of 1.
    const rows = await gcp2HighToLow(ctx(), { sex: ['female'] }).execute();
    expect(rows.find((r) => r.area === 'physical_care')).toMatchObject({ n_pairs: 1, n_high_at_baseline: 1, n_high_to_low: 1, pct_high_to_low: 100 });
  });
});
