import cliProgress from 'cli-progress';

/**
 * Progress of a long run: a bar on a terminal, plain numbered lines otherwise (CI logs,
 * scheduled jobs), nothing when quiet.
 */
export interface Progress {
  start(total: number, what: string): void;
  step(label: string): void;
  log(message: string): void;
  stop(): void;
}

export function createProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { start() {}, step() {}, log() {}, stop() {} };
  if (!stream.isTTY) return plainProgress((line) => stream.write(`${line}\n`));
  let bar: cliProgress.SingleBar | null = null;
  let started = Date.now();
  return {
    start(total, what) {
      started = Date.now();
      bar = new cliProgress.SingleBar(
        { format: `${what} [{bar}] {value}/{total} {step} ({elapsed}s)`, stream, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { step: '', elapsed: 0 });
    },
    step(label) {
      bar?.increment(1, { step: label, elapsed: Math.round((Date.now() - started) / 1000) });
    },
    log(message) {
      if (bar) bar.stop();
      stream.write(`${message}\n`);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** Numbered lines with elapsed seconds: "[3/27 4.2s] validating events.csv". */
export function plainProgress(write: (line: string) => void): Progress {
  let total = 0;
  let n = 0;
  let started = Date.now();
  let what = '';
  return {
    start(t, w) {
      total = t;
      n = 0;
      what = w;
      started = Date.now();
      write(`${what}: ${total} steps`);
    },
    step(label) {
      n++;
      write(`[${n}/${total} ${((Date.now() - started) / 1000).toFixed(1)}s] ${label}`);
    },
    log: write,
    stop() {
      if (total) write(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      total = 0;
    },
  };
}
