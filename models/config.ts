// Every threshold that indicators.md marks *(config)*, with its default. A council
// changes them in a JSON file (`loadConfig(path)`), never in code. The practice standard
// clocks start from the seed practice_standards.csv, so the seed and the configuration
// cannot disagree about what the defaults are.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codes } from '../pipeline/contract/codes.ts';
import { readCsvFile } from './core/readCsvFile.ts';

export interface StandardClock {
  /** Days allowed from the start to the due date. */
  clockDays: number;
  /** Count only working days (not weekends or bank holidays). */
  workingDays: boolean;
}

export interface Config {
  supportingFamilies: {
    /** Live needs a family must have to be eligible. */
    minLiveNeeds: number;
    /** Distinct headlines those needs must cover; null = not required. */
    minDistinctHeadlines: number | null;
    /** Months after the episode closed that a met need must still be met to count as sustained. */
    sustainedMonths: number;
  };
  distanceTravelled: {
    /** Leave retrospective readings out of pairs. */
    excludeRetrospective: boolean;
    /** 'first' reading, or the lower-scoring of the first two (Star Online's option). */
    baseline: 'first' | 'lower_of_first_two';
    /** Test-retest reliability r of each tool, for reliable change. */
    reliability: Record<string, number>;
  };
  practiceStandards: {
    /** Clock of each standard by service ('all' = every service), from practice_standards.csv. */
    clocks: Record<string, Record<string, StandardClock>>;
    /** Months open after which an episode is reported as long-running. */
    longOpenMonths: number[];
  };
  prePost: {
    /** Months before referral and after closure compared (6 or 12). */
    windowMonths: number;
  };
  youthJustice: {
    /** Population aged 10-17, for first time entrants per 10,000; null = no rate. */
    population10to17: number | null;
  };
  disclosure: {
    /** Counts from min to max (inclusive) are shown as `c`. */
    minSuppressedCount: number;
    maxSuppressedCount: number;
    /** Rates and means with a smaller denominator are shown as `c`. */
    minDenominator: number;
  };
}

const seedsDir = fileURLToPath(new URL('./seeds/', import.meta.url));

function standardClocks(): Config['practiceStandards']['clocks'] {
  const { header, rows } = readCsvFile(`${seedsDir}practice_standards.csv`);
  const col = (name: string) => header.indexOf(name);
  const clocks: Config['practiceStandards']['clocks'] = {};
  for (const r of rows) {
    const standard = r[col('standard')];
    clocks[standard] ??= {};
    clocks[standard][r[col('service')]] = {
      clockDays: Number(r[col('clock_days')]),
      workingDays: r[col('working_days')] === 'true',
    };
  }
  return clocks;
}

export function defaultConfig(): Config {
  return {
    supportingFamilies: { minLiveNeeds: 3, minDistinctHeadlines: null, sustainedMonths: 6 },
    distanceTravelled: {
      excludeRetrospective: true,
      baseline: 'first',
      reliability: Object.fromEntries(codes.tool.map((t) => [t, 0.8])),
    },
    practiceStandards: { clocks: standardClocks(), longOpenMonths: [9, 12] },
    prePost: { windowMonths: 6 },
    youthJustice: { population10to17: null },
    disclosure: { minSuppressedCount: 1, maxSuppressedCount: 5, minDenominator: 10 },
  };
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    source: string,
  ) {
    super(`Configuration ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Check = (value: unknown) => string | undefined;

const positiveInt: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'must be a whole number above 0');
const nonNegativeInt: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be a whole number, 0 or more');
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? undefined : check(v);
const oneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v) ? undefined : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
const unitInterval: Check = (v) => (typeof v === 'number' && v > 0 && v < 1 ? undefined : 'must be a number between 0 and 1');

// Rules beyond "same type as the default", by path; `*` matches any key.
const rules: Record<string, Check> = {
  'supportingFamilies.minLiveNeeds': positiveInt,
  'supportingFamilies.minDistinctHeadlines': nullable(positiveInt),
  'supportingFamilies.sustainedMonths': positiveInt,
  'distanceTravelled.baseline': oneOf('first', 'lower_of_first_two'),
  'distanceTravelled.reliability.*': unitInterval,
  'practiceStandards.clocks.*.*.clockDays': nonNegativeInt,
  'practiceStandards.longOpenMonths': (v) =>
    Array.isArray(v) && v.every((m) => positiveInt(m) === undefined) ? undefined : 'must be a list of whole months',
  'prePost.windowMonths': oneOf(6, 12),
  'youthJustice.population10to17': nullable(positiveInt),
  'disclosure.minSuppressedCount': positiveInt,
  'disclosure.maxSuppressedCount': nonNegativeInt,
  'disclosure.minDenominator': nonNegativeInt,
};

function ruleFor(path: string[]): Check | undefined {
  return Object.entries(rules).find(([pattern]) => {
    const parts = pattern.split('.');
    return parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i]);
  })?.[1];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

/** Merges `override` into `base` in place, collecting every problem instead of stopping at the first. */
function mergeInto(base: Record<string, unknown>, override: Record<string, unknown>, path: string[], problems: string[]) {
  for (const [key, value] of Object.entries(override)) {
    const at = [...path, key];
    const name = at.join('.');
    if (!(key in base)) {
      problems.push(`unknown key "${name}" (known here: ${Object.keys(base).join(', ')})`);
      continue;
    }
    const current = base[key];
    const rule = ruleFor(at);
    if (isObject(current)) {
      if (!isObject(value)) problems.push(`"${name}" must be an object, not ${kind(value)}`);
      else mergeInto(current, value, at, problems);
      continue;
    }
    const problem = rule ? rule(value) : kind(value) === kind(current) ? undefined : `must be a ${kind(current)}, not ${kind(value)}`;
    if (problem) problems.push(`"${name}" ${problem} (got ${JSON.stringify(value)})`);
    else base[key] = value;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Defaults with `override` deep-merged in; throws ConfigError naming every bad or unknown key. */
export function resolveConfig(override: unknown, source = '(object)'): Config {
  const config = defaultConfig();
  const problems: string[] = [];
  if (!isObject(override)) problems.push(`must be a JSON object, not ${kind(override)}`);
  else mergeInto(config as unknown as Record<string, unknown>, override, [], problems);
  const d = config.disclosure;
  if (d.maxSuppressedCount < d.minSuppressedCount) {
    problems.push('"disclosure.maxSuppressedCount" must not be below "disclosure.minSuppressedCount"');
  }
  if (problems.length) throw new ConfigError(problems, source);
  return deepFreeze(config);
}

/** The configuration: defaults, overridden by the council's JSON file at `path` when given. */
export function loadConfig(path?: string): Config {
  if (!path) return resolveConfig({}, '(defaults)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([`cannot be read: ${(e as Error).message}`], path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`is not valid JSON: ${(e as Error).message}`], path);
  }
  return resolveConfig(json, path);
}
