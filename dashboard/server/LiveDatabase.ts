import { watch, type FSWatcher } from 'node:fs';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { DatabaseGeneration, sameFile, type FileIdentity } from './DatabaseGeneration.ts';
import { unavailable } from './HttpError.ts';
import { Semaphore } from './Semaphore.ts';

export interface LiveDatabaseOptions {
  path: string;
  /** Connections per database version, and so queries running at once (default: 4, or the number of cores if more). */
  poolSize?: number;
  /** Queries allowed to wait for a connection before the server answers 503 (default 256). */
  maxQueued?: number;
  /** How long a query may wait for a connection (default 10 s). */
  queueTimeoutMs?: number;
  /**
   * DuckDB worker threads per database version (default: DuckDB's, all cores). The
   * dashboard's queries are small; under many users, running each on one thread and
   * several at once beats splitting each across all cores. Default: half the cores (at least 1).
   */
  threads?: number;
  /** How often the file is checked, besides directory change events (default 500 ms). */
  pollMs?: number;
  log?: (message: string) => void;
}

/** A request's hold on one version of the database: every query of the request sees the same data. */
export interface Lease {
  generation: DatabaseGeneration;
  release(): void;
}

/**
 * The database the server reads, following the file as the pipeline replaces it. The
 * pipeline builds a new file and renames it over the old one; this notices (directory
 * events, and a poll of the file's inode, mtime and size in case events are missed),
 * opens the new file, and sends new requests there. Requests already running finish on
 * the old version, which is closed when the last of them releases it. No restart, and no
 * request fails because of a swap.
 */
export class LiveDatabase {
  readonly path: string;
  readonly slots: Semaphore;
  private current: DatabaseGeneration | null = null;
  private readonly poolSize: number;
  private readonly threads: number | undefined;
  private readonly log: (message: string) => void;
  private checking: Promise<void> | null = null;
  private recheck = false;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly listeners = new Set<(gen: DatabaseGeneration) => void>();
  /** Versions opened since start and versions closed since, for tests and diagnostics. */
  readonly stats = { opened: 0, closed: 0, failedOpens: 0 };

  private constructor(opts: LiveDatabaseOptions) {
    this.path = resolve(opts.path);
    this.poolSize = Math.max(1, opts.poolSize ?? Math.max(4, availableParallelism()));
    // Measured with test/bench/benchApi.ts on 2 cores: one thread per query and 4 queries at
    // once answered 50 clients with half the p95 of DuckDB's default (all cores per query).
    this.threads = opts.threads ?? Math.max(1, Math.floor(availableParallelism() / 2));
    this.slots = new Semaphore(this.poolSize, opts.maxQueued ?? 256, opts.queueTimeoutMs ?? 10_000);
    this.log = opts.log ?? (() => {});
  }

  /** Opens the file if it exists (else waits for it to appear) and starts following it. */
  static async open(opts: LiveDatabaseOptions): Promise<LiveDatabase> {
    const live = new LiveDatabase(opts);
    await live.check();
    live.follow(opts.pollMs ?? 500);
    return live;
  }

  get generation(): DatabaseGeneration | null {
    return this.current;
  }

  /** Called with each new version once it serves requests. */
  onSwap(listener: (gen: DatabaseGeneration) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  acquire(): Lease {
    const gen = this.current;
    if (!gen) {
      throw unavailable('No database has been loaded yet. Run the pipeline (npm run pipeline) or npm start to load the sample data.');
    }
    gen.retain();
    let released = false;
    return {
      generation: gen,
      release: () => {
        if (released) return;
        released = true;
        gen.release();
      },
    };
  }

  /** Look at the file now; resolves once any new version is serving. */
  check(): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.recheck = false;
          await this.checkOnce();
        } while (this.recheck && !this.stopped);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    let file: FileIdentity;
    try {
      const s = await stat(this.path);
      file = { ino: s.ino, mtimeMs: s.mtimeMs, size: s.size };
    } catch {
      return; // no file (yet): keep serving what we have
    }
    if (this.stopped || (this.current && sameFile(this.current.file, file))) return;
    let next: DatabaseGeneration;
    try {
      next = await DatabaseGeneration.open(this.path, file, this.poolSize, () => this.stats.closed++, this.threads);
    } catch (e) {
      // A file that cannot be opened is never served; the next check tries again.
      this.stats.failedOpens++;
      this.log(`could not open ${this.path}: ${(e as Error).message}`);
      return;
    }
    if (this.stopped) {
      next.retire();
      return;
    }
    this.stats.opened++;
    const previous = this.current;
    this.current = next;
    previous?.retire();
    this.log(`${previous ? 'switched to the new' : 'opened the'} database ${this.path} (version ${next.id})`);
    for (const l of this.listeners) l(next);
  }

  private follow(pollMs: number): void {
    try {
      const name = basename(this.path);
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (!file || file === name) void this.check();
      });
      this.watcher.on('error', () => {
        // The poll below still follows the file.
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      // Directory missing or events unsupported: the poll is enough.
    }
    this.timer = setInterval(() => void this.check(), pollMs);
    this.timer.unref();
  }

  /** Stop following; close the current version once its requests finish. */
  async close(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.checking;
    this.current?.retire();
    this.current = null;
  }
}
