// npm run models -- build|test|docs [--select X] [--db FILE] [--out DIR] [--config FILE]
import { Command } from 'commander';
import { Database } from '../pipeline/db/database.ts';
import { loadConfig } from './config.ts';
import { buildModels } from './core/build.ts';
import { writeDocs } from './core/docs.ts';
import { formatTestResult } from './core/formatTestResult.ts';
import { testModels } from './core/test.ts';

interface Options {
  select?: string[];
  db: string;
  out: string;
  config?: string;
}

const program = new Command('models')
  .description('Build, test and document the SQL models')
  .argument('<command>', 'build, test or docs')
  .option('-s, --select <selector...>', 'name, name+ (with descendants), +name (with ancestors); several allowed')
  .option('--db <file>', 'DuckDB database file', 'data/outcomes.duckdb')
  .option('--out <dir>', 'where docs are written', 'data/docs')
  .option('--config <file>', "the council's configuration JSON")
  .action(async (command: string, opts: Options) => {
    const config = loadConfig(opts.config);
    const select = opts.select;
    if (command === 'docs') {
      // Types come from the database when it exists; the docs are complete without it.
      const db = await Database.open(opts.db, { readOnly: true }).catch(() => undefined);
      try {
        for (const file of await writeDocs(opts.out, { select, config, db })) console.log(`wrote ${file}`);
      } finally {
        db?.close();
      }
      return;
    }
    if (command !== 'build' && command !== 'test') throw new Error(`unknown command "${command}": use build, test or docs`);
    const db = await Database.open(opts.db);
    try {
      if (command === 'build') {
        const result = await buildModels(db, {
          select,
          config,
          onProgress: (e) => {
            if (e.phase !== 'done') return;
            const rows = e.rows === undefined ? '' : `, ${e.rows.toLocaleString('en-GB')} rows`;
            console.log(`[${e.index}/${e.total}] ${e.kind.padEnd(5)} ${e.node} (${e.ms} ms${rows})`);
          },
        });
        console.log(`built ${result.built.length} in ${(result.ms / 1000).toFixed(1)} s`);
      } else {
        const report = await testModels(db, { select, config, onResult: (r) => console.log(formatTestResult(r)) });
        console.log(`${report.passed} passed, ${report.failed} failed`);
        if (report.failed) process.exitCode = 1;
      }
    } finally {
      db.close();
    }
  });

program.parseAsync().catch((e: Error) => {
  console.error(e.name === 'ModelError' || e.name === 'ConfigError' ? e.message : (e.stack ?? e.message));
  process.exitCode = 1;
});
