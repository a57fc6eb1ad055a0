import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer, PreviewServer } from 'vite';
import type { DashboardServer, ServerOptions } from './createServer.ts';

const createServerPath = fileURLToPath(new URL('./createServer.ts', import.meta.url));

/**
 * Mounts the API in Vite's own server, so `npm run dev` (vite) serves the client with hot
 * reload and /api/* on one port. The server code is loaded through Vite's module runner
 * (ssrLoadModule), which compiles TypeScript, so this works under plain `vite` without a
 * TypeScript loader in Node; the database file is the same as the server's: env DB, else
 * data/outcomes.duckdb (make it with `npm start` once, or `npm run pipeline`).
 *
 * vite.config.ts: `plugins: [svelte(), vitePlugin()]` (only for `serve`, not in Vitest).
 */
export function vitePlugin(options: Partial<ServerOptions> = {}): Plugin {
  let server: DashboardServer | undefined;

  async function mount(vite: ViteDevServer | PreviewServer, load: (path: string) => Promise<Record<string, unknown>>) {
    const { createServer } = (await load(createServerPath)) as { createServer: (o: ServerOptions) => Promise<DashboardServer> };
    const dbPath = resolve(options.dbPath ?? process.env.DB ?? 'data/outcomes.duckdb');
    server = await createServer({ ...options, dbPath, staticDir: null });
    await server.app.ready();
    const app = server.app;
    vite.middlewares.use((req, res, next) => {
      const url = req.url ?? '';
      // The API, and the sign-in and audit pages the server makes itself.
      if (url === '/api' || /^\/(api|auth|admin)[/?]/.test(url)) app.routing(req, res);
      else next();
    });
    vite.httpServer?.once('close', () => void server?.close());
  }

  return {
    name: 'family-outcomes-api',
    async configureServer(vite) {
      await mount(vite, (p) => vite.ssrLoadModule(p));
    },
    async configurePreviewServer(preview) {
      // `vite preview` has no module runner: Node imports the server directly (run it under tsx).
      await mount(preview, (p) => import(p));
    },
  };
}

export default vitePlugin;
