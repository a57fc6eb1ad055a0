import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { expect } from 'vitest';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** A DOM without a browser, for Plot's `document` option. */
export function newDocument(): Document {
  return new JSDOM('<!doctype html><html><body></body></html>').window.document;
}

/** One tag per line, so a golden diff shows what changed. */
export const pretty = (html: string) => html.replace(/></g, '>\n<') + '\n';

/**
 * Compares markup with test/dashboard/client/golden/<name>. Update every golden file with
 * `UPDATE_GOLDEN=1 npx vitest run test/dashboard/client` and review the diff before committing.
 */
export function expectGolden(name: string, html: string): void {
  const file = join(goldenDir, name);
  const text = pretty(html);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`missing golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/dashboard/client`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  expect(text, `${name} differs from its golden file (UPDATE_GOLDEN=1 npx vitest run test/dashboard/client to accept)`).toBe(readFileSync(file, 'utf8'));
}
