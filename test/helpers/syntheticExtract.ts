import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../../pipeline/db/database.ts';
import { tempDir } from './writeExtract.ts';

/**
 * A large, valid, boring extract made with SQL in a second: enough rows that a load takes
 * a few seconds, for tests that need a load to be in progress (kill tests, concurrency).
 * Its content tells no story; the sample generator is for that.
 */
export async function syntheticExtract(families: number, eventsPerFamily = 20): Promise<string> {
  const dir = tempDir('synthetic-');
  const db = await Database.open();
  const out = (name: string) => `'${join(dir, `${name}.csv`)}'`;
  await db.run(`COPY (SELECT 'F' || i AS family_id, ['Wellington','Madeley','Oakengates'][1 + i % 3] AS locality, '' AS district, 1 + i % 10 AS imd_decile
    FROM range(${families}) t(i)) TO ${out('families')} (HEADER)`);
  await db.run(`COPY (SELECT 'P' || i AS person_id, 'F' || i AS family_id, 'child' AS role, '2012-05' AS birth_month, 'female' AS sex, 'white' AS ethnicity, 'no' AS send, 'no' AS looked_after
    FROM range(${families}) t(i)) TO ${out('people')} (HEADER)`);
  await db.run(`COPY (SELECT 'E' || i AS episode_id, 'F' || i AS family_id, 'FIT' AS service, '2024-01-0' || (1 + i % 9) AS referral_on, 'allocated' AS decision,
      '2024-01-1' || (i % 9) AS allocated_on, '' AS closed_on, '' AS closure_reason
    FROM range(${families}) t(i)) TO ${out('episodes')} (HEADER)`);
  await db.run(`COPY (SELECT 'V' || i AS event_id, 'contact' AS event_type, '2024-02-01T10:00:00' AS occurred_at, 'E' || (i // ${eventsPerFamily}) AS episode_id,
      '' AS family_id, '' AS person_id, 'W1' AS worker_id, 'phone' AS detail, '15' AS value, 'case_system' AS source
    FROM range(${families * eventsPerFamily}) t(i)) TO ${out('events')} (HEADER)`);
  db.close();
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ extracted_on: '2025-06-30', authority: 'Synthetic' }));
  return dir;
}
