import { unavailable } from './HttpError.ts';

/**
 * Bounds how many queries run at once and how many may wait. A request that would wait
 * beyond the queue or the timeout gets a 503 at once instead of piling up memory and
 * latency for everyone else.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    readonly max: number,
    readonly maxQueued: number,
    readonly queueTimeoutMs: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async acquire(): Promise<() => void> {
    if (this.active < this.max) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxQueued) throw unavailable('The server is busy; please try again in a moment.');
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(unavailable('The server is busy; please try again in a moment.'));
        }, this.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
    // The releasing holder handed its slot straight to us, so `active` is unchanged.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
