import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer, PreviewServer } from 'vite';
import type { DashboardServer, ServerOptions } from './createServer.ts';

const createServerPath = fileURLToPath(new URL('./createServer.ts', import.meta.url));

/**
 * Mounts the dashboard's server in front of Vite's own, so `npm run dev` (vite) serves the
 * client with hot reload and the API on one port, and `vite preview` serves the build the
 * same way. Every request goes to the server first: the sign-in check and the security
 * headers apply to pages, modules and files as they do under `npm start`, and only a
 * signed-in request that no server route answers is handed on to Vite (passThrough). The
 * server code is loaded through Vite's module runner (ssrLoadModule), which compiles
 * TypeScript, so this works under plain `vite` without a TypeScript loader in Node; the
 * database file is the same as the server's: env DB, else data/outcomes.duckdb (make it
 * with `npm start` once, or `npm run pipeline`).
 *
 * vite.config.ts: `plugins: [svelte(), vitePlugin()]` (only for `serve`, not in Vitest).
 */
export function vitePlugin(options: Partial<ServerOptions> = {}): Plugin {
  let server: DashboardServer | undefined;

  async function mount(vite: ViteDevServer | PreviewServer, load: (path: string) => Promise<Record<string, unknown>>) {
    const { createServer } = (await load(createServerPath)) as { createServer: (o: ServerOptions) => Promise<DashboardServer> };
    const dbPath = resolve(options.dbPath ?? process.env.DB ?? 'data/outcomes.duckdb');
    // Vite's next middleware for each request in flight, for the server to hand it back.
    const vitesTurn = new WeakMap<IncomingMessage, () => void>();
    server = await createServer({
      ...options,
      dbPath,
      staticDir: null,
      passThrough: (req) => {
        const next = vitesTurn.get(req);
        vitesTurn.delete(req);
        next?.();
      },
    });
    await server.app.ready();
    const app = server.app;
    vite.middlewares.use((req, res, next) => {
      vitesTurn.set(req, next);
      app.routing(req, res);
    });
    vite.httpServer?.once('close', () => void server?.close());
  }

  return {
    name: 'family-outcomes-api',
    async configureServer(vite) {
      await mount(vite, (p) => vite.ssrLoadModule(p));
    },
    async configurePreviewServer(preview) {
      // `vite preview` has no module runner: Node imports the server directly, which needs
      // tsx. Without it preview stops here rather than serve the build without sign-in.
      await mount(preview, async (p) => {
        try {
          return await import(p);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
          throw new Error('vite preview serves the build only behind the dashboard server, which is TypeScript: run it as `npx tsx node_modules/vite/bin/vite.js preview`, or use `npm start`.');
        }
      });
    },
  };
}

export default vitePlugin;
