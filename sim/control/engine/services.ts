// Service start/stop with the side effects the real daemons have: an MDM or SDS that stops drops
// out of the cluster, scini is the SDC kernel module, rexray needs its config and scini, mesos-slave
// re-reads its module flags, the gateway restart kills tokens.
import { parse as parseYaml } from 'yaml';
import { type NodeState } from '../../nodes';
import { type ToolContext } from '../types';
import { agentConfigError } from './agent-config';
import { connectPendingSdcs, disconnectSdc, tryConnectSdc } from './sdc';

export type ServiceCtx = Pick<ToolContext, 'node' | 'deps' | 'later'>;
export type StartOutcome = { ok: true } | { ok: false; reason: string };

export const REXRAY_CONFIG = '/etc/rexray/config.yml';

function rexrayConfigError(node: NodeState): string | undefined {
  const f = node.files[REXRAY_CONFIG];
  if (!f) return `error reading config file ${REXRAY_CONFIG}: no such file or directory`;
  let doc: Record<string, unknown>;
  try {
    doc = (parseYaml(f.content) ?? {}) as Record<string, unknown>;
  } catch (e) {
    return `error parsing config file ${REXRAY_CONFIG}: ${(e as Error).message.split('\n')[0]}`;
  }
  const ls = doc.libstorage as Record<string, unknown> | undefined;
  const service = ls?.service ?? doc['libstorage.service'];
  const sio = doc.scaleio as Record<string, unknown> | undefined;
  if (service !== 'scaleio') return 'libstorage.service must be set (scaleio)';
  if (typeof sio?.endpoint !== 'string') return 'scaleio.endpoint is required';
  if (!node.kernelModules.includes('scini'))
    return 'error initializing instance ID: scaleio: drv_cfg: Failed to open /dev/scini';
  return undefined;
}

function clusterEffect(ctx: ServiceCtx, name: string, up: boolean): void {
  const { node, deps } = ctx;
  try {
    if (name === 'mdm' && deps.cluster.snapshot().mdmCluster)
      deps.cluster.setMdmStatus(node.ip, up ? 'Normal' : 'Disconnected');
    if (name === 'sds') deps.cluster.setSdsConnected(node.ip, up);
  } catch {
    // this node's MDM is not a cluster member yet
  }
  if (name === 'scini') {
    if (up) {
      if (!node.kernelModules.includes('scini')) node.kernelModules.push('scini');
      tryConnectSdc(node, deps.cluster);
    } else {
      node.kernelModules = node.kernelModules.filter((m) => m !== 'scini');
      disconnectSdc(node, deps.cluster);
    }
  }
  if (name === 'mdm' && up) connectPendingSdcs(deps);
}

export function startService(ctx: ServiceCtx, name: string): StartOutcome {
  const svc = ctx.node.services[name];
  if (!svc) return { ok: false, reason: `Unit ${name}.service not found.` };
  const reason =
    name === 'rexray' ? rexrayConfigError(ctx.node) : name === 'mesos-slave' ? agentConfigError(ctx.node) : undefined;
  if (reason) {
    svc.active = false;
    svc.pid = null;
    if (name === 'mesos-slave') ctx.later(() => ctx.deps.agentDown?.(ctx.node.hostname, reason));
    return { ok: false, reason };
  }
  const wasActive = svc.active;
  svc.active = true;
  svc.pid = svc.pid ?? ctx.deps.registry.nextPid();
  clusterEffect(ctx, name, true);
  if (name === 'mesos-slave' && !ctx.node.rebooting) ctx.later(() => ctx.deps.restartAgent?.(ctx.node.hostname));
  if (name === 'scaleio-gateway' && !wasActive) ctx.later(() => ctx.deps.gatewayRestarted?.(ctx.node.hostname));
  return { ok: true };
}

export function stopService(ctx: ServiceCtx, name: string): StartOutcome {
  const svc = ctx.node.services[name];
  if (!svc) return { ok: false, reason: `Unit ${name}.service not loaded.` };
  if (svc.active) {
    svc.active = false;
    svc.pid = null;
    clusterEffect(ctx, name, false);
    if (name === 'mesos-slave') ctx.later(() => ctx.deps.agentDown?.(ctx.node.hostname, 'mesos-slave stopped'));
  }
  return { ok: true };
}

export function restartService(ctx: ServiceCtx, name: string): StartOutcome {
  const svc = ctx.node.services[name];
  if (!svc) return { ok: false, reason: `Unit ${name}.service not found.` };
  if (svc.active) {
    svc.active = false;
    svc.pid = null;
  }
  // A restart of mesos-slave is a stop+start, but the agent is told once (restartAgent or agentDown).
  return startService(ctx, name);
}

/** A package ships a service: enabled, and started at once when `start`. */
export function addService(ctx: ServiceCtx, name: string, start: boolean): StartOutcome {
  ctx.node.services[name] = ctx.node.services[name] ?? { enabled: true, active: false, pid: null };
  ctx.node.services[name].enabled = true;
  return start ? startService(ctx, name) : { ok: true };
}

export function removeService(ctx: ServiceCtx, name: string): void {
  if (!ctx.node.services[name]) return;
  stopService(ctx, name);
  delete ctx.node.services[name];
}
