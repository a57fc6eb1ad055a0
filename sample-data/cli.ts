// npm run sample -- --out DIR [--families N] [--seed S] [--dirty P] [--format csv|csv.gz|parquet|jsonl]
import { Command, InvalidArgumentError, Option } from 'commander';
import { formats, type Format } from './convertFormat.ts';
import { generateExtract } from './generateExtract.ts';
import { defaultExtractedOn } from './setting.ts';

const whole = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}`);
  return n;
};
const share = (v: string) => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('dirty must be a share between 0 and 1, e.g. 0.02');
  return n;
};

const program = new Command()
  .name('sample')
  .description('Generate a synthetic extract (data contract) for the outcomes pipeline')
  .requiredOption('--out <dir>', 'folder to write the extract into')
  .option('--families <n>', 'families to generate', whole('families', 1), 3000)
  .option('--seed <s>', 'random seed: the same options give byte-identical files', whole('seed', 0), 1)
  .option('--dirty <p>', 'share of bad rows to inject, 0-1 (writes dirty_rows.json)', share, 0)
  .addOption(new Option('--format <format>', 'file format').choices(formats as string[]).default('csv'))
  .option('--extracted-on <date>', 'extract date; referrals span the 3 years before it', defaultExtractedOn)
  .action(async (o: { out: string; families: number; seed: number; dirty: number; format: Format; extractedOn: string }) => {
    const started = performance.now();
    let shown = started;
    let printed = false;
    const tty = process.stderr.isTTY;
    const summary = await generateExtract({
      ...o,
      onProgress: (done, total) => {
        // Quiet for runs under a second; then about once a second, and the last count.
        const now = performance.now();
        if (now - started < 1000 || (done < total && now - shown < 1000)) return;
        shown = now;
        printed = true;
        process.stderr.write(`${tty ? '\r' : ''}sample-data: ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} families${tty ? '' : '\n'}`);
      },
    });
    if (tty && printed) process.stderr.write('\n');
    const width = Math.max(...Object.keys(summary.rows).map((k) => k.length));
    process.stdout.write(`Wrote ${summary.out} (${summary.format}, ${summary.families} families, seed ${summary.seed}) in ${summary.seconds}s\n`);
    for (const [file, n] of Object.entries(summary.rows)) {
      const bad = summary.dirtyRows[file as keyof typeof summary.dirtyRows];
      process.stdout.write(`  ${file.padEnd(width)} ${String(n).padStart(10)}${bad ? `  (${bad} bad)` : ''}\n`);
    }
    if (summary.dirtyClassesMissing.length) {
      process.stderr.write(`sample-data: too few rows to inject these bad rows: ${summary.dirtyClassesMissing.join('; ')}\n`);
    }
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`sample-data: ${(e as Error).message}\n`);
  process.exit(1);
});
