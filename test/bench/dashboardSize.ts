import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface DashboardSize {
  /** Every JavaScript file of the build, gzipped one by one (what a browser that visits every page downloads). */
  totalGzipBytes: number;
  /** The entry chunk and what index.html preloads: what the first page view needs before any page code. */
  entryGzipBytes: number;
  files: { file: string; bytes: number; gzipBytes: number }[];
}

/** The gzipped size of the JavaScript in a built dashboard folder (gzip's default level, as servers send it). */
export function measureBuiltJs(dir: string): DashboardSize {
  const files: DashboardSize['files'] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const body = readFileSync(p);
        files.push({ file: relative(dir, p), bytes: body.length, gzipBytes: gzipSync(body).length });
      }
    }
  };
  walk(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const loaded = new Set([...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]));
  return {
    totalGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    entryGzipBytes: files.filter((f) => loaded.has(f.file)).reduce((s, f) => s + f.gzipBytes, 0),
    files: files.sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}

/** Builds the dashboard client into a temporary folder (not dist/) and measures its JavaScript. */
export async function measureDashboardSize(): Promise<DashboardSize> {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'dash-size-'));
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    return measureBuiltJs(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
