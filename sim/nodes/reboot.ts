// What a reboot does to a node: new kernel, enabled services up, the rest down, modules reloaded,
// scli sessions gone. Split in two so the integrator can keep the agent down in between.
import { type NodeState } from './types';

export function beginReboot(node: NodeState): void {
  node.rebooting = true;
  for (const svc of Object.values(node.services)) {
    svc.active = false;
    svc.pid = null;
  }
  node.kernelModules = [];
  node.scliSession = null;
}

/** `start` brings one enabled service up (it may refuse, e.g. a bad config): the caller's service logic. */
export function finishReboot(node: NodeState, start: (service: string) => void): void {
  if (node.pendingKernel) node.kernel = node.pendingKernel;
  node.pendingKernel = null;
  node.rebootRequired = false;
  delete node.files['/var/run/reboot-required'];
  node.rebooting = false;
  node.bootCount += 1;
  // The SDC package installs scini to load at boot.
  if (Object.values(node.packages).some((p) => p.role === 'sdc')) node.kernelModules.push('scini');
  for (const [name, svc] of Object.entries(node.services)) if (svc.enabled) start(name);
}
