import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../models/index.ts';
import { buildAfterLoad, DataTestFailure } from './buildAfterLoad.ts';
import { ExtractError } from './extract/ExtractError.ts';
import { formatSummary } from './formatSummary.ts';
import { defaultSampleFamilies, generateSampleExtract } from './generateSampleExtract.ts';
import { loadExtract } from './load/loadExtract.ts';
import { createProgress } from './progress.ts';

const program = new Command()
  .name('pipeline')
  .description('Validate an extract folder against the data contract and load it into a DuckDB file (the sample data when no extract is given).')
  .option(
    '--extract <dir>',
    'extract folder (families, people, episodes, events, ... as CSV, CSV.gz, Parquet or JSON Lines); without it, the sample data is generated beside the database and loaded',
  )
  .option('--families <n>', `families in the generated sample, when no --extract is given (default ${defaultSampleFamilies})`, (v) => Number(v))
  .option('--db <file>', 'database file to create or update', 'data/outcomes.duckdb')
  .option('--config <file>', "the council's configuration JSON (thresholds marked (config) in the indicator spec)")
  .option('--no-models', 'load the tables only; do not build the models')
  .option('--no-tests', 'build the models but skip their data tests')
  .option('--quiet', 'print only the summary')
  .parse();

const opts = program.opts<{ extract?: string; families?: number; db: string; quiet?: boolean; config?: string; models: boolean; tests: boolean }>();
if (opts.families !== undefined && opts.extract) program.error('--families sizes the generated sample: give it without --extract.');
if (opts.families !== undefined && !(Number.isInteger(opts.families) && opts.families >= 1)) program.error('--families must be a whole number of 1 or more.');
// Sample rows must never mix with a council's own: the sample only starts a new database.
if (!opts.extract && existsSync(opts.db)) {
  program.error(`The database ${opts.db} exists already: give --extract DIR to load an extract into it (the sample data only starts a new database).`);
}
try {
  // product.md: with no extract given, the pipeline generates and loads the sample data.
  const say = (line: string) => {
    if (!opts.quiet) process.stderr.write(`${line}\n`);
  };
  const extract = opts.extract ?? (await generateSampleExtract({ db: resolve(opts.db), families: opts.families, say }));
  const summary = await loadExtract({
    extract,
    db: opts.db,
    progress: createProgress({ quiet: opts.quiet }),
    afterLoad: opts.models ? buildAfterLoad({ configPath: opts.config, test: opts.tests }) : undefined,
  });
  console.log(formatSummary(summary));
} catch (e) {
  // A file that cannot be read at all stops the load; the database is as it was.
  const known = e instanceof ExtractError || e instanceof DataTestFailure || e instanceof ConfigError;
  const message = known ? (e as Error).message : ((e as Error).stack ?? String(e));
  console.error(`\nLoad failed: ${message}\nThe database ${opts.db} was not changed.`);
  process.exit(1);
}
