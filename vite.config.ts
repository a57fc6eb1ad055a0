import { defineConfig } from 'vitest/config';

// One config for the dashboard build (Vite) and the test suite (Vitest).
export default defineConfig({
  root: 'dashboard',
  build: { outDir: '../dist/dashboard', emptyOutDir: true },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    // Indicator rules depend on "today" and the clock's zone: pin both.
    env: { TZ: 'Europe/London' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
