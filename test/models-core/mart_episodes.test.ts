import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import { buildModels } from '../../models/core/build.ts';
import { formatTestResult } from '../../models/core/formatTestResult.ts';
import { testModels } from '../../models/core/test.ts';
import { createSources } from './helpers/createSources.ts';

// Extract date 2025-06-30 ("today"). Families: F1 Hadley, F2 Wellington, F3 Madeley.
const EXTRACTED_ON = '2025-06-30';

interface Case {
  episode: Record<string, string | null>;
  status: string;
  days_open: number;
  locality: string;
  why: string;
}

const cases: Case[] = [
  {
    episode: { episode_id: 'E01', family_id: 'F1', service: 'FIT', referral_on: '2025-01-10', decision: 'allocated', decision_on: '2025-01-12', allocated_on: '2025-01-15', worker_id: 'W1', closed_on: '2025-05-20', closure_reason: 'outcomes_met' },
    status: 'closed',
    days_open: 130,
    locality: 'Hadley',
    why: 'closed; 10 Jan -> 20 May: 21 (rest of Jan) + 28 + 31 + 30 + 20 = 130; no episode locality, so the family\'s',
  },
  {
    episode: { episode_id: 'E02', family_id: 'F2', service: 'YIT', locality: 'Dawley', referral_on: '2025-03-01', decision: 'allocated', allocated_on: '2025-03-05', worker_id: 'W2' },
    status: 'open',
    days_open: 121,
    locality: 'Dawley',
    why: 'allocated, not closed; 1 Mar -> 30 Jun (extract): 30 + 30 + 31 + 30 = 121; the episode locality beats the family\'s',
  },
  {
    episode: { episode_id: 'E03', family_id: 'F3', service: 'FIT', referral_on: '2025-06-01', decision: 'waiting_list', decision_on: '2025-06-03' },
    status: 'waiting',
    days_open: 29,
    locality: 'Madeley',
    why: 'decided waiting_list, not allocated; 1 Jun -> 30 Jun = 29',
  },
  {
    episode: { episode_id: 'E04', family_id: 'F1', service: 'SF', referral_on: '2025-05-01', decision: 'no_service', decision_on: '2025-05-02' },
    status: 'not_allocated',
    days_open: 1,
    locality: 'Hadley',
    why: 'decided no_service, never allocated; ends at the decision: 1 May -> 2 May = 1',
  },
  {
    episode: { episode_id: 'E05', family_id: 'F2', service: 'SF', referral_on: '2025-04-01', decision: 'needs_other_service', decision_on: '2025-04-03', closed_on: '2025-04-10', closure_reason: 'transferred' },
    status: 'not_allocated',
    days_open: 9,
    locality: 'Wellington',
    why: 'needs_other_service and never allocated, even though closed; 1 Apr -> closed 10 Apr = 9',
  },
  {
    episode: { episode_id: 'E06', family_id: 'F3', service: 'FIT', referral_on: '2025-02-01', decision: 'waiting_list', decision_on: '2025-02-03', closed_on: '2025-03-01', closure_reason: 'declined' },
    status: 'closed',
    days_open: 28,
    locality: 'Madeley',
    why: 'left the waiting list by closing, never allocated; 1 Feb -> 1 Mar = 28 (2025 is not a leap year)',
  },
  {
    episode: { episode_id: 'E07', family_id: 'F1', service: 'TYSS', subject_person_id: 'P1', referral_on: '2025-06-30' },
    status: 'waiting',
    days_open: 0,
    locality: 'Hadley',
    why: 'referred on the extract date, no decision yet; 0 days',
  },
  {
    episode: { episode_id: 'E08', family_id: 'F2', service: 'YIT', subject_person_id: 'P2', team: 'North', referral_on: '2024-06-30', decision: 'allocated', decision_on: '2024-07-01', allocated_on: '2024-07-10', worker_id: 'W2' },
    status: 'open',
    days_open: 365,
    locality: 'Wellington',
    why: 'open a whole year: 30 Jun 2024 -> 30 Jun 2025 = 365 (no 29 Feb in between)',
  },
  {
    episode: { episode_id: 'E09', family_id: 'F3', service: 'YOS', referral_on: '2025-01-01', decision: 'returned_to_front_door' },
    status: 'not_allocated',
    days_open: 180,
    locality: 'Madeley',
    why: 'returned to the front door with no decision date, so it runs to the extract date: 1 Jan -> 30 Jun = 30 + 28 + 31 + 30 + 31 + 30 = 180',
  },
  {
    episode: { episode_id: 'E10', family_id: 'F1', service: 'FIT', referral_on: '2025-06-01', decision: 'allocated', decision_on: '2025-06-02' },
    status: 'waiting',
    days_open: 29,
    locality: 'Hadley',
    why: 'decided allocated but no allocation date yet: still waiting; 1 Jun -> 30 Jun = 29',
  },
];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  await db.run(`INSERT INTO families (family_id, locality) VALUES ('F1', 'Hadley'), ('F2', 'Wellington'), ('F3', 'Madeley')`);
  for (const { episode } of cases) {
    const cols = Object.keys(episode);
    await db.run(
      `INSERT INTO episodes (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(episode),
    );
  }
  await buildModels(db, { select: '+mart_episodes' });
});
afterAll(() => db.close());

describe('mart_episodes on a hand-made extract', () => {
  it.each(cases.map((c) => [c.episode.episode_id, c] as const))('%s', async (id, c) => {
    const row = await db.one(`SELECT * FROM mart_episodes WHERE episode_id = $1`, [id]);
    expect(row, c.why).toMatchObject({ status: c.status, days_open: c.days_open, locality: c.locality });
  });

  it('carries the episode columns through unchanged', async () => {
    const row = await db.one(`SELECT * FROM mart_episodes WHERE episode_id = 'E08'`);
    expect(row).toEqual({
      episode_id: 'E08',
      family_id: 'F2',
      subject_person_id: 'P2',
      service: 'YIT',
      team: 'North',
      locality: 'Wellington',
      worker_id: 'W2',
      referral_on: '2024-06-30',
      allocated_on: '2024-07-10',
      closed_on: null,
      closure_reason: null,
      days_open: 365,
      status: 'open',
    });
  });

  it('is a table with one row per episode', async () => {
    const t = await db.one(`SELECT table_type FROM information_schema.tables WHERE table_name = 'mart_episodes'`);
    expect(t?.table_type).toBe('BASE TABLE');
    expect((await db.one(`SELECT count(*) AS n FROM mart_episodes`))?.n).toBe(cases.length);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: '+mart_episodes' });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });

  it('fails its tests on a bad extract, showing the rows', async () => {
    await db.run(`INSERT INTO episodes (episode_id, family_id, service, referral_on) VALUES ('E01', 'F9', 'FIT', '2025-07-05')`);
    await buildModels(db, { select: 'mart_episodes' });
    const failed = (await testModels(db, { select: 'mart_episodes' })).results.filter((r) => !r.passed);
    expect(failed.map((r) => r.test)).toEqual([
      'unique(episode_id)',
      'not_null(locality)',
      'relationships(family_id -> stg_families.family_id)',
      'expression(days_open not negative)',
    ]);
    expect(failed[2].rows).toMatchObject([{ episode_id: 'E01', family_id: 'F9' }]);
  });
});
