// Resident memory of a process from /proc/<pid>/status (Linux): current (VmRSS) and peak (VmHWM), in MiB.
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  rssMb: number;
  peakMb: number;
}

function kbField(status: string, name: string, pid: number): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!m) throw new Error(`/proc/${pid}/status has no ${name} line`);
  return Number(m[1]);
}

export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: kbField(status, 'VmRSS', pid) / 1024, peakMb: kbField(status, 'VmHWM', pid) / 1024 };
}
