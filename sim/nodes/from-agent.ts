// Node specs from the simulated Mesos agents' specs, so one datacenter description feeds both.
import { type AgentSpec } from '../mesos';
import { type NodeSpec } from './types';

export function nodeSpecFromAgent(agent: AgentSpec): NodeSpec {
  if (!agent.ip) throw new Error(`agent ${agent.hostname}: ip is required to simulate its node`);
  return {
    hostname: agent.hostname,
    ip: agent.ip,
    os: agent.os ? { family: agent.os.family, version: agent.os.version } : undefined,
    blockDevices: agent.blockDevices?.map((d, i) => ({
      path: d.path,
      sizeKb: Math.floor(d.sizeBytes / 1024),
      fstype: d.hasFilesystem ? 'ext4' : null,
      // The agent spec has no system-disk flag: its first device with a filesystem is taken as the OS disk.
      system: d.hasFilesystem && i === agent.blockDevices!.findIndex((x) => x.hasFilesystem),
      inUseByScaleio: d.inUse,
    })),
  };
}
