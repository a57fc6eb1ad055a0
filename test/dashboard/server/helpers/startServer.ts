import { createServer, type DashboardServer, type ServerOptions } from '../../../../dashboard/server/createServer.ts';
import { signIn, writeAccounts } from './accounts.ts';

export interface RunningServer extends DashboardServer {
  url: string;
  /** A request signed in as an administrator (every route needs a session). */
  get(path: string, init?: RequestInit): Promise<Response>;
}

let adminUsers: Promise<string> | undefined;

/** The server on a free port of 127.0.0.1, quiet unless a test asks for its log, with an administrator signed in for `get`. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const usersFile = await (adminUsers ??= writeAccounts([{ username: 'test-admin', role: 'admin', password: 'test-admin-password' }]));
  const server = await createServer({ log: () => {}, ...opts, access: { usersFile, ...opts.access } });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const cookie = await signIn(url, 'test-admin', 'test-admin-password');
  return {
    ...server,
    url,
    get: (path, init) => {
      const headers = new Headers(init?.headers);
      if (!headers.has('cookie')) headers.set('cookie', cookie);
      return fetch(`${url}${path}`, { ...init, headers });
    },
  };
}
