import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { openEpisodes } from '../../../models/indicators/openEpisodes.ts';
import { waitingList } from '../../../models/indicators/waitingList.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, indicatorContext, type Extract, type Row } from './helpers.ts';

// The waiting list (indicators.md section 3: "count and age of episodes decided
// waiting_list and not yet allocated") is one list, whichever indicator reports it:
// openEpisodes' waiting_episodes and median_days_waiting must be waitingList's. A referral
// still awaiting its decision is not on the waiting list (its clock is the `decision`
// standard). Extract date 2025-06-30.
const EXTRACTED_ON = '2025-06-30';

const fit = (episode_id: string, extra: Row): Row => ({ episode_id, family_id: 'F1', service: 'FIT', team: 'FIT A', ...extra });

const extract: Extract = {
  families: [{ family_id: 'F1', locality: 'Hadley' }],
  episodes: [
    // Open: allocated and not closed.
    fit('A1', { referral_on: '2025-05-01', decision: 'allocated', decision_on: '2025-05-02', allocated_on: '2025-05-06', worker_id: 'W1' }),
    // On the waiting list: referred 28 May, decided 2 Jun -> 30 Jun = 28 days waiting (33 since referral).
    fit('B1', { referral_on: '2025-05-28', decision: 'waiting_list', decision_on: '2025-06-02' }),
    // On the waiting list: referred 16 Jun, decided 20 Jun -> 30 Jun = 10 days waiting (14 since referral).
    fit('D1', { referral_on: '2025-06-16', decision: 'waiting_list', decision_on: '2025-06-20' }),
    // Referred 20 Jun, no decision yet: awaiting a decision, not on the waiting list.
    fit('C1', { referral_on: '2025-06-20' }),
    // Decided waiting_list, then allocated: no longer waiting.
    fit('G1', { referral_on: '2025-04-01', decision: 'waiting_list', decision_on: '2025-04-02', allocated_on: '2025-05-01', worker_id: 'W1' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_episodes', '+mart_waiting_list']);
});
afterAll(() => db.close());

describe('openEpisodes: the waiting list', () => {
  it('counts only episodes decided waiting_list and not yet allocated, aged from the decision', async () => {
    const [row] = await openEpisodes(indicatorContext(db), noFilters).execute();
    // Open: A1 and G1. Waiting list: B1 and D1 (not C1): 2, median of 28 and 10 days = 19.
    // Counting C1 and ageing from referral would give 3 and the median of 33, 14, 10 = 14.
    expect(row).toMatchObject({ service: 'FIT', open_episodes: 2, waiting_episodes: 2, median_days_waiting: 19 });
  });

  it("agrees with waitingList's count and median", async () => {
    const [list] = await waitingList(indicatorContext(db), noFilters).execute();
    expect(list).toMatchObject({ service: 'FIT', waiting: 2, median_days_waiting: 19 });
  });

  it('gives no row to a service whose only episode awaits a decision', async () => {
    const only = await buildExtract(EXTRACTED_ON, { families: extract.families, episodes: [fit('C1', { referral_on: '2025-06-20' })] }, [
      '+mart_episodes',
      '+mart_waiting_list',
    ]);
    try {
      expect(await openEpisodes(indicatorContext(only), noFilters).execute()).toEqual([]);
    } finally {
      only.close();
    }
  });
});
