// Durable home of the FrameworkID. Losing it after SUBSCRIBED would orphan every running task
// (a restarted bridge would register a new framework), so writes are atomic and fsynced.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Where the scheduler keeps its FrameworkID between runs. */
export interface FrameworkIdStore {
  /** The stored id, or undefined when none has been saved (first run). */
  load(): Promise<string | undefined>;
  save(frameworkId: string): Promise<void>;
  /** Forgets the id (after TEARDOWN: the master never accepts it again). */
  clear(): Promise<void>;
}

/** The store's file is unreadable or holds something that is not a FrameworkID. */
export class FrameworkIdStoreError extends Error {
  override readonly name = 'FrameworkIdStoreError';
  constructor(
    readonly file: string,
    readonly problem: string
  ) {
    super(`framework id file ${file}: ${problem}`);
  }
}

// Mesos ids are printable ASCII without whitespace; anything else means a corrupt file.
const ID_PATTERN = /^[\x21-\x7e]{1,256}$/;

export function checkFrameworkId(field: string, id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new TypeError(`${field}: must be 1-256 printable ASCII characters without spaces, got ${JSON.stringify(id)}`);
  }
  return id;
}

/** Keeps the id in `<stateDir>/<fileName>` (mode 0600), replaced by write + fsync + rename. */
export class FileFrameworkIdStore implements FrameworkIdStore {
  readonly file: string;

  constructor(
    readonly stateDir: string,
    fileName = 'framework-id'
  ) {
    if (typeof stateDir !== 'string' || stateDir === '') throw new TypeError('stateDir: must be a non-empty path');
    this.file = path.join(stateDir, fileName);
  }

  async load(): Promise<string | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new FrameworkIdStoreError(this.file, `cannot read (${(err as Error).message})`);
    }
    const id = text.trim();
    if (!ID_PATTERN.test(id)) throw new FrameworkIdStoreError(this.file, 'does not hold a valid FrameworkID');
    return id;
  }

  async save(frameworkId: string): Promise<void> {
    checkFrameworkId('frameworkId', frameworkId);
    await fs.mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${frameworkId}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, this.file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await syncDir(this.stateDir);
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
    await syncDir(this.stateDir);
  }
}

// The rename is durable only once the directory entry is flushed too.
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself has still happened.
  } finally {
    await handle?.close();
  }
}

/** In-memory store, for tests and for callers that persist the id elsewhere. */
export class MemoryFrameworkIdStore implements FrameworkIdStore {
  saves = 0;
  constructor(private id: string | undefined = undefined) {}
  load(): Promise<string | undefined> {
    return Promise.resolve(this.id);
  }
  save(frameworkId: string): Promise<void> {
    this.id = checkFrameworkId('frameworkId', frameworkId);
    this.saves++;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.id = undefined;
    return Promise.resolve();
  }
}
