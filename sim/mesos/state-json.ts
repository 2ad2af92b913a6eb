// The read-only state documents: the master's /master/state (legacy names `slaves`, `slave_id`)
// and an agent's /state with each executor's sandbox `directory`.
import path from 'node:path';
import { type AgentTask, type SimAgent } from './agent/agent';
import { type MasterCore } from './master/core';
import { type Framework, type MasterTask } from './master/framework';
import { type ResourceBag, addBags, bagToResources, emptyBag } from './resources';

function scalars(b: ResourceBag): Record<string, unknown> {
  const ports = b.ports.map(([s, e]) => `${s}-${e}`).join(', ');
  return { cpus: b.cpus, mem: b.mem, disk: b.disk, gpus: 0, ...(ports ? { ports: `[${ports}]` } : {}) };
}

function attributesObject(agent: SimAgent): Record<string, string> {
  return Object.fromEntries(agent.attributes.map((a) => [a.name, a.text?.value ?? String(a.scalar?.value ?? '')]));
}

function taskJson(t: MasterTask): Record<string, unknown> {
  return {
    id: t.info.task_id.value,
    name: t.info.name,
    framework_id: t.frameworkId,
    executor_id: '',
    slave_id: t.agentId,
    state: t.state,
    resources: scalars(t.resources),
    role: t.role,
    statuses: t.statuses.map((s) => ({ state: s.state, timestamp: s.timestamp })),
  };
}

function frameworkJson(core: MasterCore, fw: Framework): Record<string, unknown> {
  const offers = [...fw.offerIds].map((id) => core.offers.get(id)).filter((o) => o !== undefined);
  const used = [...fw.tasks.values()].reduce((acc, t) => addBags(acc, t.resources), emptyBag());
  const offered = offers.reduce((acc, o) => addBags(acc, o.resources), emptyBag());
  return {
    id: fw.id,
    name: fw.info.name,
    pid: '',
    hostname: fw.info.hostname ?? '',
    webui_url: fw.info.webui_url ?? '',
    user: fw.info.user,
    principal: fw.info.principal,
    role: fw.info.role ?? '*',
    roles: fw.roles,
    capabilities: (fw.info.capabilities ?? []).map((c) => c.type),
    active: fw.connected,
    connected: fw.connected,
    recovered: false,
    failover_timeout: fw.info.failover_timeout ?? 0,
    checkpoint: fw.info.checkpoint ?? false,
    registered_time: fw.registeredTime,
    ...(fw.reregisteredTime !== undefined ? { reregistered_time: fw.reregisteredTime } : {}),
    unregistered_time: fw.unregisteredTime ?? 0,
    resources: scalars(addBags(used, offered)),
    used_resources: scalars(used),
    offered_resources: scalars(offered),
    tasks: [...fw.tasks.values()].map(taskJson),
    unreachable_tasks: [...fw.unreachableTasks.values()].map(taskJson),
    completed_tasks: fw.completedTasks.map(taskJson),
    offers: offers.map((o) => ({
      id: o.id,
      framework_id: o.frameworkId,
      slave_id: o.agentId,
      resources: scalars(o.resources),
      allocation_info: { role: o.role },
    })),
    executors: [],
  };
}

export function masterStateJson(core: MasterCore): Record<string, unknown> {
  const agents = [...core.agentsByHost.values()];
  const leaderHost = core.leader ? core.leader.host : `${core.opts.hostname}:${core.port}`;
  return {
    version: '1.11.0',
    git_sha: 'simulated',
    build_date: '2024-08-23',
    start_time: core.startTime,
    elected_time: core.startTime,
    id: core.masterId,
    pid: `master@127.0.0.1:${core.port}`,
    hostname: core.opts.hostname,
    capabilities: ['AGENT_UPDATE'],
    activated_slaves: agents.filter((a) => a.status === 'connected').length,
    deactivated_slaves: 0,
    unreachable_slaves: agents.filter((a) => a.status === 'unreachable' || a.status === 'down').length,
    leader: `master@${leaderHost}`,
    leader_info: core.masterInfo,
    flags: { authenticate_http_frameworks: core.opts.credentials ? 'true' : 'false', work_dir: core.workDir },
    slaves: agents
      .filter((a) => a.status === 'connected')
      .map((a) => ({
        id: a.id,
        pid: `slave(1)@127.0.0.1:${a.httpPort}`,
        hostname: a.hostname,
        port: a.httpPort,
        registered_time: a.registeredAt,
        resources: scalars(a.total),
        used_resources: scalars(a.used),
        offered_resources: scalars(core.offers.forAgent(a.id)?.resources ?? emptyBag()),
        unreserved_resources: scalars(a.total),
        attributes: attributesObject(a),
        active: true,
        version: '1.11.0',
      })),
    recovered_slaves: [],
    frameworks: [...core.frameworks.values()].map((fw) => frameworkJson(core, fw)),
    completed_frameworks: [...core.removedFrameworks.values()].map((fw) => frameworkJson(core, fw)),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}

function executorJson(t: AgentTask): Record<string, unknown> {
  return {
    id: t.runner.executorId,
    name: `Command Executor (Task: ${t.task.task_id.value})`,
    source: t.task.task_id.value,
    container: t.runner.containerId,
    directory: t.runner.sandbox,
    resources: scalars(t.resources),
    role: t.role,
    tasks: t.runner.finished
      ? []
      : [{ id: t.task.task_id.value, name: t.task.name, state: t.state, slave_id: t.log.agentId }],
    completed_tasks: t.runner.finished
      ? [{ id: t.task.task_id.value, name: t.task.name, state: t.state, slave_id: t.log.agentId }]
      : [],
  };
}

export function agentStateJson(agent: SimAgent, workDir: string, masterHostPort: string): Record<string, unknown> {
  const byFramework = new Map<string, { executors: AgentTask[]; completed: AgentTask[] }>();
  const slot = (fid: string): { executors: AgentTask[]; completed: AgentTask[] } => {
    let s = byFramework.get(fid);
    if (!s) byFramework.set(fid, (s = { executors: [], completed: [] }));
    return s;
  };
  for (const t of agent.tasks.values())
    (t.runner.finished ? slot(t.frameworkId).completed : slot(t.frameworkId).executors).push(t);
  for (const t of agent.completedTasks) slot(t.frameworkId).completed.push(t);
  return {
    version: '1.11.0',
    id: agent.id,
    pid: `slave(1)@127.0.0.1:${agent.httpPort}`,
    hostname: agent.hostname,
    master_hostname: masterHostPort,
    resources: scalars(agent.total),
    reserved_resources_full: {},
    unreserved_resources_full: bagToResources(agent.total),
    attributes: attributesObject(agent),
    flags: { work_dir: workDir, sandbox_directory: '/mnt/mesos/sandbox', runtime_dir: path.join(workDir, 'run') },
    frameworks: [...byFramework.entries()].map(([id, s]) => ({
      id,
      executors: s.executors.map(executorJson),
      completed_executors: s.completed.map(executorJson),
    })),
    completed_frameworks: [],
  };
}
