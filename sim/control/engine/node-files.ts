// Files on a simulated node. Procedures never write the real /etc of the machine running the tasks:
// they write node files through the sim-write-file / install shims, and tools read them from here.
import { type NodeFile, type NodeState } from '../../nodes';

export function checkNodePath(p: string): string | undefined {
  if (!p.startsWith('/')) return `path must be absolute, got '${p}'`;
  if (p.split('/').some((seg) => seg === '..' || seg === '.')) return `path must be normalized, got '${p}'`;
  if (p.endsWith('/')) return `path names a directory: '${p}'`;
  return undefined;
}

export function checkMode(mode: string): string | undefined {
  return /^0?[0-7]{3,4}$/.test(mode) ? undefined : `invalid mode '${mode}'`;
}

export function writeNodeFile(node: NodeState, p: string, content: string, mode: string): void {
  const m = mode.length === 3 ? `0${mode}` : mode;
  node.files[p] = { content, mode: m };
}

export function readNodeFile(node: NodeState, p: string): NodeFile | undefined {
  return node.files[p];
}

/** Paths the shims treat as the node's own (everything a procedure configures lives below these). */
export function isNodePath(p: string): boolean {
  return /^\/(etc|usr|opt|var|emc|run|lib)\//.test(p);
}
