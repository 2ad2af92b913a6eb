// Building shim results the way real commands end.
import { type ShimResult } from './types';

export function ok(stdout = '', stderr = ''): ShimResult {
  return { exitCode: 0, stdout, stderr };
}

export function fail(exitCode: number, stderr: string, stdout = ''): ShimResult {
  return { exitCode, stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n` };
}

/** What the shell prints when a command is not on the node. */
export function commandNotFound(tool: string): ShimResult {
  return fail(127, `sh: 1: ${tool}: not found`);
}

export function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join('');
}

/** Let the shim run the real command of the machine instead (sandbox files, not node state). */
export function passthrough(): ShimResult {
  return { exitCode: 0, stdout: '', stderr: '', passthrough: true };
}
