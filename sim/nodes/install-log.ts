// Append-only record of every package change on every node; tests assert "each step ran once".
import { type InstallLogEntry } from './types';

export class InstallLog {
  private readonly entries: InstallLogEntry[] = [];

  append(entry: Omit<InstallLogEntry, 'seq'>): InstallLogEntry {
    const e = { ...entry, seq: this.entries.length + 1 };
    this.entries.push(e);
    return e;
  }

  /** Entries, optionally only those of one node and/or package. */
  list(filter: { hostname?: string; package?: string } = {}): InstallLogEntry[] {
    return this.entries
      .filter(
        (e) =>
          (filter.hostname === undefined || e.hostname === filter.hostname) &&
          (filter.package === undefined || e.package === filter.package)
      )
      .map((e) => ({ ...e }));
  }
}
