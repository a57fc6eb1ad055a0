import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { PluginOption } from 'vite';
import { defineConfig } from 'vitest/config';

// The server engineer's plugin mounts the API in `npm run dev`. It is loaded only for the
// dev server (never in Vitest or a build) and only once it exists, so the client can be
// built and tested on its own.
const apiPluginPath = fileURLToPath(new URL('./dashboard/server/vitePlugin.ts', import.meta.url));

async function apiPlugin(): Promise<PluginOption[]> {
  if (process.env.VITEST || !existsSync(apiPluginPath)) return [];
  const mod = (await import(apiPluginPath)) as Record<string, unknown>;
  const factory = (mod.default ?? mod.vitePlugin ?? mod.apiPlugin) as (() => PluginOption) | undefined;
  return typeof factory === 'function' ? [factory()] : [];
}

// One config for the dashboard build (Vite) and the test suite (Vitest).
export default defineConfig(async ({ command }) => ({
  root: 'dashboard',
  plugins: [svelte(), ...(command === 'serve' ? await apiPlugin() : [])],
  build: {
    outDir: '../dist/dashboard',
    emptyOutDir: true,
    // Plot and Arrow are large: each page is its own chunk (dynamic import in pages.ts).
    chunkSizeWarningLimit: 400,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    // Indicator rules depend on "today" and the clock's zone: pin both.
    env: { TZ: 'Europe/London' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
}));
