import { createServer, type DashboardServer, type ServerOptions } from '../../../../dashboard/server/createServer.ts';

export interface RunningServer extends DashboardServer {
  url: string;
  get(path: string, init?: RequestInit): Promise<Response>;
}

/** The server on a free port of 127.0.0.1, quiet unless a test asks for its log. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const server = await createServer({ log: () => {}, ...opts });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...server, url, get: (path, init) => fetch(`${url}${path}`, init) };
}
