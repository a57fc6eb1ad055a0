import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../models/config.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { nearlyThereList } from '../../../models/indicators/nearlyThereList.ts';
import { supportingFamiliesByHeadline } from '../../../models/indicators/supportingFamiliesByHeadline.ts';
import { supportingFamiliesSummary } from '../../../models/indicators/supportingFamiliesSummary.ts';
import { supportingFamiliesTrend } from '../../../models/indicators/supportingFamiliesTrend.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { indicatorContext, insert, type Row } from './rows.ts';

// indicators.md section 1 on a hand-made extract of 2025-06-30 with the default
// configuration: 3 live needs, no distinct-headline minimum, sustained 6 months after
// closing. Every episode is SF.
//
//   F1 open episode; one withdrawn need, one withdrawn-then-reopened need, one never reviewed
//   F2 closed 2024-01-31: a broken run of met reviews; a review one day short of 6 months -> nearly there
//   F3 closed 2024-03-31: everything sustained (one on the exact 6-month day) -> successful
//   F4 as F3 but no child -> not eligible
//   F5 / F6 / F7 as F3 but no lead practitioner / no assessment_completed / no plan_agreed
//   F8 needs that name no episode: measured from the family's latest closed episode
const EXTRACTED_ON = '2025-06-30';

const families: Row[] = ['F1', 'F2', 'F3', 'F4'].map((family_id) => ({ family_id, locality: 'Hadley' }));
families.push(...['F5', 'F6', 'F7', 'F8'].map((family_id) => ({ family_id, locality: 'Wellington' })));

const people: Row[] = [
  { person_id: 'P1', family_id: 'F1', role: 'parent' },
  { person_id: 'P1c', family_id: 'F1', role: 'child', birth_month: '2014-05-01' },
  { person_id: 'P2', family_id: 'F2', role: 'parent' },
  { person_id: 'P2c', family_id: 'F2', role: 'child', birth_month: '2021-01-01' },
  { person_id: 'P3', family_id: 'F3', role: 'parent' },
  { person_id: 'P3u', family_id: 'F3', role: 'unborn' },
  { person_id: 'P4a', family_id: 'F4', role: 'parent' },
  { person_id: 'P4b', family_id: 'F4', role: 'carer' },
  { person_id: 'P5c', family_id: 'F5', role: 'child', birth_month: '2015-03-01' },
  { person_id: 'P6c', family_id: 'F6', role: 'child', birth_month: '2015-03-01' },
  { person_id: 'P7c', family_id: 'F7', role: 'child', birth_month: '2015-03-01' },
  { person_id: 'P8c', family_id: 'F8', role: 'child', birth_month: '2015-03-01' },
];

const episode = (episode_id: string, family_id: string, referral_on: string, closed_on: string | null, lead = true): Row => ({
  episode_id,
  family_id,
  service: 'SF',
  team: family_id === 'F1' ? 'SF North' : 'SF South',
  referral_on,
  decision: 'allocated',
  decision_on: referral_on,
  allocated_on: referral_on,
  worker_id: 'W1',
  lead_practitioner: lead,
  closed_on,
  closure_reason: closed_on ? 'outcomes_met' : null,
});

const episodes: Row[] = [
  episode('E1', 'F1', '2024-01-05', null),
  episode('E2', 'F2', '2023-09-01', '2024-01-31'),
  episode('E3', 'F3', '2023-10-01', '2024-03-31'),
  episode('E4', 'F4', '2023-10-01', '2024-03-31'),
  episode('E5', 'F5', '2023-10-01', '2024-03-31', false),
  episode('E6', 'F6', '2023-10-01', '2024-03-31'),
  episode('E7', 'F7', '2023-10-01', '2024-03-31'),
  episode('E8a', 'F8', '2022-09-01', '2023-01-31'),
  episode('E8b', 'F8', '2023-02-01', '2023-06-30'),
];

const practice = (episode_id: string, types: string[]): Row[] =>
  types.map((event_type) => ({ event_id: `${episode_id}-${event_type}`, event_type, occurred_at: '2023-10-20 10:00', episode_id }));
const events: Row[] = [
  ...['E1', 'E2', 'E3', 'E4', 'E5'].flatMap((e) => practice(e, ['assessment_completed', 'plan_agreed'])),
  ...practice('E6', ['plan_agreed']),
  ...practice('E7', ['assessment_completed']),
];

const need = (need_id: string, family_id: string, episode_id: string | null, headline: string, identified_on: string): Row => ({
  need_id,
  family_id,
  episode_id,
  headline,
  identified_on,
});
const needs: Row[] = [
  need('N1a', 'F1', 'E1', 'EDU', '2024-02-01'),
  need('N1b', 'F1', 'E1', 'HEALTH', '2024-02-10'),
  need('N1c', 'F1', 'E1', 'REL', '2024-02-05'),
  need('N1d', 'F1', 'E1', 'FIN', '2024-03-15'),
  need('N2a', 'F2', 'E2', 'EDU', '2023-10-01'),
  need('N2b', 'F2', 'E2', 'HEALTH', '2023-10-02'),
  need('N2c', 'F2', 'E2', 'REL', '2023-10-03'),
  need('N3a', 'F3', 'E3', 'EDU', '2023-11-01'),
  need('N3b', 'F3', 'E3', 'DA', '2023-11-02'),
  need('N3c', 'F3', 'E3', 'HOUSE', '2023-11-03'),
  need('N3d', 'F3', 'E3', 'FIN', '2023-11-04'),
  ...(['F4', 'F5', 'F6', 'F7'] as const).flatMap((f) => {
    const heads = f === 'F4' ? ['EDU', 'HEALTH', 'REL'] : ['FIN', 'HOUSE', 'DA'];
    return heads.map((h, i) => need(`N${f.slice(1)}${'abc'[i]}`, f, `E${f.slice(1)}`, h, `2023-11-0${i + 1}`));
  }),
  need('N8a', 'F8', null, 'CRIME', '2023-03-01'),
  need('N8b', 'F8', null, 'CRIME', '2023-03-02'),
];

const review = (need_id: string, reviewed_on: string, status: string): Row => ({ need_id, reviewed_on, status });
const reviews: Row[] = [
  review('N1a', '2024-06-01', 'met'),
  review('N1a', '2025-06-01', 'sustained'),
  review('N1c', '2024-04-01', 'withdrawn'),
  review('N1d', '2024-03-20', 'withdrawn'),
  review('N1d', '2024-05-01', 'some_progress'),
  review('N2a', '2023-11-01', 'met'),
  review('N2a', '2023-12-01', 'worse'),
  review('N2a', '2024-02-15', 'met'),
  review('N2a', '2024-07-31', 'sustained'),
  review('N2b', '2024-01-10', 'met'),
  review('N2b', '2024-07-30', 'met'),
  review('N2c', '2024-01-20', 'met'),
  review('N2c', '2024-08-15', 'sustained'),
  review('N3a', '2024-03-01', 'met'),
  review('N3a', '2024-10-01', 'met'),
  review('N3b', '2024-10-01', 'met'),
  review('N3b', '2024-10-20', 'worse'),
  review('N3b', '2024-11-15', 'met'),
  review('N3c', '2024-09-30', 'met'),
  review('N3d', '2024-01-01', 'some_progress'),
  review('N3d', '2024-02-01', 'withdrawn'),
  ...['4', '5', '6', '7'].flatMap((f) => ['a', 'b', 'c'].map((x) => review(`N${f}${x}`, '2024-12-01', 'sustained'))),
  review('N8a', '2023-12-29', 'met'),
  review('N8b', '2023-12-30', 'met'),
];

async function loadExtract(db: Database, rows: Record<string, Row[]>) {
  await createSources(db, EXTRACTED_ON);
  for (const [table, list] of Object.entries(rows)) await insert(db, table, list);
}

// int_people: the person filters (age band, sex, ...) read it.
const SELECT = ['+mart_headline_outcomes', 'seed_headlines', '+int_people'];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await loadExtract(db, { families, people, episodes, events, family_needs: needs, need_reviews: reviews });
  await buildModels(db, { select: SELECT });
});
afterAll(() => db.close());

const needRow = (id: string) => db.one(`SELECT * FROM int_needs_sustained WHERE need_id = $1`, [id]);
const familyRow = (id: string) => db.one(`SELECT * FROM mart_family_outcomes WHERE family_id = $1`, [id]);

describe('needs: live, met, sustained', () => {
  it('a need whose latest review is withdrawn is not live; one withdrawn and reopened, or never reviewed, is', async () => {
    expect(await needRow('N1c')).toMatchObject({ is_live: false, is_met: false, latest_status: 'withdrawn' });
    expect(await needRow('N1d')).toMatchObject({ is_live: true, latest_status: 'some_progress' });
    expect(await needRow('N1b')).toMatchObject({ is_live: true, is_met: false, review_count: 0, latest_status: null });
  });

  it('an open episode has no sustained needs, however long the need has been met', async () => {
    // N1a: met 2024-06-01, sustained 2025-06-01, but E1 has no closing date.
    expect(await needRow('N1a')).toMatchObject({ is_met: true, met_on: '2024-06-01', reference_closed_on: null, is_sustained: false, sustained_on: null });
  });

  it('a broken run of met reviews dates the need from the start of the final run', async () => {
    // N2a: met 1 Nov, worse 1 Dec, met 15 Feb, sustained 31 Jul -> the final run starts 15 Feb.
    expect(await needRow('N2a')).toMatchObject({ met_on: '2024-02-15', is_met: true });
  });

  it('a review exactly 6 months after closing sustains the need; one day earlier does not', async () => {
    // E2 closed 2024-01-31; + 6 months = 2024-07-31 ("at least 6 months" = on or after that day).
    expect(await needRow('N2a')).toMatchObject({ sustainable_from: '2024-07-31', is_sustained: true, sustained_on: '2024-07-31' });
    // N2b's last met review is 2024-07-30: one day short.
    expect(await needRow('N2b')).toMatchObject({ sustainable_from: '2024-07-31', is_met: true, met_on: '2024-01-10', is_sustained: false });
  });

  it('6 calendar months from the 31st end on the last day of a shorter month', async () => {
    // E3 closed 2024-03-31; + 6 months = 2024-09-30 (September has 30 days). N3c met that day.
    expect(await needRow('N3c')).toMatchObject({ sustainable_from: '2024-09-30', met_on: '2024-09-30', sustained_on: '2024-09-30' });
  });

  it('a qualifying met review followed by a relapse does not sustain the need; the final run does', async () => {
    // N3b: met 2024-10-01 (already 6 months after closing), worse 2024-10-20, met 2024-11-15.
    // The 1 Oct review did not last, so the sustained date is 15 Nov, not 1 Oct.
    expect(await needRow('N3b')).toMatchObject({ met_on: '2024-11-15', sustained_on: '2024-11-15' });
    // N3a: met 2024-03-01, still met 2024-10-01: met from March, sustained on the first review after 30 Sep.
    expect(await needRow('N3a')).toMatchObject({ met_on: '2024-03-01', sustained_on: '2024-10-01' });
  });

  it("a need naming no episode is measured from the family's latest closed episode", async () => {
    // F8 episodes closed 2023-01-31 (E8a) and 2023-06-30 (E8b): the latest is E8b, so the wait ends 2023-12-30.
    // N8a met 2023-12-29 would be sustained from E8a (>= 2023-07-31) but not from E8b.
    expect(await needRow('N8a')).toMatchObject({ reference_episode_id: 'E8b', reference_episode_from: 'latest_closed', sustainable_from: '2023-12-30', is_sustained: false });
    expect(await needRow('N8b')).toMatchObject({ reference_episode_id: 'E8b', sustained_on: '2023-12-30' });
  });
});

describe('mart_family_outcomes', () => {
  it('counts only live needs towards eligibility and dates it by the third live need', async () => {
    // F1 live: N1a (1 Feb), N1b (10 Feb), N1d (15 Mar); N1c (5 Feb) is withdrawn. Third live need: 15 Mar.
    expect(await familyRow('F1')).toMatchObject({
      live_needs: 3,
      headlines: 3,
      has_child: true,
      eligible: true,
      eligible_on: '2024-03-15',
      needs_met: 1,
      needs_sustained: 0,
      episode_id: 'E1',
      episode_closed_on: null,
      nearly_there: false,
      successful_outcome: false,
      success_on: null,
    });
  });

  it('nearly there: eligible, closed, not successful, exactly one live need not sustained', async () => {
    expect(await familyRow('F2')).toMatchObject({
      live_needs: 3,
      eligible: true,
      eligible_on: '2023-10-03',
      needs_met: 3,
      needs_sustained: 2,
      episode_closed_on: '2024-01-31',
      nearly_there: true,
      successful_outcome: false,
      outstanding_need_id: 'N2b',
      outstanding_headline: 'HEALTH',
      outstanding_latest_status: 'met',
      outstanding_latest_reviewed_on: '2024-07-30',
      outstanding_sustainable_from: '2024-07-31',
    });
  });

  it('successful outcome: every live need sustained, lead practitioner, assessment and plan; dated by the last sustained need', async () => {
    // Live needs N3a (sustained 1 Oct), N3b (15 Nov), N3c (30 Sep); N3d is withdrawn and does not count.
    // The only "child" is unborn, which counts.
    expect(await familyRow('F3')).toMatchObject({
      live_needs: 3,
      has_child: true,
      eligible: true,
      needs_sustained: 3,
      lead_practitioner: true,
      assessment_completed: true,
      plan_agreed: true,
      successful_outcome: true,
      success_on: '2024-11-15',
      nearly_there: false,
      outstanding_need_id: null,
    });
  });

  it('a family with no child or unborn member is not eligible, whatever its needs', async () => {
    expect(await familyRow('F4')).toMatchObject({ live_needs: 3, needs_sustained: 3, has_child: false, eligible: false, eligible_on: null, successful_outcome: false });
  });

  it.each([
    ['F5', 'no lead practitioner', { lead_practitioner: false, assessment_completed: true, plan_agreed: true }],
    ['F6', 'no assessment_completed', { lead_practitioner: true, assessment_completed: false, plan_agreed: true }],
    ['F7', 'no plan_agreed', { lead_practitioner: true, assessment_completed: true, plan_agreed: false }],
  ])('%s with %s is not successful (and, with nothing outstanding, not nearly there)', async (id, _why, practice) => {
    expect(await familyRow(id)).toMatchObject({ eligible: true, needs_sustained: 3, ...practice, successful_outcome: false, success_on: null, nearly_there: false });
  });

  it('has one row per family, needs or not', async () => {
    expect((await db.one(`SELECT count(*) AS n FROM mart_family_outcomes`))?.n).toBe(8);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: SELECT });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});

describe('mart_headline_outcomes', () => {
  it('dates a headline by its last need, only when all are met / sustained', async () => {
    // F8 CRIME: N8a met 29 Dec (not sustained), N8b met and sustained 30 Dec.
    expect(await db.one(`SELECT * FROM mart_headline_outcomes WHERE family_id = 'F8' AND headline = 'CRIME'`)).toMatchObject({
      live_needs: 2,
      needs_met: 2,
      needs_sustained: 1,
      all_met: true,
      all_sustained: false,
      met_on: '2023-12-30',
      sustained_on: null,
    });
    // F1 has no REL row: its only REL need is withdrawn.
    expect(await db.one(`SELECT * FROM mart_headline_outcomes WHERE family_id = 'F1' AND headline = 'REL'`)).toBeUndefined();
  });
});

describe('indicators', () => {
  const ctx = () => indicatorContext(db);

  it('supportingFamiliesSummary counts with their denominators', async () => {
    const [row] = await supportingFamiliesSummary(ctx(), noFilters).execute();
    // Eligible: F1, F2, F3, F5, F6, F7 (F4 no child, F8 two needs).
    // Their live needs 6 x 3 = 18; met 1 (F1) + 3 + 3 + 9 = 16; sustained 0 + 2 + 3 + 9 = 14.
    // All met: F2, F3, F5, F6, F7; all sustained: F3, F5, F6, F7; closed: all but F1.
    expect(row).toMatchObject({
      families: 8,
      families_with_live_needs: 8,
      eligible_families: 6,
      eligible_live_needs: 18,
      eligible_needs_met: 16,
      eligible_needs_sustained: 14,
      families_all_met: 5,
      families_all_sustained: 4,
      eligible_closed_families: 5,
      successful_outcomes: 1,
      nearly_there: 1,
    });
    expect(row.pct_successful).toBeCloseTo(100 / 6, 10);
    expect(row.pct_successful_of_closed).toBeCloseTo(20, 10);
    expect(row.pct_needs_sustained).toBeCloseTo((100 * 14) / 18, 10);
  });

  it('supportingFamiliesSummary filters by locality, by period of eligibility and by the children of the family', async () => {
    // Hadley: F1-F4 -> eligible F1, F2, F3.
    const [hadley] = await supportingFamiliesSummary(ctx(), { locality: ['Hadley'] }).execute();
    expect(hadley).toMatchObject({ families: 4, eligible_families: 3, successful_outcomes: 1, nearly_there: 1 });
    // Eligible in November 2023: F3, F5, F6, F7 (third need 3 Nov).
    const [nov] = await supportingFamiliesSummary(ctx(), { from: '2023-11-01', to: '2023-11-30' }).execute();
    expect(nov).toMatchObject({ families: 4, eligible_families: 4, successful_outcomes: 1, nearly_there: 0 });
    // Age band 0-4 at the extract date: only P2c (born Jan 2021, 4 years old) -> F2.
    const [young] = await supportingFamiliesSummary(ctx(), { ageBand: ['0-4'] }).execute();
    expect(young).toMatchObject({ families: 1, eligible_families: 1, nearly_there: 1, successful_outcomes: 0 });
    // Team of the outcome episode: only F1 is in SF North.
    const [north] = await supportingFamiliesSummary(ctx(), { team: ['SF North'] }).execute();
    expect(north).toMatchObject({ families: 1, eligible_families: 1 });
  });

  it('supportingFamiliesByHeadline: families with a live need, all met, all sustained', async () => {
    const rows = await supportingFamiliesByHeadline(ctx(), noFilters).execute();
    const by = Object.fromEntries(rows.map((r: any) => [r.headline, [r.families, r.families_all_met, r.families_all_sustained]]));
    expect(by).toEqual({
      EDU: [4, 4, 3], // F1 (met, open), F2, F3, F4 (sustained)
      EY: [0, 0, 0],
      HEALTH: [3, 2, 1], // F1 (not met), F2 (met, one day short), F4 (sustained)
      SUBST: [0, 0, 0],
      REL: [2, 2, 2], // F2, F4; F1's REL need is withdrawn
      CSAE: [0, 0, 0],
      CRIME: [1, 1, 0], // F8: both met, one sustained
      DA: [4, 4, 4], // F3, F5, F6, F7
      HOUSE: [4, 4, 4], // F3, F5, F6, F7
      FIN: [4, 3, 3], // F1 (reopened, not met), F5, F6, F7; F3's FIN need is withdrawn
    });
    const eligibleOnly = await supportingFamiliesByHeadline(ctx(), noFilters, { eligibleOnly: true }).execute();
    // F4 (no child) drops out of EDU, HEALTH and REL; F8 out of CRIME.
    expect(eligibleOnly.find((r: any) => r.headline === 'REL')).toMatchObject({ families: 1, families_all_sustained: 1 });
    expect(eligibleOnly.find((r: any) => r.headline === 'CRIME')).toMatchObject({ families: 0 });
  });

  it('supportingFamiliesTrend: eligible by month of the third live need, successful by month of success', async () => {
    // Eligible: F2 2023-10-03; F3, F5, F6, F7 2023-11-03; F1 2024-03-15. Successful: F3 2024-11-15.
    expect(await supportingFamiliesTrend(ctx(), noFilters).execute()).toEqual([
      { month: '2023-10', eligible_families: 1, successful_outcomes: 0 },
      { month: '2023-11', eligible_families: 4, successful_outcomes: 0 },
      { month: '2024-03', eligible_families: 1, successful_outcomes: 0 },
      { month: '2024-11', eligible_families: 0, successful_outcomes: 1 },
    ]);
    // The period applies to each count's own date: 2024 keeps F1's eligibility and F3's success.
    expect(await supportingFamiliesTrend(ctx(), { from: '2024-01-01', to: '2024-12-31' }).execute()).toEqual([
      { month: '2024-03', eligible_families: 1, successful_outcomes: 0 },
      { month: '2024-11', eligible_families: 0, successful_outcomes: 1 },
    ]);
  });

  it('nearlyThereList gives the family and the need to chase', async () => {
    expect(await nearlyThereList(ctx(), noFilters).execute()).toMatchObject([
      { family_id: 'F2', episode_id: 'E2', worker_id: 'W1', outstanding_need_id: 'N2b', outstanding_headline: 'HEALTH', outstanding_sustainable_from: '2024-07-31' },
    ]);
    expect(await nearlyThereList(ctx(), { locality: ['Wellington'] }).execute()).toEqual([]);
  });
});

describe('distinct-headline minimum (config on)', () => {
  // FH1: EDU, EDU, HEALTH -> 3 live needs in 2 headlines.
  // FH2: EDU 1 Jan, EDU 5 Jan, HEALTH 10 Jan, REL 1 Feb -> third need 10 Jan, third headline 1 Feb.
  const rows = {
    families: [{ family_id: 'FH1', locality: 'Hadley' }, { family_id: 'FH2', locality: 'Hadley' }],
    people: [
      { person_id: 'C1', family_id: 'FH1', role: 'child' },
      { person_id: 'C2', family_id: 'FH2', role: 'child' },
    ],
    family_needs: [
      need('H1a', 'FH1', null, 'EDU', '2024-01-01'),
      need('H1b', 'FH1', null, 'EDU', '2024-01-05'),
      need('H1c', 'FH1', null, 'HEALTH', '2024-01-10'),
      need('H2a', 'FH2', null, 'EDU', '2024-01-01'),
      need('H2b', 'FH2', null, 'EDU', '2024-01-05'),
      need('H2c', 'FH2', null, 'HEALTH', '2024-01-10'),
      need('H2d', 'FH2', null, 'REL', '2024-02-01'),
    ],
  };
  let hdb: Database;
  beforeAll(async () => {
    hdb = await Database.open();
    await loadExtract(hdb, rows);
  });
  afterAll(() => hdb.close());
  const eligibility = async () =>
    hdb.all(`SELECT family_id, headlines, eligible, eligible_on FROM mart_family_outcomes ORDER BY family_id`);

  it('off (default): three live needs are enough, dated by the third', async () => {
    await buildModels(hdb, { select: '+mart_family_outcomes' });
    expect(await eligibility()).toEqual([
      { family_id: 'FH1', headlines: 2, eligible: true, eligible_on: '2024-01-10' },
      { family_id: 'FH2', headlines: 3, eligible: true, eligible_on: '2024-01-10' },
    ]);
  });

  it('on (3 headlines): two headlines are not enough; eligibility dates from the third headline', async () => {
    const config = resolveConfig({ supportingFamilies: { minDistinctHeadlines: 3 } });
    await buildModels(hdb, { select: '+mart_family_outcomes', config });
    expect(await eligibility()).toEqual([
      { family_id: 'FH1', headlines: 2, eligible: false, eligible_on: null },
      { family_id: 'FH2', headlines: 3, eligible: true, eligible_on: '2024-02-01' },
    ]);
  });
});
