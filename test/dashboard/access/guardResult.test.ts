// guardResult, the last check on every answer runQuery gives, on hand-made answers and
// users: scope columns, identifier columns for aggregate-only roles, disclosure control
// (including a table it must refuse), data quality (a Dataset) for the roles that may
// have it, reference facts that must hold no figures, and an answer that says nothing
// about what it is, which is refused rather than sent unchecked.
import { describe, expect, it } from 'vitest';
import { guardResult } from '../../../dashboard/server/access/guardResult.ts';
import { indicatorDisclosure } from '../../../dashboard/server/access/indicatorDisclosure.ts';
import type { Dataset } from '../../../dashboard/server/access/QueryPurpose.ts';
import { runWithAccess, type RequestAccess } from '../../../dashboard/server/access/requestAccess.ts';
import type { Role } from '../../../dashboard/server/access/roles.ts';
import type { Scope } from '../../../dashboard/server/access/User.ts';
import { HttpError } from '../../../dashboard/server/HttpError.ts';
import type { ResolvedEntry } from '../../../dashboard/server/RegistryEntry.ts';
import type { QueryResult } from '../../../dashboard/server/runQuery.ts';

const rules = { minSuppressedCount: 1, maxSuppressedCount: 5, minDenominator: 10 };

const entry = (name: string, kind: ResolvedEntry['kind'] = 'indicator'): ResolvedEntry => ({
  name,
  title: name,
  page: 'practice',
  description: 'hand-made',
  kind,
  filters: ['period', 'service', 'locality', 'team'],
  tables: [],
  run: () => {
    throw new Error('not run here');
  },
});

function as<T>(role: Role, scope: Scope, e: ResolvedEntry | undefined, fn: () => T): T {
  const access: RequestAccess = {
    user: { username: `a-${role}`, name: role, role, scope, via: 'local' },
    route: '/api/indicators/:name',
    rules,
    disclosure: (x) => x.disclosure ?? indicatorDisclosure[x.name],
    entry: e,
  };
  return runWithAccess(access, fn);
}

const answer = (columns: [string, string][], rows: Record<string, unknown>[]): QueryResult => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows: rows as QueryResult['rows'],
});

/** The HTTP status a guard failure would answer with (500 for an Error that is not an HttpError). */
function statusOf(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof HttpError ? e.status : 500;
  }
}

// practice_compliance by worker: pseudonymised worker ids with their counts.
const byWorker = answer(
  [
    ['worker_id', 'VARCHAR'],
    ['met', 'BIGINT'],
    ['late', 'BIGINT'],
    ['missed', 'BIGINT'],
    ['pending', 'BIGINT'],
    ['not_applicable', 'BIGINT'],
    ['due', 'BIGINT'],
    ['compliance_pct', 'DOUBLE'],
  ],
  [{ worker_id: 'p_AAAAAAAAAAAAAAAAAAAAAA', met: 30, late: 6, missed: 7, pending: 0, not_applicable: 0, due: 43, compliance_pct: 69.8 }],
);

describe('guardResult', () => {
  it('an aggregate-only role never gets identifier columns, even from an indicator (practice_compliance by worker_id)', () => {
    const e = entry('practice_compliance');
    let err: unknown;
    try {
      as('commissioner', {}, e, () => guardResult(byWorker));
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(403);
    expect((err as HttpError).message).toMatch(/aggregates only: this answer has person-level identifiers/);
    // Nothing else about the answer would have stopped it: the same figures without worker_id pass, all above 5.
    const noIds = answer(byWorker.columns.slice(1).map((c) => [c.name, c.type]), byWorker.rows.map(({ worker_id: _, ...r }) => r));
    expect(as('commissioner', {}, e, () => guardResult(noIds)).rows[0].met).toBe(30);
    // Roles that see rows get the ids.
    expect(statusOf(() => as('analyst', {}, e, () => guardResult(byWorker)))).toBe('ok');
  });

  it("a scoped user's answer holding another locality or service fails (the second lock), whatever the route", () => {
    const r = answer([['locality', 'VARCHAR'], ['n', 'BIGINT']], [{ locality: 'Hadley' }, { locality: 'Wellington' }].map((x) => ({ ...x, n: 20 })));
    expect(statusOf(() => as('service_manager', { localities: ['Hadley'] }, entry('x'), () => guardResult(r)))).toBe(500);
    expect(statusOf(() => as('service_manager', { localities: ['Hadley', 'Wellington'] }, entry('x'), () => guardResult(r)))).toBe('ok');
    const s = answer([['service', 'VARCHAR']], [{ service: 'SF' }]);
    expect(statusOf(() => as('service_manager', { services: ['FIT'] }, entry('x'), () => guardResult(s)))).toBe(500);
  });

  it('a commissioner answer is suppressed; one that cannot be made safe is refused with a 403 that says why', () => {
    const d = { counts: ['n'] };
    const e = { ...entry('t'), disclosure: d };
    const rows = (ns: number[]) => answer([['team', 'VARCHAR'], ['n', 'BIGINT']], ns.map((n, i) => ({ team: `T${i}`, n })));
    // 40, 12, 3: the 3 and the next smallest, 12.
    expect(as('commissioner', {}, e, () => guardResult(rows([40, 12, 3]))).rows.map((x) => x.n)).toEqual(['40', 'c', 'c']);
    // The analyst sees the numbers.
    expect(as('analyst', {}, e, () => guardResult(rows([40, 12, 3]))).rows.map((x) => x.n)).toEqual([40, 12, 3]);
    //         n     m   (row totals 15 and 20; column m adds to 32)
    // T0      3    12
    // T1      0    20   -> T1's total gives its 20, column m then the 12, T0's row the 3.
    const grid = answer(
      [
        ['team', 'VARCHAR'],
        ['n', 'BIGINT'],
        ['m', 'BIGINT'],
      ],
      [
        { team: 'T0', n: 3, m: 12 },
        { team: 'T1', n: 0, m: 20 },
      ],
    );
    const g = { ...entry('g'), disclosure: { counts: ['n', 'm'], rowTotals: [['n', 'm']] } };
    let err: unknown;
    try {
      as('commissioner', {}, g, () => guardResult(grid));
    } catch (x) {
      err = x;
    }
    expect((err as HttpError).status).toBe(403);
    expect((err as HttpError).message).toMatch(/^g: These figures cannot be shown with small numbers hidden/);
  });

  it('data quality (a Dataset) only for roles with the right that see the whole authority as it is', () => {
    const quality: Dataset = { name: 'data_quality', title: 'Data quality', permission: 'viewQuality' };
    const rejects = answer([['file', 'VARCHAR'], ['rejected_rows', 'INTEGER']], [{ file: 'families.csv', rejected_rows: 2 }]);
    const purpose = { kind: 'dataset', dataset: quality } as const;
    expect(statusOf(() => as('analyst', {}, undefined, () => guardResult(rejects, purpose)))).toBe('ok');
    expect(statusOf(() => as('admin', {}, undefined, () => guardResult(rejects, purpose)))).toBe('ok');
    // A commissioner would get an unsuppressed 2; a service manager the whole authority's counts.
    expect(statusOf(() => as('commissioner', {}, undefined, () => guardResult(rejects, purpose)))).toBe(403);
    expect(statusOf(() => as('service_manager', { localities: ['Hadley'] }, undefined, () => guardResult(rejects, purpose)))).toBe(403);
  });

  it('an answer that is neither the request\'s indicator or drill-down nor a declared purpose is refused, never sent unchecked', () => {
    const counts = answer([['file', 'VARCHAR'], ['rejected_rows', 'INTEGER']], [{ file: 'families.csv', rejected_rows: 2 }]);
    for (const role of ['commissioner', 'analyst', 'admin'] as const) {
      expect(() => as(role, {}, undefined, () => guardResult(counts)), role).toThrow(/without an indicator, a drill-down or a declared purpose/);
    }
  });

  it('reference facts (names, dates, types) pass for everyone; a figure or identifier among them is refused', () => {
    const names = answer([['v', 'VARCHAR']], [{ v: 'Hadley' }, { v: 'Wellington' }]);
    const reference = { kind: 'reference', what: 'filter options' } as const;
    expect(as('service_manager', { localities: ['Hadley'] }, undefined, () => guardResult(names, reference)).rows).toHaveLength(2);
    expect(as('commissioner', {}, undefined, () => guardResult(names, reference)).rows).toHaveLength(2);
    const counted = answer([['v', 'VARCHAR'], ['n', 'BIGINT']], [{ v: 'Hadley', n: 3 }]);
    expect(() => as('analyst', {}, undefined, () => guardResult(counted, reference))).toThrow(/returned the column n, a figure or identifier/);
    const ids = answer([['family_id', 'VARCHAR']], [{ family_id: 'p_x' }]);
    expect(() => as('analyst', {}, undefined, () => guardResult(ids, reference))).toThrow(/family_id/);
  });
});
