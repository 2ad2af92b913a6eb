// The bridge's task table, kept in the state dir so a restarted bridge knows which tasks it launched: a
// snapshot (tasks.json) plus a journal of the changes since (tasks.journal, one JSON row per line). A change
// costs one appended line; rewriting the whole table on every status update cost bytes and CPU in proportion
// to every task the bridge had run. Appends are coalesced: put() resolves once a write that includes the
// change is on disk. When the journal outgrows the table it is folded into a new snapshot (see compact()).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { attemptOver, type TaskRecord } from './task-record';

export class TaskTableError extends Error {
  override readonly name = 'TaskTableError';
  constructor(
    readonly file: string,
    readonly problem: string
  ) {
    super(`task table ${file}: ${problem}`);
  }
}

interface TableFile {
  version: 1;
  tasks: TaskRecord[];
  /** The journal generation this snapshot starts (absent in files written before the journal: 0). */
  journal?: number;
}

/** First line of the journal: which snapshot it continues. A journal of an older generation is stale. */
interface JournalHeader {
  journal: number;
}

/** Fewest journal rows before a fold, so a small table is not rewritten every few changes. */
const MIN_JOURNAL_ROWS = 1024;

export class TaskTable {
  private readonly rows = new Map<string, TaskRecord>();
  /** Caller task id → Mesos task id of its latest attempt. */
  private readonly latestIds = new Map<string, string>();
  private readonly journalFile: string;
  private journal: fs.FileHandle | undefined;
  private generation = 0;
  private journalRows = 0;
  /** Rows changed since the last write, serialised, in order. */
  private unwritten: string[] = [];
  /** Set when the journal may hold a torn line: the next write folds everything into a snapshot instead. */
  private mustCompact = false;
  private writing: Promise<void> | undefined;
  private dirty = false;
  writes = 0;

  private constructor(
    readonly file: string,
    private readonly maxFinished: number
  ) {
    this.journalFile = file.replace(/\.json$/, '') + '.journal';
  }

  static async open(stateDir: string, options: { fileName?: string; maxFinished?: number } = {}): Promise<TaskTable> {
    const table = new TaskTable(path.join(stateDir, options.fileName ?? 'tasks.json'), options.maxFinished ?? 5000);
    await table.load();
    // The first write starts a fresh snapshot and journal: it prunes, gives the journal its header, and no
    // append can land after a torn last line.
    table.mustCompact = true;
    return table;
  }

  get(mesosTaskId: string): TaskRecord | undefined {
    return this.rows.get(mesosTaskId);
  }

  /** The latest attempt of a caller task. */
  latest(taskId: string): TaskRecord | undefined {
    const id = this.latestIds.get(taskId);
    return id === undefined ? undefined : this.rows.get(id);
  }

  isLatest(r: TaskRecord): boolean {
    return this.latestIds.get(r.taskId) === r.mesosTaskId;
  }

  all(): TaskRecord[] {
    return [...this.rows.values()];
  }

  get size(): number {
    return this.rows.size;
  }

  /** Stores the row (in memory at once) and resolves when it is on disk. */
  put(r: TaskRecord): Promise<void> {
    this.index(r);
    this.unwritten.push(JSON.stringify(r));
    return this.persist();
  }

  /** Resolves when every change made so far is on disk. */
  flush(): Promise<void> {
    // After a failed write `dirty` stays set, so flushing writes again instead of pretending.
    return this.writing ?? (this.dirty ? this.persist() : Promise.resolve());
  }

  /** Closes the journal file (the table stays readable in memory; a later put reopens it). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.journal?.close();
    this.journal = undefined;
  }

  private index(r: TaskRecord): void {
    this.rows.set(r.mesosTaskId, r);
    const cur = this.latestIds.get(r.taskId);
    const curRow = cur === undefined ? undefined : this.rows.get(cur);
    if (!curRow || curRow.attempt <= r.attempt) this.latestIds.set(r.taskId, r.mesosTaskId);
  }

  private persist(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.writeLoop().finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async writeLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const lines = this.unwritten;
      this.unwritten = [];
      const fold = this.mustCompact || this.journalRows + lines.length > Math.max(MIN_JOURNAL_ROWS, this.rows.size);
      try {
        if (fold) await this.compact();
        else await this.append(lines);
        this.writes++;
      } catch (err) {
        // The next put() tries again; after a failed append the journal may end in a torn line, so fold.
        this.dirty = true;
        this.mustCompact = true;
        this.unwritten = [...lines, ...this.unwritten];
        throw new TaskTableError(fold ? this.file : this.journalFile, `cannot write (${(err as Error).message})`);
      }
    }
  }

  private async append(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    this.journal ??= await fs.open(this.journalFile, 'a', 0o600);
    await this.journal.write(`${lines.join('\n')}\n`);
    await this.journal.datasync();
    this.journalRows += lines.length;
  }

  /**
   * Writes every row to a new snapshot of the next generation, then starts an empty journal of that generation.
   * A crash between the two leaves a journal of the old generation, which load() recognises as stale.
   */
  private async compact(): Promise<void> {
    this.prune();
    const generation = this.generation + 1;
    const body: TableFile = { version: 1, tasks: this.all(), journal: generation };
    await writeFileAtomic(this.file, `${JSON.stringify(body)}\n`);
    await this.journal?.close();
    this.journal = undefined;
    const header: JournalHeader = { journal: generation };
    await writeFileAtomic(this.journalFile, `${JSON.stringify(header)}\n`);
    this.generation = generation;
    this.journalRows = 0;
    this.mustCompact = false;
  }

  /** Drops the oldest finished attempts beyond the cap; live ones are always kept. */
  private prune(): void {
    const over = this.all().filter((r) => attemptOver(r.state));
    if (over.length <= this.maxFinished) return;
    over.sort((a, b) => a.updatedAt - b.updatedAt);
    for (const r of over.slice(0, over.length - this.maxFinished)) {
      this.rows.delete(r.mesosTaskId);
      if (this.latestIds.get(r.taskId) === r.mesosTaskId) this.latestIds.delete(r.taskId);
    }
  }

  /** Reads the snapshot and replays the journal of the same generation. */
  private async load(): Promise<void> {
    const text = await readIfThere(this.file);
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new TaskTableError(this.file, `is not valid JSON (${(err as Error).message})`);
      }
      const snapshot = parsed as Partial<TableFile> | null;
      const tasks = snapshot?.tasks;
      if (snapshot?.version !== 1 || !Array.isArray(tasks))
        throw new TaskTableError(this.file, 'is not a version 1 task table');
      tasks.forEach((r, i) => this.index(checkRow(r, this.file, `tasks[${i}]`)));
      this.generation = typeof snapshot.journal === 'number' ? snapshot.journal : 0;
    }
    this.replay(await readIfThere(this.journalFile));
    this.prune();
  }

  private replay(text: string | undefined): void {
    if (text === undefined || text === '') return;
    const lines = text.split('\n');
    // Text after the last newline is an append cut short by a crash: that change was never acknowledged.
    lines.pop();
    const header = parseLine(lines[0]) as Partial<JournalHeader> | undefined;
    if (typeof header?.journal !== 'number')
      throw new TaskTableError(this.journalFile, 'line 1 is not a journal header');
    // An older generation was already folded into the snapshot, which a crash kept it from replacing.
    if (header.journal !== this.generation) return;
    for (let i = 1; i < lines.length; i++) {
      const row = parseLine(lines[i]);
      if (row === undefined) throw new TaskTableError(this.journalFile, `line ${i + 1} is not valid JSON`);
      this.index(checkRow(row, this.journalFile, `line ${i + 1}`));
    }
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TaskTableError(file, `cannot read (${(err as Error).message})`);
  }
}

function parseLine(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : (JSON.parse(line) as unknown);
  } catch {
    return undefined;
  }
}

function checkRow(r: unknown, file: string, where: string): TaskRecord {
  const row = r as Partial<TaskRecord> | null;
  if (typeof row?.mesosTaskId !== 'string' || typeof row.taskId !== 'string' || typeof row.state !== 'string')
    throw new TaskTableError(file, `${where} lacks mesosTaskId, taskId or state`);
  return row as TaskRecord;
}
