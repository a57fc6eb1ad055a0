import type { SelectQueryBuilder } from 'kysely';
import { Relation } from '../../models/core/Relation.ts';
import { createCompileOnlyKysely } from '../../models/kysely/createCompileOnlyKysely.ts';
import type { Config } from '../../models/config.ts';
import type { Filters } from '../../models/indicators/Filters.ts';
import type { IndicatorContext } from '../../models/indicators/IndicatorContext.ts';
import type { Disclosure } from './access/Disclosure.ts';

/** The global filter keys as /api/meta names them; `period` stands for from and to. */
export const filterKeys = ['period', 'service', 'locality', 'team', 'ageBand', 'sex', 'ethnicity', 'send'] as const;
export type FilterKey = (typeof filterKeys)[number];

/** Pages of the dashboard (dashboard/src/pages/pages.ts ids). */
export type PageId = 'overview' | 'outcomes' | 'distance' | 'practice' | 'logic-model' | 'before-after' | 'cohort' | 'quality' | 'dictionary';

/** A parameter beyond the global filters (e.g. `by=locality`, `status=open`), validated before it reaches a query. */
export interface ParamSpec {
  description: string;
  /** Allowed values; anything else is a 400. */
  values?: readonly string[];
  /** When the values depend on the data (tool areas, months): a strict pattern instead. */
  pattern?: RegExp;
  /**
   * A date (YYYY-MM-DD) that must exist in the calendar: a pattern would let 2024-02-30
   * through to a DATE cast, which fails in the database as a 500 instead of a 400.
   */
  kind?: 'date';
  default?: string;
}

export type Params = Record<string, string | undefined>;

/**
 * One indicator or drill-down: a name, what it is, and the function of models/indicators
 * that builds its query. Pages, drill-downs and exports all run `run`, so a number on a
 * page and in an export cannot disagree.
 */
export interface RegistryEntry {
  name: string;
  title: string;
  page: PageId;
  description: string;
  params?: Record<string, ParamSpec>;
  /** Builds the query (a select; it is compiled, never run, here). */
  run(ctx: IndicatorContext, filters: Filters, params: Params): SelectQueryBuilder<any, any, any>;
  /**
   * Disclosure control for aggregate-only roles: which columns are counts and rates (see
   * access/Disclosure.ts). Registered indicators have theirs in access/indicatorDisclosure.ts;
   * one given here takes precedence.
   */
  disclosure?: Disclosure;
}

/** An entry with what the server learns by compiling it once: the filters it accepts and the tables it reads. */
export interface ResolvedEntry extends RegistryEntry {
  kind: 'indicator' | 'drill';
  filters: FilterKey[];
  tables: string[];
}

const compileOnly = createCompileOnlyKysely();

/**
 * The context indicators get in the server. Its Kysely only compiles: an indicator cannot
 * run a query itself, so every query goes through runQuery (scope and disclosure control
 * apply there). `ref` names the built table and records what the query reads.
 */
export function apiContext(config: Config, refs?: Set<string>): IndicatorContext {
  return {
    db: compileOnly,
    ref: (name: string) => {
      refs?.add(name);
      return new Relation(name);
    },
    config,
  };
}

const sampleFilters: Record<FilterKey, Filters> = {
  period: { from: '2000-01-01', to: '2000-12-31' },
  service: { service: ['x'] },
  locality: { locality: ['x'] },
  team: { team: ['x'] },
  ageBand: { ageBand: ['x'] },
  sex: { sex: ['x'] },
  ethnicity: { ethnicity: ['x'] },
  send: { send: true },
};

export const defaultParams = (entry: RegistryEntry): Params =>
  Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, p]) => [k, p.default]));

/**
 * Which filters an entry accepts, found by compiling it with each filter set in turn:
 * applyFilters refuses a filter the rows cannot take, so the list is what the definition
 * does, never a second list kept by hand. Also records the tables the query reads.
 */
export function resolveEntry(entry: RegistryEntry, kind: ResolvedEntry['kind'], config: Config): ResolvedEntry {
  const refs = new Set<string>();
  const params = defaultParams(entry);
  entry.run(apiContext(config, refs), {}, params).compile();
  const filters = filterKeys.filter((key) => {
    try {
      entry.run(apiContext(config), sampleFilters[key], params).compile();
      return true;
    } catch (e) {
      if (/cannot be filtered/.test((e as Error).message)) return false;
      throw e;
    }
  });
  return { ...entry, kind, filters, tables: [...refs].sort() };
}

export function byName(entries: ResolvedEntry[]): Map<string, ResolvedEntry> {
  const map = new Map<string, ResolvedEntry>();
  for (const e of entries) {
    if (map.has(e.name)) throw new Error(`two indicators or drill-downs are named ${e.name}: names must be unique (exports use them)`);
    if (!/^[a-z][a-z0-9_]*$/.test(e.name)) throw new Error(`${e.name}: names are lower_snake_case`);
    map.set(e.name, e);
  }
  return map;
}
