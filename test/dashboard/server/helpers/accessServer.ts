import { sql } from 'kysely';
import { applyFilters } from '../../../../models/indicators/applyFilters.ts';
import type { ServerOptions } from '../../../../dashboard/server/createServer.ts';
import { drills } from '../../../../dashboard/server/drillRegistry.ts';
import { indicators } from '../../../../dashboard/server/indicatorRegistry.ts';
import type { RegistryEntry } from '../../../../dashboard/server/RegistryEntry.ts';
import { totalEntry } from '../../../../dashboard/server/totalEntry.ts';
import { createServer, type DashboardServer } from '../../../../dashboard/server/createServer.ts';
import { passwordOf, signIn, writeAccounts, type TestAccount } from './accounts.ts';

/** One account per role, and service managers scoped three ways. */
export const accounts = {
  admin: { username: 'admin', role: 'admin' },
  analyst: { username: 'analyst', role: 'analyst' },
  commissioner: { username: 'commissioner', role: 'commissioner' },
  smHadley: { username: 'sm-hadley', role: 'service_manager', localities: ['Hadley'] },
  smFit: { username: 'sm-fit', role: 'service_manager', services: ['FIT'] },
  smHadleyFit: { username: 'sm-hadley-fit', role: 'service_manager', localities: ['Hadley'], services: ['FIT'] },
} satisfies Record<string, TestAccount>;
export type AccountName = keyof typeof accounts;

/**
 * Test-only indicators over the hand-made table t_referrals (locality, referrals,
 * successful), with their disclosure description given inline.
 */
export const testIndicators: RegistryEntry[] = [
  {
    name: 'test_referrals',
    title: 'Referrals by locality (test)',
    page: 'overview',
    description: 'Hand-made referrals and successes per locality, with the success rate.',
    disclosure: { counts: ['referrals', 'successful'], rates: { pct_successful: { denominator: 'referrals', numerator: 'successful' } } },
    run: (ctx, f) =>
      applyFilters(
        ctx,
        ctx.db
          .selectFrom(ctx.ref('t_referrals').as('t'))
          .select(['t.locality', 't.referrals', 't.successful', sql<number>`round(100.0 * t.successful / t.referrals, 1)`.as('pct_successful')])
          .orderBy('t.locality'),
        f,
        { locality: 't.locality' },
      ),
  },
  {
    name: 'test_undescribed',
    title: 'A column nobody described (test)',
    page: 'overview',
    description: 'Referrals and a numeric column its description does not mention.',
    disclosure: { counts: ['referrals'] },
    run: (ctx, f) =>
      applyFilters(ctx, ctx.db.selectFrom(ctx.ref('t_referrals').as('t')).select(['t.locality', 't.referrals', 't.successful']).orderBy('t.locality'), f, { locality: 't.locality' }),
  },
  {
    name: 'test_authority_total',
    title: 'Referrals in the whole authority (test)',
    page: 'overview',
    description: 'Takes no locality filter, so a user scoped to localities cannot have it.',
    disclosure: { counts: ['referrals'] },
    // Through applyFilters with no filter columns: it refuses every filter, as the indicators do.
    run: (ctx, f) => applyFilters(ctx, ctx.db.selectFrom(ctx.ref('t_referrals').as('t')).select(sql<number>`sum(t.referrals)::INTEGER`.as('referrals')), f, {}),
  },
  {
    name: 'test_by_worker',
    title: 'Episodes by worker (test)',
    page: 'practice',
    description: 'Episodes per worker: figures, but each row is about one worker, so it carries worker_id (pseudonymised).',
    disclosure: { counts: ['episodes'] },
    run: (ctx, f) =>
      applyFilters(
        ctx,
        ctx.db
          .selectFrom(ctx.ref('mart_episodes').as('e'))
          .select(['e.worker_id', sql<number>`count(*)::INTEGER`.as('episodes')])
          .groupBy('e.worker_id')
          .orderBy('e.worker_id'),
        f,
        { locality: 'e.locality', service: 'e.service', team: 'e.team' },
      ),
  },
  {
    name: 'test_leaky',
    title: 'A broken indicator that ignores its filters (test)',
    page: 'overview',
    description: 'Accepts every filter and applies none: the second lock in runQuery must stop it.',
    disclosure: { counts: ['referrals', 'successful'] },
    run: (ctx) => ctx.db.selectFrom(ctx.ref('t_referrals').as('t')).select(['t.locality', 't.referrals', 't.successful']),
  },
];
// The total of test_referrals, as the registry makes the pages' headline totals (totalEntry).
testIndicators.push(
  totalEntry(testIndicators[0], {
    sums: ['referrals', 'successful'],
    percentages: { pct_successful: ['successful', 'referrals'] },
    description: 'Referrals and successes in all localities.',
  }),
);

export interface AccessServer extends DashboardServer {
  url: string;
  usersFile: string;
  logged: string[];
  /** Requests as a signed-in account (signed in once, on first use). */
  as(name: AccountName): { get(path: string, init?: RequestInit): Promise<Response>; cookie(): Promise<string> };
}

export async function startAccessServer(db: string, extra: Partial<ServerOptions> = {}): Promise<AccessServer> {
  const usersFile = await writeAccounts(Object.values(accounts));
  const logged: string[] = [];
  const server = await createServer({
    dbPath: db,
    mode: 'development',
    log: (m) => logged.push(m),
    registry: { indicators: [...indicators, ...testIndicators], drills },
    ...extra,
    access: { usersFile, ...extra.access },
  });
  const url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
  const cookies = new Map<AccountName, Promise<string>>();
  const cookieOf = (name: AccountName) => {
    let c = cookies.get(name);
    if (!c) cookies.set(name, (c = signIn(url, accounts[name].username, passwordOf(accounts[name]))));
    return c;
  };
  return {
    ...server,
    url,
    usersFile,
    logged,
    as: (name) => ({
      cookie: () => cookieOf(name),
      get: async (path, init) => {
        const headers = new Headers(init?.headers);
        headers.set('cookie', await cookieOf(name));
        return fetch(`${url}${path}`, { ...init, headers });
      },
    }),
  };
}
