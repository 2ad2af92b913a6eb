// The end of a reboot: the integrator calls completeReboot when the node should be back; enabled
// services start again through the normal service logic (so a bad agent config keeps the agent down).
import { finishReboot } from '../../nodes';
import { type ControlDeps } from '../types';
import { connectPendingSdcs } from './sdc';
import { startService } from './services';

export function completeReboot(deps: ControlDeps, hostname: string): void {
  const node = deps.registry.get(hostname);
  const pending: (() => void)[] = [];
  // The agent comes back with the node and the integrator restarts it itself: no restartAgent here,
  // but a failing agent config is still reported through agentDown.
  const ctx = { node, deps: { ...deps, restartAgent: undefined }, later: (fn: () => void) => pending.push(fn) };
  finishReboot(node, (name) => {
    startService(ctx, name);
  });
  connectPendingSdcs(deps);
  for (const fn of pending) fn();
}
