import { Database } from '../../pipeline/db/database.ts';

/** What identifies one version of the database file: a swap by rename changes the inode. */
export interface FileIdentity {
  ino: number;
  mtimeMs: number;
  size: number;
}

export const sameFile = (a: FileIdentity, b: FileIdentity) => a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;

/**
 * One opened version of the database file with a small pool of connections. Requests
 * hold a reference while they run; when the pipeline swaps in a new file this one is
 * retired, and it closes when the last request holding it has finished. Until then its
 * open file handle keeps the old (renamed-over) file readable.
 */
export class DatabaseGeneration {
  private refs = 0;
  private retired = false;
  private closed = false;
  private readonly idle: Database[];
  /** Per-version caches (filter options, column types, docs): dropped with the version. */
  readonly cache = new Map<string, unknown>();

  private constructor(
    readonly id: string,
    readonly file: FileIdentity,
    private readonly connections: Database[],
    private readonly onClose: (gen: DatabaseGeneration) => void,
  ) {
    this.idle = [...connections];
  }

  /**
   * Opens `path` read-only with file access from SQL disabled, makes `poolSize`
   * connections, then locks the configuration so no query can turn those settings back.
   */
  static async open(
    path: string,
    file: FileIdentity,
    poolSize: number,
    onClose: (gen: DatabaseGeneration) => void = () => {},
    threads?: number,
  ): Promise<DatabaseGeneration> {
    const primary = await Database.open(path, { readOnly: true, externalAccess: false, threads });
    const connections = [primary];
    try {
      while (connections.length < poolSize) connections.push(await primary.connect());
      await primary.run('SET lock_configuration = true');
    } catch (e) {
      for (const c of connections) c.close();
      throw e;
    }
    return new DatabaseGeneration(`${file.ino}-${Math.round(file.mtimeMs)}`, file, connections, onClose);
  }

  get references(): number {
    return this.refs;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  retain(): void {
    if (this.closed) throw new Error('database version already closed');
    this.refs++;
  }

  release(): void {
    this.refs--;
    if (this.refs === 0 && this.retired) this.close();
  }

  /** Stop handing this version to new requests; close it once the last one is done. */
  retire(): void {
    this.retired = true;
    if (this.refs === 0) this.close();
  }

  /** A free connection. The caller holds a query slot, and there are as many connections as slots. */
  take(): Database {
    const conn = this.idle.pop();
    if (!conn) throw new Error('no free connection: query slots and pool size disagree');
    return conn;
  }

  give(conn: Database): void {
    this.idle.push(conn);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.connections) {
      try {
        c.close();
      } catch {
        // already closed with the instance
      }
    }
    this.cache.clear();
    this.onClose(this);
  }
}
