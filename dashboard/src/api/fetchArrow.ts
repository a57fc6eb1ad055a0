import { tableFromIPC } from 'apache-arrow';
import { errorFromResponse } from './ApiError.ts';
import { arrowRows, type ColumnInfo } from './arrowRows.ts';
import type { Row } from '../lib/toCsv.ts';

export interface ArrowResult {
  rows: Row[];
  columns: ColumnInfo[];
  /** x-total-count, for paged drill-down rows. */
  total?: number;
}

/**
 * Called with the database version of each answer (header x-data-version). When the
 * pipeline swaps in a new load the version changes: the cache is emptied so nothing new
 * mixes with old figures, and the app offers a reload.
 */
let onVersion: ((version: string) => void) | undefined;
let lastVersion: string | undefined;
export function watchDataVersion(callback: (version: string) => void): void {
  onVersion = callback;
}

/** Fetches an Arrow IPC stream and decodes it to plain rows. */
export async function fetchArrow(url: string, signal?: AbortSignal): Promise<ArrowResult> {
  const res = await fetch(url, { signal, headers: { accept: 'application/vnd.apache.arrow.stream' } });
  if (!res.ok) throw await errorFromResponse(res);
  const version = res.headers.get('x-data-version');
  if (version) {
    if (lastVersion !== undefined && version !== lastVersion) cache.clear();
    lastVersion = version;
    onVersion?.(version);
  }
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const total = res.headers.get('x-total-count');
  return { ...arrowRows(table), total: total === null ? undefined : Number(total) };
}

// Panels on a page often ask for the same indicator with the same filters: share one request.
const cache = new Map<string, Promise<ArrowResult>>();
const cacheSize = 60;

/** fetchArrow with a small in-memory cache keyed by URL (the data only changes with a new load, and a reload clears it). */
export function fetchArrowCached(url: string): Promise<ArrowResult> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit;
  }
  const p = fetchArrow(url);
  p.catch(() => cache.delete(url));
  cache.set(url, p);
  if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  return p;
}
