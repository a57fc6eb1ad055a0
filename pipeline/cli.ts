import { Command } from 'commander';
import { ExtractError } from './extract/ExtractError.ts';
import { formatSummary } from './formatSummary.ts';
import { loadExtract } from './load/loadExtract.ts';
import { createProgress } from './progress.ts';

const program = new Command()
  .name('pipeline')
  .description('Validate an extract folder against the data contract and load it into a DuckDB file.')
  .requiredOption('--extract <dir>', 'extract folder (families, people, episodes, events, ... as CSV, CSV.gz, Parquet or JSON Lines)')
  .option('--db <file>', 'database file to create or update', 'data/outcomes.duckdb')
  .option('--quiet', 'print only the summary')
  .parse();

const opts = program.opts<{ extract: string; db: string; quiet?: boolean }>();
try {
  const summary = await loadExtract({ extract: opts.extract, db: opts.db, progress: createProgress({ quiet: opts.quiet }) });
  console.log(formatSummary(summary));
} catch (e) {
  // A file that cannot be read at all stops the load; the database is as it was.
  const message = e instanceof ExtractError ? e.message : (e as Error).stack ?? String(e);
  console.error(`\nLoad failed: ${message}\nThe database ${opts.db} was not changed.`);
  process.exit(1);
}
