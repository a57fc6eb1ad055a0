import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../../models/core/build.ts';
import { Relation } from '../../../models/core/Relation.ts';
import { createKysely, loadConfig } from '../../../models/index.ts';
import { episodeStatus } from '../../../models/indicators/episodeStatus.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';

// Extract date 2025-06-30. Three EH episodes of one family with no team recorded (team is
// optional in the data contract) and one of team "EH A":
// no team: E1 open, E2 closed, E3 not allocated -> 3 episodes, open 1, closed 1, not_allocated 1
// EH A:    E4 open                               -> 1 episode,  open 1
const episodes = [
  { episode_id: 'E1', service: 'EH', referral_on: '2025-01-10', decision: 'allocated', decision_on: '2025-01-11', allocated_on: '2025-01-12', worker_id: 'W1' },
  { episode_id: 'E2', service: 'EH', referral_on: '2025-02-10', decision: 'allocated', decision_on: '2025-02-11', allocated_on: '2025-02-12', worker_id: 'W1', closed_on: '2025-05-01', closure_reason: 'outcomes_met' },
  { episode_id: 'E3', service: 'EH', referral_on: '2025-03-10', decision: 'no_service', decision_on: '2025-03-11' },
  { episode_id: 'E4', service: 'EH', team: 'EH A', referral_on: '2025-04-10', decision: 'allocated', decision_on: '2025-04-11', allocated_on: '2025-04-12', worker_id: 'W1' },
];

let db: Database;
let ctx: IndicatorContext;

beforeAll(async () => {
  db = await Database.open();
  await createSources(db, '2025-06-30');
  await db.run(`INSERT INTO families (family_id, locality) VALUES ('F1', 'Hadley')`);
  await db.run(`INSERT INTO people (person_id, family_id, role, birth_month, sex) VALUES ('P1', 'F1', 'child', '2015-03-01', 'female')`);
  for (const e of episodes) {
    const row: Record<string, unknown> = { family_id: 'F1', ...e };
    const cols = Object.keys(row);
    await db.run(`INSERT INTO episodes (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }
  await buildModels(db, { select: ['+mart_episodes', '+int_people'] });
  ctx = { db: createKysely(db), ref: (name) => new Relation(name), config: loadConfig() };
});
afterAll(() => db.close());

describe('episodeStatus by team', () => {
  it('counts the episodes with no team as a group of their own', async () => {
    const rows = (await episodeStatus(ctx, {}, 'team').execute()) as Record<string, unknown>[];
    const of = (team: string | null) => Object.fromEntries(rows.filter((r) => r.team === team).map((r) => [r.status, [r.episodes, r.group_episodes]]));
    expect(of(null)).toEqual({ waiting: [0, 3], open: [1, 3], closed: [1, 3], not_allocated: [1, 3] });
    expect(of('EH A')).toEqual({ waiting: [0, 1], open: [1, 1], closed: [0, 1], not_allocated: [0, 1] });
  });
});
