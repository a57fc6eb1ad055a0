// Reloads (data contract): the same extract twice gives the same database; a later
// extract upserts by primary key and adds new rows; nothing already loaded is lost.
import { describe, expect, it } from 'vitest';
import { smallExtract } from '../helpers/smallExtract.ts';
import { writeExtract } from '../helpers/writeExtract.ts';
import { load, query } from './loadHelpers.ts';

const tables = ['families', 'people', 'workers', 'episodes', 'events'];

async function dump(db: string) {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await query(db, `SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

describe('reloads', () => {
  it('loading the same extract twice gives identical tables', async () => {
    const dir = writeExtract(smallExtract());
    const first = await load(dir);
    const once = await dump(first.db);
    const second = await load(dir, first.db);
    expect(await dump(second.db)).toEqual(once);
    expect(await query(second.db, 'SELECT load_id, rows_loaded FROM loads ORDER BY load_id')).toEqual([
      { load_id: 1, rows_loaded: 11 },
      { load_id: 2, rows_loaded: 11 },
    ]);
  });

  it('a later extract with only new or changed rows upserts by primary key', async () => {
    const first = await load(writeExtract(smallExtract()));
    const later = writeExtract({
      // E2 was waiting; now allocated. V4 is new. Nothing else is in the file.
      families: [{ family_id: 'F2', locality: 'Madeley' }],
      people: [],
      episodes: [
        { episode_id: 'E2', family_id: 'F2', subject_person_id: 'P3', service: 'YIT', referral_on: '2025-03-03', decision: 'allocated', decision_on: '2025-03-04', allocated_on: '2025-04-01' },
      ],
      events: [{ event_id: 'V4', event_type: 'contact', occurred_at: '2025-04-02', episode_id: 'E2', detail: 'phone' }],
    }, { extracted_on: '2025-07-31' });
    const second = await load(later, first.db);
    expect(second.rowsRejected).toBe(0);
    expect(await query(second.db, `SELECT episode_id, decision, allocated_on FROM episodes ORDER BY 1`)).toEqual([
      { episode_id: 'E1', decision: 'allocated', allocated_on: '2024-01-10' },
      { episode_id: 'E2', decision: 'allocated', allocated_on: '2025-04-01' },
    ]);
    expect(await query(second.db, `SELECT event_id, family_id FROM events ORDER BY 1`)).toEqual([
      { event_id: 'V1', family_id: 'F1' },
      { event_id: 'V2', family_id: 'F1' },
      { event_id: 'V3', family_id: 'F2' },
      { event_id: 'V4', family_id: 'F2' },
    ]);
    expect(await query(second.db, 'SELECT count(*) AS n FROM people')).toEqual([{ n: 3 }]);
    expect(await query(second.db, 'SELECT extracted_on FROM extract_manifest')).toEqual([{ extracted_on: '2025-07-31' }]);
  });

  it('a later extract may refer to parents loaded earlier', async () => {
    const first = await load(writeExtract(smallExtract()));
    const later = writeExtract({ families: [], people: [{ person_id: 'P4', family_id: 'F1', role: 'child' }], episodes: [], events: [] });
    const second = await load(later, first.db);
    expect(second.rowsRejected).toBe(0);
    expect(await query(second.db, `SELECT count(*) AS n FROM people`)).toEqual([{ n: 4 }]);
  });
});
