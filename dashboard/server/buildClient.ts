import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file under the given paths (0 when none exist). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const f of readdirSync(p)) visit(join(p, f));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/**
 * The built client needs building when it has no index.html or any source (the client's
 * src, its index.html, the Vite config) changed after it was built.
 */
export function clientIsStale(outDir: string, sources: string[]): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(sources) > statSync(index).mtimeMs;
}

export interface BuildClientOptions {
  /** The Vite config (default vite.config.ts of the working directory); false for none. */
  configFile?: string | false;
  /** Overrides the config's root and build.outDir when given. */
  root?: string;
  outDir?: string;
}

/**
 * Builds the client with Vite's build() API, quietly except for warnings. Vite sets
 * NODE_ENV=production for a build; it is put back afterwards, because the server started
 * next in the same process reads NODE_ENV to decide whether it runs in production.
 */
export async function buildClient(opts: BuildClientOptions = {}): Promise<void> {
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({
      configFile: opts.configFile ?? 'vite.config.ts',
      root: opts.root,
      logLevel: 'warn',
      build: opts.outDir ? { outDir: opts.outDir, emptyOutDir: true } : undefined,
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
