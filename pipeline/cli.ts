import { Command } from 'commander';
import { ConfigError } from '../models/index.ts';
import { buildAfterLoad, DataTestFailure } from './buildAfterLoad.ts';
import { ExtractError } from './extract/ExtractError.ts';
import { formatSummary } from './formatSummary.ts';
import { loadExtract } from './load/loadExtract.ts';
import { createProgress } from './progress.ts';

const program = new Command()
  .name('pipeline')
  .description('Validate an extract folder against the data contract and load it into a DuckDB file.')
  .requiredOption('--extract <dir>', 'extract folder (families, people, episodes, events, ... as CSV, CSV.gz, Parquet or JSON Lines)')
  .option('--db <file>', 'database file to create or update', 'data/outcomes.duckdb')
  .option('--config <file>', "the council's configuration JSON (thresholds marked (config) in the indicator spec)")
  .option('--no-models', 'load the tables only; do not build the models')
  .option('--no-tests', 'build the models but skip their data tests')
  .option('--quiet', 'print only the summary')
  .parse();

const opts = program.opts<{ extract: string; db: string; quiet?: boolean; config?: string; models: boolean; tests: boolean }>();
try {
  const summary = await loadExtract({
    extract: opts.extract,
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
