// Checks the Mesos agent's module and isolation flag files the way mesos-slave does at start-up,
// so a bad DVDI isolator configuration keeps the agent down as it would on a real node.
import { type NodeState } from '../../nodes';
import { parsePackage } from '../../packages';

export const DVDI_MODULE = 'com_emccode_mesos_DockerVolumeDriverIsolator';

interface ModulesJson {
  libraries?: { file?: unknown; modules?: { name?: unknown }[] }[];
}

/** Undefined when the agent can start; otherwise the error mesos-slave would log. */
export function agentConfigError(node: NodeState): string | undefined {
  const isolation = node.files['/etc/mesos-slave/isolation']?.content.trim().split('\n')[0] ?? '';
  const isolators = isolation
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const modulesFlag = node.files['/etc/mesos-slave/modules']?.content.trim();
  const loaded = new Set<string>();
  if (modulesFlag) {
    let text = modulesFlag;
    if (modulesFlag.startsWith('file://')) {
      const p = modulesFlag.slice('file://'.length);
      const f = node.files[p];
      if (!f) return `Error loading modules: Error reading modules file '${p}': No such file or directory`;
      text = f.content;
    }
    let parsed: ModulesJson;
    try {
      parsed = JSON.parse(text) as ModulesJson;
    } catch (e) {
      return `Error loading modules: Error parsing the --modules flag: ${(e as Error).message}`;
    }
    for (const lib of parsed.libraries ?? []) {
      const file = typeof lib.file === 'string' ? lib.file : '';
      const so = node.files[file];
      if (!so) {
        return `Error loading modules: Error opening library: '${file}': Could not load library '${file}': ${file}: cannot open shared object file: No such file or directory`;
      }
      const pkg = parsePackage(so.content);
      if (!pkg.ok || pkg.header.role !== 'isolator') {
        return `Error loading modules: Error opening library: '${file}': ${file}: invalid ELF header`;
      }
      for (const m of lib.modules ?? []) if (typeof m.name === 'string') loaded.add(m.name);
    }
  }
  for (const iso of isolators) {
    if (iso.includes('/') || loaded.has(iso)) continue;
    return `Failed to create a containerizer: Could not create MesosContainerizer: Unknown or unsupported isolator '${iso}'`;
  }
  return undefined;
}
