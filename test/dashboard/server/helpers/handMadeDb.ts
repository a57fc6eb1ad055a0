import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModels } from '../../../../models/core/build.ts';
import { Database } from '../../../../pipeline/db/database.ts';
import { createSources } from '../../../models-core/helpers/createSources.ts';

/**
 * Episodes by locality, service and team, worked out by hand (extract date 2025-06-30):
 *
 * | locality   | service | team           | episodes | status   |
 * | ---------- | ------- | -------------- | -------- | -------- |
 * | Hadley     | FIT     | FIT Hadley     | 9        | open     |
 * | Hadley     | YIT     | YIT Hadley     | 2        | open     |
 * | Wellington | FIT     | FIT Wellington | 3        | open     |
 * | Wellington | SF      | SF Wellington  | 7        | closed   |
 * | Madeley    | FIT     | FIT Madeley    | 12       | open     |
 * | Madeley    | YIT     | YIT Madeley    | 1        | waiting  |
 *
 * Every episode is its own family in that locality. Plus a hand-made table t_referrals
 * (locality, referrals, successful) for disclosure control: 40/12/3/25 referrals.
 */
export const handMadeEpisodes = [
  { locality: 'Hadley', service: 'FIT', team: 'FIT Hadley', n: 9, status: 'open' },
  { locality: 'Hadley', service: 'YIT', team: 'YIT Hadley', n: 2, status: 'open' },
  { locality: 'Wellington', service: 'FIT', team: 'FIT Wellington', n: 3, status: 'open' },
  { locality: 'Wellington', service: 'SF', team: 'SF Wellington', n: 7, status: 'closed' },
  { locality: 'Madeley', service: 'FIT', team: 'FIT Madeley', n: 12, status: 'open' },
  { locality: 'Madeley', service: 'YIT', team: 'YIT Madeley', n: 1, status: 'waiting' },
] as const;

export const localities = ['Hadley', 'Madeley', 'Wellington'];

export interface HandMadeDb {
  dir: string;
  db: string;
  remove(): void;
}

export async function handMadeDb(): Promise<HandMadeDb> {
  const dir = mkdtempSync(join(tmpdir(), 'dash-access-'));
  const path = join(dir, 'outcomes.duckdb');
  const db = await Database.open(path);
  try {
    await createSources(db, '2025-06-30');
    let n = 0;
    for (const g of handMadeEpisodes) {
      for (let i = 0; i < g.n; i++) {
        n++;
        const family = `F${n}`;
        await db.run(`INSERT INTO families (family_id, locality) VALUES ($1, $2)`, [family, g.locality]);
        const common = [`E${n}`, family, g.service, g.team, '2025-01-10'];
        if (g.status === 'waiting') {
          await db.run(`INSERT INTO episodes (episode_id, family_id, service, team, referral_on, decision, decision_on) VALUES ($1, $2, $3, $4, $5::DATE, 'waiting_list', '2025-01-11')`, common);
        } else {
          await db.run(
            `INSERT INTO episodes (episode_id, family_id, service, team, referral_on, decision, decision_on, allocated_on, worker_id, closed_on, closure_reason)
             VALUES ($1, $2, $3, $4, $5::DATE, 'allocated', '2025-01-11', '2025-01-12', $6, $7::DATE, $8)`,
            [...common, `W-${g.team}`, g.status === 'closed' ? '2025-05-01' : null, g.status === 'closed' ? 'outcomes_met' : null],
          );
        }
      }
    }
    // mart_waiting_list: open_episodes reads its waiting list (indicators.md section 3).
    await buildModels(db, { select: ['+mart_episodes', '+int_people', '+mart_waiting_list'] });
    await db.run(`CREATE TABLE t_referrals AS SELECT * FROM (VALUES ('Hadley', 40, 30), ('Madeley', 12, 8), ('Wellington', 3, 2), ('Telford', 25, 20)) t(locality, referrals, successful)`);
  } finally {
    db.close();
  }
  return { dir, db: path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
