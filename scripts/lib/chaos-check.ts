// The end-state invariants of a chaos run, read from the simulator's own state (not from what the workflows say):
// the MDM cluster has its roles, every node is an SDS with all its free disks and an SDC, each package went onto
// each node once (install log), and no task of ours is still live on an agent.
import type { World } from '../../sim/world';

export interface EndState {
  /** MDM cluster in the expected mode with all its members. */
  mdmOk: boolean;
  /** Nodes that are not a complete data node (no SDS, an SDS short of devices, or no SDC). */
  lost: string[];
  /** (node, package) pairs installed more than once, with the count. */
  duplicates: string[];
  /** Tasks of our framework still staging or running after the bootstrap. */
  orphans: string[];
  problems: string[];
}

const LIVE = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING']);

export function checkEndState(world: World, opts: { mdmMode: 3 | 5; frameworkId?: string }): EndState {
  const s = world.cluster.snapshot();
  const problems: string[] = [];
  const managers = opts.mdmMode === 5 ? 2 : 1;
  const mdm = s.mdmCluster;
  const mdmOk =
    mdm !== null &&
    mdm.clusterMode === (opts.mdmMode === 5 ? 'FiveNodes' : 'ThreeNodes') &&
    mdm.master !== null &&
    mdm.slaves.length === managers &&
    mdm.tieBreakers.length === managers;
  if (!mdmOk) problems.push(`MDM cluster incomplete: ${JSON.stringify(mdm && { ...mdm, virtualIps: undefined })}`);

  const lost: string[] = [];
  for (const node of world.registry.list()) {
    const sds = s.sds.find((x) => x.ipList.some((i) => i.ip === node.ip));
    const want = node.blockDevices.filter((d) => !d.system).map((d) => d.path);
    const have = sds ? s.devices.filter((d) => d.sdsId === sds.id).map((d) => d.deviceCurrentPathName) : [];
    const missing = want.filter((p) => !have.includes(p));
    const sdc = s.sdcs.some((c) => c.sdcIp === node.ip);
    if (!sds) problems.push(`${node.hostname}: no SDS`);
    else if (missing.length > 0) problems.push(`${node.hostname}: half-added SDS, missing ${missing.join(', ')}`);
    if (!sdc) problems.push(`${node.hostname}: no SDC`);
    if (!sds || missing.length > 0 || !sdc) lost.push(node.hostname);
  }

  const installs = new Map<string, number>();
  for (const e of world.registry.installLog.list()) {
    if (e.action === 'remove') continue;
    const key = `${e.hostname}:${e.package}`;
    installs.set(key, (installs.get(key) ?? 0) + 1);
  }
  const duplicates = [...installs].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
  for (const d of duplicates) problems.push(`installed more than once: ${d}`);

  const orphans = world.mesos
    .taskLog()
    .filter((t) => opts.frameworkId === undefined || t.frameworkId === opts.frameworkId)
    .filter((t) => t.finalState === undefined || LIVE.has(t.finalState))
    .map((t) => `${t.hostname}:${t.name}`);
  for (const o of orphans) problems.push(`task still live: ${o}`);
  return { mdmOk, lost, duplicates, orphans, problems };
}
