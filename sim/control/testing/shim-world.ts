// Test world for shim tests (unit tests here, reusable by integration tests): node registry + cluster model + control server + package repo, and a
// runner that executes a command line through `sh -c` with the shims first on PATH, like a Mesos task.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ControlDeps, type ControlServer, SHIMS_DIR, shimEnv, startControlServer } from '..';
import { NodeRegistry, type NodeSpec } from '../../nodes';
import { type PackageRepo, startPackageRepo } from '../../packages';
import { ScaleioCluster } from '../../scaleio';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ShimWorld {
  deps: ControlDeps;
  registry: NodeRegistry;
  cluster: ScaleioCluster;
  repo: PackageRepo;
  control: ControlServer;
  hooks: string[];
  run(hostname: string, command: string, env?: Record<string, string>): Promise<RunResult>;
  /** Downloads a repository file into the node's sandbox, as the Mesos fetcher would. */
  fetchInto(hostname: string, fileName: string): Promise<string>;
  close(): Promise<void>;
}

export async function startShimWorld(nodes: NodeSpec[]): Promise<ShimWorld> {
  const registry = new NodeRegistry();
  for (const n of nodes) registry.add(n);
  // The MDM ships with admin/admin; the model enforces installed daemons and declared disks.
  const cluster = new ScaleioCluster({ password: 'admin', strictNodes: true, seed: 7 });
  const hooks: string[] = [];
  const deps: ControlDeps = {
    registry,
    cluster,
    reboot: (h) => hooks.push(`reboot:${h}`),
    restartAgent: (h) => hooks.push(`restartAgent:${h}`),
    agentDown: (h, why) => hooks.push(`agentDown:${h}:${why}`),
    gatewayRestarted: (h) => hooks.push(`gatewayRestarted:${h}`),
    extraState: () => ({ mesos: { agents: nodes.length } }),
  };
  const control = await startControlServer(deps);
  const repo = await startPackageRepo();
  const root = mkdtempSync(path.join(tmpdir(), 'sim-shims-'));
  const sandbox = (h: string) => path.join(root, h);
  for (const n of nodes) mkdirSync(sandbox(n.hostname));
  return {
    deps,
    registry,
    cluster,
    repo,
    control,
    hooks,
    run(hostname, command, env = {}) {
      return new Promise((resolve) => {
        execFile(
          '/bin/sh',
          ['-c', command],
          {
            cwd: sandbox(hostname),
            env: {
              ...process.env,
              PATH: `${SHIMS_DIR}:${process.env.PATH ?? ''}`,
              ...shimEnv(control.url, hostname, control.shimAddr),
              ...env,
            },
          },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          }
        );
      });
    },
    async fetchInto(hostname, fileName) {
      const r = await fetch(repo.fileUrl(fileName));
      writeFileSync(path.join(sandbox(hostname), fileName), Buffer.from(await r.arrayBuffer()));
      return fileName;
    },
    async close() {
      await control.close();
      await repo.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
