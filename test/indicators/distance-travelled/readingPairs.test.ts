import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { readingPairs } from '../../../models/indicators/readingPairs.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { configWith, indicatorContext, insert, reading } from './helpers.ts';

// Which readings pair, and how (indicators.md section 2). Extract date 2025-06-30.
// Outcome Star stages (1-10): 1-2 stuck, 3-4 accepting_help, 5-6 trying, 7-8
// finding_what_works, 9-10 effective (edition 2: self_reliance). GCP2 grade = score, lower
// is better: 1 child_first (rank 5) ... 4 poor (rank 2), 5 very_worried (rank 1).
const EXTRACTED_ON = '2025-06-30';
const fsp = 'family_star_plus';

const families = [
  { family_id: 'F1', locality: 'Hadley' },
  { family_id: 'F2', locality: 'Wellington' },
  { family_id: 'F3', locality: 'Madeley' },
  { family_id: 'F4', locality: 'Hadley' },
  { family_id: 'F5', locality: 'Wellington' },
  { family_id: 'F6', locality: 'Madeley' },
];
const people = [
  { person_id: 'P4', family_id: 'F4', role: 'child', birth_month: '2010-03-01' },
  { person_id: 'P5', family_id: 'F5', role: 'child', birth_month: '2020-05-01' },
  { person_id: 'P9', family_id: 'F3', role: 'child', birth_month: '2021-01-01' },
];
const episode = (episode_id: string, family_id: string, service: string, extra: Record<string, string> = {}) => ({
  episode_id,
  family_id,
  service,
  referral_on: '2023-05-01',
  decision: 'allocated',
  allocated_on: '2023-05-10',
  ...extra,
});
const episodes = [
  episode('E1', 'F1', 'FIT', { team: 'North' }),
  episode('E2', 'F2', 'FIT'),
  episode('E3', 'F3', 'FIT'),
  episode('E4', 'F4', 'YIT', { subject_person_id: 'P4' }),
  episode('E5', 'F5', 'FIT'),
  episode('E6', 'F6', 'EH'),
  episode('E7', 'F1', 'FIT'),
  episode('E8', 'F2', 'FIT'),
  episode('E9', 'F3', 'FIT'),
];
const assessments = [
  // E1: the retrospective A3 would be the latest; it is left out by default.
  ...reading('A1', 'E1', null, fsp, '2024-02-01', { physical_health: 3, your_wellbeing: 5 }),
  ...reading('A2', 'E1', null, fsp, '2024-05-01', { physical_health: 6, your_wellbeing: 4 }),
  ...reading('A3', 'E1', null, fsp, '2024-08-01', { physical_health: 9, your_wellbeing: 9 }, { retrospective: true }),
  // E2: one reading only.
  ...reading('A4', 'E2', null, fsp, '2024-03-01', { physical_health: 4 }),
  // E3: two readings on one date.
  ...reading('A5', 'E3', null, fsp, '2024-03-01', { physical_health: 2 }),
  ...reading('A6', 'E3', null, fsp, '2024-03-01', { physical_health: 7 }),
  // E4: an edition 1 reading, then two edition 2 readings.
  ...reading('Y1', 'E4', 'P4', 'youth_star', '2024-01-10', { hopes_dreams: 4 }, { edition: '1' }),
  ...reading('Y2', 'E4', 'P4', 'youth_star', '2024-04-10', { hopes_dreams: 8 }, { edition: '2' }),
  ...reading('Y3', 'E4', 'P4', 'youth_star', '2024-07-10', { hopes_dreams: 9 }, { edition: '2' }),
  // E5: GCP2, lower is better.
  ...reading('G1', 'E5', 'P5', 'gcp2', '2024-02-01', { physical_care: 5, emotional_care: 2, care_of_safety: 4 }),
  ...reading('G2', 'E5', 'P5', 'gcp2', '2024-06-01', { physical_care: 2, emotional_care: 4, care_of_safety: 4 }),
  // E6: one reading a year, for the period rule.
  ...reading('R1', 'E6', null, fsp, '2023-06-01', { physical_health: 2 }),
  ...reading('R2', 'E6', null, fsp, '2024-06-01', { physical_health: 5 }),
  ...reading('R3', 'E6', null, fsp, '2025-05-01', { physical_health: 7 }),
  // E7: the second reading scores lower (mean 4 against 6).
  ...reading('L1', 'E7', null, fsp, '2024-01-01', { physical_health: 6, your_wellbeing: 6 }),
  ...reading('L2', 'E7', null, fsp, '2024-03-01', { physical_health: 3, your_wellbeing: 5 }),
  ...reading('L3', 'E7', null, fsp, '2024-06-01', { physical_health: 7, your_wellbeing: 7 }),
  // E8: two readings, the second lower.
  ...reading('M1', 'E8', null, fsp, '2024-01-01', { physical_health: 5 }),
  ...reading('M2', 'E8', null, fsp, '2024-04-01', { physical_health: 3 }),
  // E9: GCP2, the second reading worse (mean 4 against 3; higher is worse on GCP2).
  ...reading('H1', 'E9', 'P9', 'gcp2', '2024-01-01', { physical_care: 3, emotional_care: 3 }),
  ...reading('H2', 'E9', 'P9', 'gcp2', '2024-03-01', { physical_care: 4, emotional_care: 4 }),
  ...reading('H3', 'E9', 'P9', 'gcp2', '2024-06-01', { physical_care: 2, emotional_care: 3 }),
];

let db: Database;
const pairsOf = async (episodeId: string) =>
  db.all(
    `SELECT area, edition, baseline_assessment_id, latest_assessment_id, baseline_score, latest_score, improvement
     FROM mart_reading_pairs WHERE episode_id = $1 ORDER BY area, edition`,
    [episodeId],
  );

beforeAll(async () => {
  db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  await insert(db, 'families', families);
  await insert(db, 'people', people);
  await insert(db, 'episodes', episodes);
  await insert(db, 'assessments', assessments);
  await buildModels(db, { select: '+mart_reading_pairs' });
});
afterAll(() => db.close());

describe('mart_reading_pairs: which readings pair (default configuration)', () => {
  it('has one row per subject with a pair, and none for the rest', async () => {
    const rows = await db.all(`SELECT episode_id, area FROM mart_reading_pairs ORDER BY episode_id, area`);
    // E1 2 areas, E4 1 (edition 2), E5 3, E6 1, E7 2, E8 1, E9 2 = 12; E2 and E3 none.
    expect(rows.map((r) => `${r.episode_id}:${r.area}`)).toEqual([
      'E1:physical_health',
      'E1:your_wellbeing',
      'E4:hopes_dreams',
      'E5:care_of_safety',
      'E5:emotional_care',
      'E5:physical_care',
      'E6:physical_health',
      'E7:physical_health',
      'E7:your_wellbeing',
      'E8:physical_health',
      'E9:emotional_care',
      'E9:physical_care',
    ]);
  });

  it('leaves the retrospective reading out: E1 pairs A1 with A2, not A3', async () => {
    // physical_health 3 -> 6 = +3; your_wellbeing 5 -> 4 = -1. A3 (9, 9) is retrospective.
    expect(await pairsOf('E1')).toEqual([
      { area: 'physical_health', edition: '1', baseline_assessment_id: 'A1', latest_assessment_id: 'A2', baseline_score: 3, latest_score: 6, improvement: 3 },
      { area: 'your_wellbeing', edition: '1', baseline_assessment_id: 'A1', latest_assessment_id: 'A2', baseline_score: 5, latest_score: 4, improvement: -1 },
    ]);
  });

  it('carries the episode, stages, flags and reliable change of a pair', async () => {
    const row = await db.one(`SELECT * FROM mart_reading_pairs WHERE episode_id = 'E1' AND area = 'physical_health'`);
    // Reliable change for family_star_plus/1/physical_health: subjects with a pair have
    // baselines E1 3, E6 2, E7 6, E8 5: mean 4, squares 1 + 4 + 4 + 1 = 10, SD = sqrt(10/3)
    // = 1.825742; threshold = 1.96 x 1.825742 x sqrt(2) x sqrt(1 - 0.8) = 1.96 x 1.825742 x
    // 0.632456 = 2.263213. E1 improved 3 >= 2.263213: reliable.
    expect(row).toMatchObject({
      episode_id: 'E1',
      person_id: null,
      family_id: 'F1',
      tool: fsp,
      edition: '1',
      baseline_on: '2024-02-01',
      latest_on: '2024-05-01',
      baseline_stage: 'accepting_help',
      latest_stage: 'trying',
      stage_up: true,
      reliable_improvement: true,
      service: 'FIT',
      locality: 'Hadley',
      team: 'North',
      improved: true,
      same: false,
      worse: false,
    });
    expect(row?.reliable_threshold).toBeCloseTo(2.263213, 6);
    const worse = await db.one(`SELECT * FROM mart_reading_pairs WHERE episode_id = 'E1' AND area = 'your_wellbeing'`);
    // 5 trying -> 4 accepting_help: down a stage; -1 is worse, not a reliable improvement.
    expect(worse).toMatchObject({ baseline_stage: 'trying', latest_stage: 'accepting_help', stage_up: false, improved: false, worse: true, reliable_improvement: false });
  });

  it('makes no pair of a single reading (E2) or of two readings on one date (E3)', async () => {
    expect(await pairsOf('E2')).toEqual([]);
    expect(await pairsOf('E3')).toEqual([]);
  });

  it('never compares editions; edition 2 calls the top stage self_reliance', async () => {
    // Y1 (edition 1, 4) has no other edition 1 reading; Y2 8 -> Y3 9 in edition 2 = +1,
    // finding_what_works (7-8) -> self_reliance (edition 2's name for 9-10): up a stage.
    // Only one edition 2 subject: no SD, so no reliable change.
    const row = await db.one(`SELECT * FROM mart_reading_pairs WHERE episode_id = 'E4'`);
    expect(row).toMatchObject({
      person_id: 'P4',
      edition: '2',
      baseline_assessment_id: 'Y2',
      latest_assessment_id: 'Y3',
      improvement: 1,
      baseline_stage: 'finding_what_works',
      latest_stage: 'self_reliance',
      stage_up: true,
      reliable_improvement: null,
      reliable_threshold: null,
    });
  });

  it('turns GCP2 around: lower is better, and a better grade is a stage up', async () => {
    const rows = await db.all(
      `SELECT area, improvement, improved, same, worse, baseline_stage, latest_stage, stage_up, reliable_improvement
       FROM mart_reading_pairs WHERE episode_id = 'E5' ORDER BY area`,
    );
    // care_of_safety 4 -> 4: 0, poor -> poor. emotional_care 2 -> 4: baseline - latest = -2,
    // adequate (rank 4) -> poor (rank 2): not up. physical_care 5 -> 2: +3, very_worried (rank 1)
    // -> adequate (rank 4): up. Reliable change, physical_care: baselines E5 5, E9 3, SD =
    // sqrt(((5-4)^2 + (3-4)^2) / 1) = 1.414214, threshold 1.96 x 1.414214 x 0.632456 = 1.753077:
    // +3 is reliable. emotional_care: baselines 2, 3, SD 0.707107, threshold 0.876539: -2 is not.
    // care_of_safety: only E5 has it, no SD, null.
    expect(rows).toEqual([
      { area: 'care_of_safety', improvement: 0, improved: false, same: true, worse: false, baseline_stage: 'poor', latest_stage: 'poor', stage_up: false, reliable_improvement: null },
      { area: 'emotional_care', improvement: -2, improved: false, same: false, worse: true, baseline_stage: 'adequate', latest_stage: 'poor', stage_up: false, reliable_improvement: false },
      { area: 'physical_care', improvement: 3, improved: true, same: false, worse: false, baseline_stage: 'very_worried', latest_stage: 'adequate', stage_up: true, reliable_improvement: true },
    ]);
  });

  it('takes the first reading as baseline and the last as latest by default', async () => {
    // E6: R1 2 -> R3 7 = +5. E7: L1 (6, 6) -> L3 (7, 7) = +1, +1. E8: 5 -> 3 = -2. E9 (GCP2):
    // H1 (3, 3) -> H3 (2, 3) = 3 - 2 = +1 and 0.
    expect((await pairsOf('E6')).map((r) => [r.baseline_assessment_id, r.latest_assessment_id, r.improvement])).toEqual([['R1', 'R3', 5]]);
    expect((await pairsOf('E7')).map((r) => [r.area, r.baseline_assessment_id, r.improvement])).toEqual([
      ['physical_health', 'L1', 1],
      ['your_wellbeing', 'L1', 1],
    ]);
    expect((await pairsOf('E8')).map((r) => [r.baseline_assessment_id, r.latest_assessment_id, r.improvement])).toEqual([['M1', 'M2', -2]]);
    expect((await pairsOf('E9')).map((r) => [r.area, r.baseline_assessment_id, r.improvement])).toEqual([
      ['emotional_care', 'H1', 0],
      ['physical_care', 'H1', 1],
    ]);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: '+mart_reading_pairs' });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});

describe('readingPairs with a period: latest inside the period against the first ever', () => {
  const e6 = async (from: string, to: string) =>
    (await readingPairs(indicatorContext(db), { from, to }).where('episode_id', '=', 'E6').execute()).map((r) => [
      r.baseline_assessment_id,
      r.latest_assessment_id,
      r.improvement,
    ]);

  it('pairs the first reading with the last one inside the period', async () => {
    // 2024-25: the last reading on or before 31 Mar 2025 is R2 (1 Jun 2024), inside: 2 -> 5 = +3.
    expect(await e6('2024-04-01', '2025-03-31')).toEqual([['R1', 'R2', 3]]);
    // 2025-26: R3 (1 May 2025) against the first ever, R1: 2 -> 7 = +5.
    expect(await e6('2025-04-01', '2026-03-31')).toEqual([['R1', 'R3', 5]]);
  });

  it('counts nothing when the last reading by the period end is outside the period', async () => {
    // Jul 2024 - Mar 2025: the last reading by 31 Mar 2025 is R2 (Jun 2024), before the period.
    expect(await e6('2024-07-01', '2025-03-31')).toEqual([]);
  });

  it('counts nothing when the latest reading by the period end is the baseline itself', async () => {
    // 2023-24: R1 (1 Jun 2023) is both first and last by 31 Mar 2024.
    expect(await e6('2023-04-01', '2024-03-31')).toEqual([]);
  });
});

describe('configuration', () => {
  it("baseline 'lower_of_first_two' takes the worse of the first two readings by their mean", async () => {
    await buildModels(db, { select: '+mart_reading_pairs', config: configWith({ baseline: 'lower_of_first_two' }) });
    // E7: L1 mean (6 + 6) / 2 = 6, L2 mean (3 + 5) / 2 = 4: L2 is the baseline for every
    // area, even your_wellbeing where L2 (5) is not the lower area score:
    // physical_health 3 -> 7 = +4, your_wellbeing 5 -> 7 = +2.
    expect((await pairsOf('E7')).map((r) => [r.area, r.baseline_assessment_id, r.improvement])).toEqual([
      ['physical_health', 'L2', 4],
      ['your_wellbeing', 'L2', 2],
    ]);
    // E8: M2 (3) is the baseline and nothing comes after it: no pair.
    expect(await pairsOf('E8')).toEqual([]);
    // E9 (GCP2, higher is worse): H1 mean 3, H2 mean 4, so H2 is the worse:
    // physical_care 4 - 2 = +2, emotional_care 4 - 3 = +1.
    expect((await pairsOf('E9')).map((r) => [r.area, r.baseline_assessment_id, r.improvement])).toEqual([
      ['emotional_care', 'H2', 1],
      ['physical_care', 'H2', 2],
    ]);
    // E1: A1 mean 4, A2 mean 5: A1 stays the baseline.
    expect((await pairsOf('E1')).map((r) => r.baseline_assessment_id)).toEqual(['A1', 'A1']);
  });

  it('keeps retrospective readings when excludeRetrospective is off', async () => {
    await buildModels(db, { select: '+mart_reading_pairs', config: configWith({ excludeRetrospective: false }) });
    // E1 now ends on A3 (9, 9): physical_health 3 -> 9 = +6, your_wellbeing 5 -> 9 = +4.
    expect((await pairsOf('E1')).map((r) => [r.area, r.latest_assessment_id, r.improvement])).toEqual([
      ['physical_health', 'A3', 6],
      ['your_wellbeing', 'A3', 4],
    ]);
  });

  it('uses the configured reliability of the tool', async () => {
    // r = 0.5 for family_star_plus: threshold = 1.96 x 1.825742 x sqrt(2) x sqrt(0.5) =
    // 1.96 x 1.825742 = 3.578454, so E1's +3 is no longer reliable; E6's +5 still is.
    await buildModels(db, { select: '+mart_reading_pairs', config: configWith({ reliability: { family_star_plus: 0.5 } }) });
    const rows = await db.all(
      `SELECT episode_id, reliable_threshold, reliable_improvement FROM mart_reading_pairs
       WHERE tool = 'family_star_plus' AND area = 'physical_health' AND episode_id IN ('E1', 'E6') ORDER BY episode_id`,
    );
    expect(rows.map((r) => r.reliable_improvement)).toEqual([false, true]);
    expect(rows[0].reliable_threshold).toBeCloseTo(3.578454, 6);
  });
});
