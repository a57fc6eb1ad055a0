import { CompiledQuery } from 'kysely';
import { codes } from '../../pipeline/contract/codes.ts';
import { ageBands } from '../../models/indicators/Filters.ts';
import { isoDatePattern } from './isCalendarDate.ts';
import { periodsBetween, type Period } from './periods.ts';
import type { Registry } from './Registry.ts';
import type { FilterKey, PageId, ResolvedEntry } from './RegistryEntry.ts';
import { runQuery, type QueryScope } from './runQuery.ts';

export interface FilterOptions {
  service: string[];
  locality: string[];
  team: string[];
  ageBand: string[];
  sex: string[];
  ethnicity: string[];
}

/** Where a team works: a locality and service pair of one of its episodes or workers. */
export interface TeamArea {
  team: string;
  locality: string | null;
  service: string | null;
}

/** What the server reads once per database version: the extract, the tables present, the filter options. */
export interface Facts {
  extractedOn: string | null;
  authority: string | null;
  /** Earliest referral, the start of "all time". */
  earliest: string | null;
  tables: Set<string>;
  options: FilterOptions;
  /** Each team's localities and services, so a scoped user is offered only their own teams (access/scopedOptions.ts). */
  teamAreas: TeamArea[];
}

export interface EntryInfo {
  name: string;
  title: string;
  page: PageId;
  description: string;
  filters: FilterKey[];
  /** `values` when the choices are fixed, else `pattern` (a regular expression source) the value must match. */
  params: { name: string; description: string; values?: readonly string[]; pattern?: string; default?: string }[];
}

export interface Meta {
  extractedOn: string | null;
  authority: string | null;
  dataVersion: string;
  filters: FilterOptions;
  periods: (Omit<Period, 'from' | 'to'> & { from: string | null; to: string | null })[];
  indicators: EntryInfo[];
  drills: EntryInfo[];
  exports: string[];
  exportFormats: string[];
}

const raw = (sql: string) => CompiledQuery.raw(sql);

/** Facts are read once per database version for everyone: names and dates, never figures. */
const reference = (what: string) => ({ kind: 'reference', what }) as const;

async function column(scope: QueryScope, sql: string, what: string): Promise<string[]> {
  const { rows } = await runQuery(scope, raw(sql), reference(what));
  return rows.map((r) => Object.values(r)[0]).filter((v): v is string => typeof v === 'string' && v !== '');
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b, 'en-GB'));

/** Facts of the request's database version, read once and kept with that version. */
export function loadFacts(scope: QueryScope): Promise<Facts> {
  const cache = scope.lease.generation.cache;
  let facts = cache.get('facts') as Promise<Facts> | undefined;
  if (!facts) {
    facts = readFacts(scope);
    // A failure is not cached: the next request tries again.
    facts.catch(() => cache.delete('facts'));
    cache.set('facts', facts);
  }
  return facts;
}

async function readFacts(scope: QueryScope): Promise<Facts> {
  const tables = new Set(await column(scope, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`, 'the tables'));
  const has = (...names: string[]) => names.every((n) => tables.has(n));
  const union = (parts: [string, string][]) =>
    parts
      .filter(([table]) => has(table))
      .map(([table, col]) => `SELECT DISTINCT ${col} AS v FROM ${table}`)
      .join(' UNION ');
  const values = async (parts: [string, string][]) => {
    const sql = union(parts);
    return sql ? sorted(await column(scope, sql, 'filter options')) : [];
  };

  let extractedOn: string | null = null;
  let authority: string | null = null;
  if (has('extract_manifest')) {
    const { rows } = await runQuery(scope, raw(`SELECT extracted_on, authority FROM extract_manifest ORDER BY load_id DESC LIMIT 1`), reference('the extract'));
    extractedOn = (rows[0]?.extracted_on as string | undefined) ?? null;
    authority = (rows[0]?.authority as string | undefined) ?? null;
  }
  let earliest: string | null = null;
  if (has('mart_episodes')) {
    const { rows } = await runQuery(scope, raw(`SELECT min(referral_on) AS d FROM mart_episodes`), reference('the earliest referral'));
    earliest = (rows[0]?.d as string | null) ?? null;
  }
  // Where each team works: its episodes' and its workers' localities and services (a
  // worker's caseload row may carry the locality of their latest episode).
  const teamTables = ['mart_episodes', 'workers', 'mart_caseloads'].filter((t) => has(t));
  const teamAreas: TeamArea[] = [];
  if (teamTables.length) {
    const sql = teamTables
      .map((t) => `SELECT DISTINCT team AS team_name, locality AS area_locality, service AS area_service FROM ${t} WHERE team IS NOT NULL`)
      .join(' UNION ');
    const { rows } = await runQuery(scope, raw(sql), reference('where teams work'));
    for (const r of rows) {
      teamAreas.push({ team: String(r.team_name), locality: (r.area_locality as string | null) ?? null, service: (r.area_service as string | null) ?? null });
    }
  }
  return {
    extractedOn,
    authority,
    earliest: earliest ?? extractedOn,
    tables,
    options: {
      // Services from the seed as well, so a service with no episodes yet is still offered.
      service: await values([
        ['seed_services', 'service'],
        ['mart_episodes', 'service'],
      ]),
      locality: await values([
        ['mart_episodes', 'locality'],
        ['families', 'locality'],
      ]),
      team: await values([
        ['mart_episodes', 'team'],
        ['workers', 'team'],
      ]),
      ageBand: ageBands.map(([label]) => label),
      sex: [...codes.sex],
      ethnicity: [...codes.ethnicity],
    },
    teamAreas,
  };
}

/** Whether this database has every table an entry reads (a load without models has none of the marts). */
export const available = (entry: ResolvedEntry, facts: Facts) => entry.tables.every((t) => facts.tables.has(t));

const info = (e: ResolvedEntry): EntryInfo => ({
  name: e.name,
  title: e.title,
  page: e.page,
  description: e.description,
  filters: e.filters,
  params: Object.entries(e.params ?? {}).map(([name, p]) => ({
    name,
    description: p.description,
    values: p.values,
    pattern: (p.kind === 'date' ? isoDatePattern : p.pattern)?.source,
    default: p.default,
  })),
});

export async function buildMeta(scope: QueryScope, registry: Registry, exportFormats: readonly string[]): Promise<Meta> {
  const facts = await loadFacts(scope);
  const indicators = [...registry.indicators.values()].filter((e) => available(e, facts));
  const drills = [...registry.drills.values()].filter((e) => available(e, facts));
  const periods = facts.earliest && facts.extractedOn ? periodsBetween(facts.earliest, facts.extractedOn) : [];
  return {
    extractedOn: facts.extractedOn,
    authority: facts.authority,
    dataVersion: scope.lease.generation.id,
    filters: facts.options,
    // "All time" carries no dates, so choosing it sends no period filter at all.
    periods: periods.map((p) => (p.kind === 'all' ? { ...p, from: null, to: null } : p)),
    indicators: indicators.map(info),
    drills: drills.map(info),
    exports: [...indicators, ...drills].map((e) => e.name),
    exportFormats: [...exportFormats],
  };
}
