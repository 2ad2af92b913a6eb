// The bridge's task table, persisted as one small JSON file in the state dir so a restarted
// bridge knows which tasks it launched. Writes are coalesced: put() resolves once a write that
// includes the change is on disk. Old finished attempts are pruned to keep the file small.
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
}

export class TaskTable {
  private readonly rows = new Map<string, TaskRecord>();
  /** Caller task id → Mesos task id of its latest attempt. */
  private readonly latestIds = new Map<string, string>();
  private writing: Promise<void> | undefined;
  private dirty = false;
  writes = 0;

  private constructor(
    readonly file: string,
    private readonly maxFinished: number
  ) {}

  static async open(stateDir: string, options: { fileName?: string; maxFinished?: number } = {}): Promise<TaskTable> {
    const table = new TaskTable(path.join(stateDir, options.fileName ?? 'tasks.json'), options.maxFinished ?? 5000);
    await table.load();
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
    return this.persist();
  }

  /** Resolves when every change made so far is on disk. */
  flush(): Promise<void> {
    // After a failed write `dirty` stays set, so flushing writes again instead of pretending.
    return this.writing ?? (this.dirty ? this.persist() : Promise.resolve());
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
      this.prune();
      const body: TableFile = { version: 1, tasks: this.all() };
      try {
        await writeFileAtomic(this.file, `${JSON.stringify(body)}\n`);
        this.writes++;
      } catch (err) {
        this.dirty = true; // the next put() tries again
        throw new TaskTableError(this.file, `cannot write (${(err as Error).message})`);
      }
    }
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

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new TaskTableError(this.file, `cannot read (${(err as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new TaskTableError(this.file, `is not valid JSON (${(err as Error).message})`);
    }
    const tasks = (parsed as Partial<TableFile>)?.tasks;
    if ((parsed as Partial<TableFile>)?.version !== 1 || !Array.isArray(tasks))
      throw new TaskTableError(this.file, 'is not a version 1 task table');
    tasks.forEach((r, i) => {
      if (typeof r?.mesosTaskId !== 'string' || typeof r.taskId !== 'string' || typeof r.state !== 'string')
        throw new TaskTableError(this.file, `tasks[${i}] lacks mesosTaskId, taskId or state`);
      this.index(r);
    });
  }
}
