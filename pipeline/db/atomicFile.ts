// Build-then-swap for the database file: the served file is only ever replaced by a
// complete, checkpointed file, with one rename. A process killed at any moment leaves
// either the old file or the new one, never a half-written one.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One load at a time per database file; a lock left by a killed process is taken over. */
export function acquireLock(dbPath: string): () => void {
  const lock = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lock, 'utf8'));
      if (pid && alive(pid) && pid !== process.pid) {
        throw new Error(`another load (process ${pid}) is writing ${dbPath}; wait for it to finish`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${dbPath}`);
}

/** Remove build files left by loads that were killed. */
export function removeStaleBuilds(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.build-`;
  const removed: string[] = [];
  if (!existsSync(dir)) return removed;
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(prefix)) continue;
    const pid = Number(f.slice(prefix.length).split(/[.-]/)[0]);
    if (pid && alive(pid) && pid !== process.pid) continue;
    rmSync(join(dir, f), { recursive: true, force: true });
    removed.push(f);
  }
  return removed;
}

export function buildPath(dbPath: string): string {
  return `${dbPath}.build-${process.pid}-${Date.now()}`;
}

/** Start the build from the current database so a later extract upserts into it. */
export function seedBuild(dbPath: string, build: string): void {
  if (existsSync(dbPath)) copyFileSync(dbPath, build);
}

function fsyncPath(path: string) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Make the finished build the database: flush it, rename it over the old file, flush the folder. */
export function commitBuild(build: string, dbPath: string): void {
  if (existsSync(`${build}.wal`)) throw new Error(`${build}.wal still exists: the build was not checkpointed`);
  fsyncPath(build);
  // Our files are always checkpointed, so a .wal beside the old file is foreign: it must
  // not be replayed onto the new one.
  rmSync(`${dbPath}.wal`, { force: true });
  renameSync(build, dbPath);
  fsyncPath(dirname(dbPath));
}

export function discardBuild(build: string): void {
  for (const f of [build, `${build}.wal`, `${build}.tmp`]) rmSync(f, { recursive: true, force: true });
}
