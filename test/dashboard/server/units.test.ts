import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { periodsBetween } from '../../../dashboard/server/periods.ts';
import { ResultCache } from '../../../dashboard/server/ResultCache.ts';
import { Semaphore } from '../../../dashboard/server/Semaphore.ts';
import { toArrowStream } from '../../../dashboard/server/toArrow.ts';
import type { QueryResult } from '../../../dashboard/server/runQuery.ts';

describe('periodsBetween', () => {
  const periods = periodsBetween('2023-05-10', '2025-06-30');
  it('runs financial years April to March, newest first, and marks the one the extract cuts short', () => {
    expect(periods.filter((p) => p.kind === 'year')).toEqual([
      { id: 'fy2025', label: 'FY 2025/26 (to date)', kind: 'year', from: '2025-04-01', to: '2026-03-31' },
      { id: 'fy2024', label: 'FY 2024/25', kind: 'year', from: '2024-04-01', to: '2025-03-31' },
      { id: 'fy2023', label: 'FY 2023/24', kind: 'year', from: '2023-04-01', to: '2024-03-31' },
    ]);
  });
  it('has financial quarters and months, February of a leap year included', () => {
    expect(periods).toContainEqual({ id: 'fy2023q4', label: 'Q4 2023/24', kind: 'quarter', from: '2024-01-01', to: '2024-03-31' });
    expect(periods).toContainEqual({ id: 'fy2025q1', label: 'Q1 2025/26', kind: 'quarter', from: '2025-04-01', to: '2025-06-30' });
    expect(periods).toContainEqual({ id: 'm2024-02', label: 'Feb 2024', kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    // The quarter before the first data (Q1 2023/24 starts in April 2023, data from May) is still offered; Q4 2022/23 is not.
    expect(periods.some((p) => p.id === 'fy2023q1')).toBe(true);
    expect(periods.some((p) => p.id === 'fy2022q4')).toBe(false);
    expect(periods.filter((p) => p.kind === 'month')).toHaveLength(26);
  });
});

describe('Semaphore', () => {
  it('lets `max` run at once, queues the next ones, and refuses beyond the queue', async () => {
    const s = new Semaphore(2, 1, 1000);
    const a = await s.acquire();
    const b = await s.acquire();
    let cGot = false;
    const c = s.acquire().then((r) => ((cGot = true), r));
    await expect(s.acquire()).rejects.toThrow(/busy/);
    expect(cGot).toBe(false);
    a();
    const releaseC = await c;
    expect(s.inUse).toBe(2);
    b();
    releaseC();
    expect(s.inUse).toBe(0);
  });
  it('gives up on a wait longer than its timeout', async () => {
    const s = new Semaphore(1, 5, 20);
    const a = await s.acquire();
    await expect(s.acquire()).rejects.toThrow(/busy/);
    expect(s.queued).toBe(0);
    a();
  });
});

describe('ResultCache', () => {
  const result = (n: number): QueryResult => ({ columns: [{ name: 'n', type: 'INTEGER' }], rows: Array.from({ length: n }, (_, i) => ({ n: i })) });
  it('runs identical requests in flight once, and answers repeats from memory', async () => {
    const cache = new ResultCache();
    let runs = 0;
    const compute = async () => (runs++, result(3));
    const [x, y] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect(x).toBe(y);
    await cache.get('k', compute);
    expect(runs).toBe(1);
  });
  it('does not keep failures or very large answers, and stays within its row budget', async () => {
    const cache = new ResultCache(100, 10, 5);
    let runs = 0;
    await expect(cache.get('bad', async () => (runs++, Promise.reject(new Error('x'))))).rejects.toThrow('x');
    await cache.get('bad', async () => (runs++, result(1)));
    expect(runs).toBe(2);
    await cache.get('big', async () => (runs++, result(6)));
    await cache.get('big', async () => (runs++, result(6)));
    expect(runs).toBe(4);
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => result(4));
    // 4 + 4 + 4 rows > 10: the oldest went.
    let again = 0;
    await cache.get('a', async () => (again++, result(4)));
    await cache.get('c', async () => (again++, result(4)));
    expect(again).toBe(1);
  });
});

describe('toArrowStream', () => {
  it('maps DuckDB types to Arrow and keeps nulls', () => {
    const bytes = toArrowStream({
      columns: [
        { name: 'person_id', type: 'VARCHAR' },
        { name: 'team', type: 'VARCHAR' },
        { name: 'n', type: 'INTEGER' },
        { name: 'big', type: 'BIGINT' },
        { name: 'huge', type: 'BIGINT' },
        { name: 'vast', type: 'HUGEINT' },
        { name: 'rate', type: 'DECIMAL(5,2)' },
        { name: 'day', type: 'DATE' },
        { name: 'at', type: 'TIMESTAMP' },
        { name: 'ok', type: 'BOOLEAN' },
        { name: 'tags', type: 'VARCHAR[]' },
      ],
      rows: [
        { person_id: 'p_x', team: 'A', n: 1, big: 5, huge: 2n ** 60n, vast: 2n ** 70n, rate: 1.5, day: '2024-02-29', at: new Date(Date.UTC(2024, 1, 29, 13, 5)), ok: true, tags: ['a'] },
        { person_id: null, team: null, n: null, big: null, huge: null, vast: null, rate: null, day: null, at: null, ok: null, tags: null },
      ],
    });
    const t = tableFromIPC(bytes);
    expect(t.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'person_id:Utf8',
      'team:Dictionary<Int32, Utf8>',
      'n:Int32',
      'big:Float64',
      'huge:Int64',
      'vast:Utf8',
      'rate:Float64',
      'day:Date32<DAY>',
      'at:Timestamp<MILLISECOND>',
      'ok:Bool',
      'tags:Utf8',
    ]);
    const [a, b] = t.toArray().map((r) => r.toJSON());
    expect(a).toMatchObject({ team: 'A', n: 1, big: 5, huge: 2n ** 60n, vast: String(2n ** 70n), rate: 1.5, ok: true, tags: '["a"]' });
    expect(new Date(a.day as number).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(a.at as number).toISOString()).toBe('2024-02-29T13:05:00.000Z');
    expect(Object.values(b).every((v) => v === null)).toBe(true);
  });
});
