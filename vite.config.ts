import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { vitePlugin as apiPlugin } from './dashboard/server/vitePlugin.ts';

// One config for the dashboard build (Vite) and the test suite (Vitest).
// The server is put in front of the dev server (`npm run dev`) and `vite preview` (both
// `serve`), so their pages need a session too: not in a build, not in Vitest.
// vitePlugin.ts is imported statically so Vite bundles it with this file (Node 20 cannot
// import a .ts file at run time); it loads the server itself through Vite's module runner.
export default defineConfig(({ command }) => ({
  root: 'dashboard',
  plugins: [svelte(), ...(command === 'serve' && !process.env.VITEST ? [apiPlugin()] : [])],
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
