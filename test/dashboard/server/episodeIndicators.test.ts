import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectQueryBuilder } from 'kysely';
import { buildModels } from '../../../models/core/build.ts';
import { Relation } from '../../../models/core/Relation.ts';
import { createKysely, loadConfig } from '../../../models/index.ts';
import { cohortEpisodes } from '../../../models/indicators/cohortEpisodes.ts';
import { daysOpenBands } from '../../../models/indicators/daysOpenBands.ts';
import { episodeStatus } from '../../../models/indicators/episodeStatus.ts';
import type { Filters } from '../../../models/indicators/Filters.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { openEpisodes } from '../../../models/indicators/openEpisodes.ts';
import { referralsByMonth } from '../../../models/indicators/referralsByMonth.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';

// Extract date 2025-06-30. Families: F1 Hadley, F2 Wellington, F3 Madeley.
// Children: P1 of F1 (female, born 2015-03, age 10), P2 of F2 (male, born 2008-01, age 17),
// P3 of F3 (female, born 2020-05, age 5); P4 is F1's father.
const people = [
  { person_id: 'P1', family_id: 'F1', role: 'child', birth_month: '2015-03-01', sex: 'female', ethnicity: 'white', send: true },
  { person_id: 'P2', family_id: 'F2', role: 'child', birth_month: '2008-01-01', sex: 'male', ethnicity: 'asian', send: false },
  { person_id: 'P3', family_id: 'F3', role: 'child', birth_month: '2020-05-01', sex: 'female', ethnicity: 'black', send: false },
  { person_id: 'P4', family_id: 'F1', role: 'parent', birth_month: '1985-02-01', sex: 'male', ethnicity: 'white', send: false },
];

// Days open, worked by hand from referral to the extract date (or closure):
// E1 2024-06-01 -> 2025-06-30 = 29 + 365 = 394 (open; more than 9 and 12 months: 2025-03-01 and 2025-06-01 are before 30 June)
// E2 2025-01-15 -> 2025-06-30 = 16 + 28 + 31 + 30 + 31 + 30 = 166 (open; more than 3 months (15 April), not 6 (15 July))
// E5 2024-09-30 -> 2025-06-30 = 31+30+31+31+28+31+30+31+30 = 273 (open; exactly 9 months on the extract date: not MORE than 9)
// E4 referred 2025-06-10, on the waiting list since its decision 2025-06-11: 19 days.
const episodes = [
  { episode_id: 'E1', family_id: 'F1', service: 'FIT', team: 'FIT A', referral_on: '2024-06-01', decision: 'allocated', decision_on: '2024-06-02', allocated_on: '2024-06-05', worker_id: 'W1' },
  { episode_id: 'E2', family_id: 'F2', service: 'FIT', team: 'FIT A', referral_on: '2025-01-15', decision: 'allocated', decision_on: '2025-01-16', allocated_on: '2025-01-20', worker_id: 'W1' },
  { episode_id: 'E3', family_id: 'F3', service: 'FIT', team: 'FIT B', referral_on: '2024-09-10', decision: 'allocated', decision_on: '2024-09-11', allocated_on: '2024-09-15', worker_id: 'W2', closed_on: '2025-03-01', closure_reason: 'outcomes_met' },
  { episode_id: 'E4', family_id: 'F3', service: 'FIT', team: 'FIT B', referral_on: '2025-06-10', decision: 'waiting_list', decision_on: '2025-06-11' },
  { episode_id: 'E5', family_id: 'F2', subject_person_id: 'P2', service: 'YIT', team: 'YIT', referral_on: '2024-09-30', decision: 'allocated', decision_on: '2024-10-01', allocated_on: '2024-10-01', worker_id: 'W3' },
  { episode_id: 'E6', family_id: 'F1', service: 'SF', team: 'SF', referral_on: '2025-05-01', decision: 'no_service', decision_on: '2025-05-02' },
  { episode_id: 'E7', family_id: 'F1', subject_person_id: 'P1', service: 'TYSS', team: 'TYSS', referral_on: '2023-01-01', decision: 'allocated', decision_on: '2023-01-02', allocated_on: '2023-01-10', worker_id: 'W4', closed_on: '2024-01-01', closure_reason: 'outcomes_met' },
];

let db: Database;
let ctx: IndicatorContext;
const run = async (q: SelectQueryBuilder<any, any, any>) => q.execute() as Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  db = await Database.open();
  await createSources(db, '2025-06-30');
  await db.run(`INSERT INTO families (family_id, locality) VALUES ('F1', 'Hadley'), ('F2', 'Wellington'), ('F3', 'Madeley')`);
  const insert = async (table: string, row: Record<string, unknown>) => {
    const cols = Object.keys(row);
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  };
  for (const p of people) await insert('people', p);
  for (const e of episodes) await insert('episodes', e);
  // F1 has three live needs (EDU, HEALTH, FIN) from E1, never reviewed: eligible (3 needs, a child), not met.
  for (const [id, headline] of [['N1', 'EDU'], ['N2', 'HEALTH'], ['N3', 'FIN']]) {
    await insert('family_needs', { need_id: id, family_id: 'F1', episode_id: 'E1', headline, identified_on: '2024-07-01' });
  }
  await buildModels(db, { select: ['+mart_episodes', '+mart_waiting_list', '+int_people', '+mart_family_outcomes', '+mart_headline_outcomes', '+mart_reading_pairs'] });
  ctx = { db: createKysely(db), ref: (name) => new Relation(name), config: loadConfig() };
});
afterAll(() => db.close());

const statusOf = (rows: Record<string, unknown>[], group: string, key = 'service') =>
  Object.fromEntries(rows.filter((r) => r[key] === group).map((r) => [r.status, r.episodes]));

describe('episodeStatus', () => {
  it('counts every episode by service and status, every status listed', async () => {
    const rows = await run(episodeStatus(ctx, {}));
    expect(statusOf(rows, 'FIT')).toEqual({ waiting: 1, open: 2, closed: 1, not_allocated: 0 });
    expect(statusOf(rows, 'YIT')).toEqual({ waiting: 0, open: 1, closed: 0, not_allocated: 0 });
    expect(statusOf(rows, 'SF')).toEqual({ waiting: 0, open: 0, closed: 0, not_allocated: 1 });
    expect(statusOf(rows, 'TYSS')).toEqual({ waiting: 0, open: 0, closed: 1, not_allocated: 0 });
    const fitOpen = rows.find((r) => r.service === 'FIT' && r.status === 'open')!;
    expect(fitOpen).toMatchObject({ group_episodes: 4, pct_of_group: 50 });
  });

  it('applies the period to the referral date', async () => {
    // From 1 Sep 2024: E2 (Jan 2025), E3 (Sep 2024), E4 (Jun 2025) of FIT; E5; E6. Not E1 (Jun 2024) or E7 (2023).
    const rows = await run(episodeStatus(ctx, { from: '2024-09-01', to: '2025-06-30' }));
    expect(statusOf(rows, 'FIT')).toEqual({ waiting: 1, open: 1, closed: 1, not_allocated: 0 });
    expect(rows.some((r) => r.service === 'TYSS')).toBe(false);
  });

  it("filters youth episodes by the young person and family episodes by any child", async () => {
    // Female: E7 (P1 herself), F1's E1 and E6 (child P1), F3's E3 and E4 (child P3). Not E2 (F2: P2 male) or E5 (P2).
    const female = await run(episodeStatus(ctx, { sex: ['female'] }));
    expect(statusOf(female, 'FIT')).toEqual({ waiting: 1, open: 1, closed: 1, not_allocated: 0 });
    expect(statusOf(female, 'TYSS')).toEqual({ waiting: 0, open: 0, closed: 1, not_allocated: 0 });
    expect(female.some((r) => r.service === 'YIT')).toBe(false);
    // Age 14-17: only P2 (17), so E5 and F2's E2; the father P4 never counts.
    const teens = await run(episodeStatus(ctx, { ageBand: ['14-17'] }));
    expect(statusOf(teens, 'FIT')).toEqual({ waiting: 0, open: 1, closed: 0, not_allocated: 0 });
    expect(statusOf(teens, 'YIT')).toEqual({ waiting: 0, open: 1, closed: 0, not_allocated: 0 });
    // SEND: P1 only.
    const send = await run(episodeStatus(ctx, { send: true }));
    expect(send.filter((r) => (r.episodes as number) > 0).map((r) => `${r.service}:${r.status}`).sort()).toEqual(['FIT:open', 'SF:not_allocated', 'TYSS:closed']);
  });

  it('groups by locality (the family\'s when the episode has none) or team', async () => {
    const byLocality = await run(episodeStatus(ctx, { service: ['FIT'] }, 'locality'));
    expect(statusOf(byLocality, 'Hadley', 'locality')).toEqual({ waiting: 0, open: 1, closed: 0, not_allocated: 0 });
    expect(statusOf(byLocality, 'Madeley', 'locality')).toEqual({ waiting: 1, open: 0, closed: 1, not_allocated: 0 });
    const byTeam = await run(episodeStatus(ctx, { service: ['FIT'] }, 'team'));
    expect(byTeam.filter((r) => r.status === 'open').map((r) => [r.team, r.episodes])).toEqual([
      ['FIT A', 2],
      ['FIT B', 0],
    ]);
  });
});

describe('openEpisodes', () => {
  it('counts open episodes, those open more than 9 and 12 months, and the waiting list', async () => {
    const rows = await run(openEpisodes(ctx, {}));
    const fit = rows.find((r) => r.service === 'FIT');
    expect(fit).toEqual({
      service: 'FIT',
      open_episodes: 2,
      open_over_9_months: 1,
      pct_open_over_9_months: 50,
      open_over_12_months: 1,
      pct_open_over_12_months: 50,
      median_days_open: 280, // (394 + 166) / 2
      mean_days_open: 280,
      waiting_episodes: 1,
      median_days_waiting: 19, // E4, aged from the decision as waitingList does
    });
    // E5 is exactly 9 months open on the extract date: not more than 9.
    expect(rows.find((r) => r.service === 'YIT')).toMatchObject({ open_episodes: 1, open_over_9_months: 0, open_over_12_months: 0 });
    // SF and TYSS have nothing open or waiting: no row.
    expect(rows.map((r) => r.service)).toEqual(['FIT', 'YIT']);
  });

  it('takes its thresholds from the configuration', async () => {
    const config = { ...ctx.config, practiceStandards: { ...ctx.config.practiceStandards, longOpenMonths: [5] } };
    const rows = await run(openEpisodes({ ...ctx, config }, { service: ['FIT'] }));
    // More than 5 months: E1 (394 days) and E2 (15 Jan + 5 months = 15 June, before 30 June).
    expect(rows[0]).toMatchObject({ open_over_5_months: 2, pct_open_over_5_months: 100 });
  });

  it('refuses a period: it is a count as at the extract date', () => {
    expect(() => openEpisodes(ctx, { from: '2025-01-01' } as Filters).compile()).toThrow(/cannot be filtered by period/);
  });
});

describe('daysOpenBands', () => {
  it('puts each open episode in one band, and the bands above 9 months add up to open_over_9_months', async () => {
    const rows = await run(daysOpenBands(ctx, {}));
    const band = (service: string) => Object.fromEntries(rows.filter((r) => r.service === service).map((r) => [r.band, r.open_episodes]));
    expect(band('FIT')).toEqual({ 'up to 3 months': 0, '3 to 6 months': 1, '6 to 9 months': 0, '9 to 12 months': 0, 'over 12 months': 1 });
    // E5: more than 6 months (30 March), not more than 9 (30 June is the extract date itself).
    expect(band('YIT')).toEqual({ 'up to 3 months': 0, '3 to 6 months': 0, '6 to 9 months': 1, '9 to 12 months': 0, 'over 12 months': 0 });
    expect(rows.find((r) => r.service === 'FIT')).toMatchObject({ service_open_episodes: 2 });
  });
});

describe('referralsByMonth', () => {
  it('counts referrals per month and service with those allocated and not', async () => {
    const rows = await run(referralsByMonth(ctx, {}));
    expect(rows.map((r) => [r.month, r.service, r.referrals, r.allocated, r.not_allocated, r.waiting])).toEqual([
      ['2023-01-01', 'TYSS', 1, 1, 0, 0],
      ['2024-06-01', 'FIT', 1, 1, 0, 0],
      ['2024-09-01', 'FIT', 1, 1, 0, 0],
      ['2024-09-01', 'YIT', 1, 1, 0, 0],
      ['2025-01-01', 'FIT', 1, 1, 0, 0],
      ['2025-05-01', 'SF', 1, 0, 1, 0],
      ['2025-06-01', 'FIT', 1, 0, 0, 1],
    ]);
  });
});

describe('cohortEpisodes', () => {
  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.episode_id).sort();
  it('is the filtered episodes, with the family outcome flags and the young person', async () => {
    expect(ids(await run(cohortEpisodes(ctx, {})))).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7']);
    expect(ids(await run(cohortEpisodes(ctx, { sex: ['female'] })))).toEqual(['E1', 'E3', 'E4', 'E6', 'E7']);
    const e5 = (await run(cohortEpisodes(ctx, {}))).find((r) => r.episode_id === 'E5');
    expect(e5).toMatchObject({ subject_age_band: '14-17', subject_sex: 'male', subject_ethnicity: 'asian', subject_send: false, family_eligible: false });
    // A family episode has no subject: its person columns are empty.
    expect((await run(cohortEpisodes(ctx, {}))).find((r) => r.episode_id === 'E1')).toMatchObject({
      subject_sex: null,
      family_live_needs: 3,
      family_eligible: true,
      family_successful_outcome: false,
    });
  });

  it('narrows by need headline, family outcome and tool', async () => {
    // F1's episodes: E1, E6, E7.
    expect(ids(await run(cohortEpisodes(ctx, {}, { need: 'EDU' })))).toEqual(['E1', 'E6', 'E7']);
    expect(ids(await run(cohortEpisodes(ctx, {}, { need: 'CRIME' })))).toEqual([]);
    expect(ids(await run(cohortEpisodes(ctx, {}, { outcome: 'eligible' })))).toEqual(['E1', 'E6', 'E7']);
    expect(ids(await run(cohortEpisodes(ctx, {}, { outcome: 'not_eligible' })))).toEqual(['E2', 'E3', 'E4', 'E5']);
    expect(ids(await run(cohortEpisodes(ctx, {}, { outcome: 'successful' })))).toEqual([]);
    // No readings at all: no episode has a pair on any tool.
    expect(ids(await run(cohortEpisodes(ctx, {}, { tool: 'family_star_plus' })))).toEqual([]);
    expect(ids(await run(cohortEpisodes(ctx, { service: ['FIT'] }, { need: 'EDU' })))).toEqual(['E1']);
  });
});
