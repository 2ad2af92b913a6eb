// ACCEPT (LAUNCH / LAUNCH_GROUP), DECLINE, KILL and ACKNOWLEDGE. Semantic problems never fail the
// HTTP call; they come back as SOURCE_MASTER updates, as on the real master.
import { type Call, type CommandInfo, type TaskInfo } from '../json-form';
import {
  type ResourceBag,
  ResourceParseError,
  addBags,
  bagContains,
  describeBag,
  emptyBag,
  resourcesToBag,
  subtractBags,
} from '../resources';
import { type MasterCore } from './core';
import { type Framework, type MasterTask } from './framework';
import { type OfferRecord } from './offers';
import { reconcileTasks } from './reconcile';

const MAX_REFUSE_SECONDS = 31_536_000;

function refuseSeconds(filters: { refuse_seconds?: number } | undefined): number {
  const s = filters?.refuse_seconds ?? 5;
  return s < 0 ? 5 : Math.min(s, MAX_REFUSE_SECONDS);
}

/** Finds the offers of an ACCEPT; any unknown, foreign or mixed-agent offer makes the whole set invalid. */
function takeOffers(core: MasterCore, fw: Framework, ids: string[]): { offers: OfferRecord[]; error?: string } {
  const offers: OfferRecord[] = [];
  let error: string | undefined;
  if (ids.length === 0) error = 'No offers specified';
  for (const id of ids) {
    const rec = core.offers.get(id);
    if (!rec || rec.frameworkId !== fw.id) error ??= `Offer ${id} is no longer valid`;
    else if (offers.some((o) => o.id === id)) error ??= `Offer ${id} appears more than once`;
    else if (offers[0] && offers[0].agentId !== rec.agentId)
      error ??= 'Aggregated offers must belong to one single agent';
    else if (offers[0] && offers[0].role !== rec.role) error ??= 'Aggregated offers must be allocated to the same role';
    if (rec && rec.frameworkId === fw.id) offers.push(rec);
  }
  // Used or not, every valid offer named in the call is consumed.
  for (const o of offers) core.offers.remove(o.id, fw);
  return error === undefined ? { offers } : { offers, error };
}

function validateTask(fw: Framework, t: TaskInfo, agentId: string, seen: Set<string>): string | undefined {
  const id = t.task_id?.value ?? '';
  if (id === '') return 'ID must not be empty';
  if (/[\s/]/.test(id) || id === '.' || id === '..') return `'${id}' contains invalid characters`;
  if (fw.tasks.has(id) || seen.has(id)) return `Task has duplicate ID: ${id}`;
  if (t.agent_id?.value !== agentId) return `Task uses agent ${t.agent_id?.value} but the offer is on agent ${agentId}`;
  if (!!t.command === !!t.executor)
    return 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present';
  if (t.executor && !t.executor.command)
    return 'The simulated agent runs only command tasks or executors with a CommandInfo';
  return undefined;
}

function launch(
  core: MasterCore,
  fw: Framework,
  tasks: TaskInfo[],
  offerAgent: string,
  role: string,
  available: ResourceBag
): ResourceBag {
  const seen = new Set<string>();
  const agent = core.agentsById.get(offerAgent);
  for (const t of tasks) {
    const tid = t.task_id?.value ?? '';
    let problem = validateTask(fw, t, offerAgent, seen);
    let bag = emptyBag();
    if (!problem) {
      try {
        bag = addBags(resourcesToBag(t.resources), resourcesToBag(t.executor?.resources));
        if (!bagContains(available, bag)) {
          problem = `Task uses more resources ${describeBag(bag)} than available ${describeBag(available)}`;
        }
      } catch (e) {
        if (!(e instanceof ResourceParseError)) throw e;
        problem = `Task uses invalid resources: ${e.message}`;
      }
    }
    if (problem) {
      core.masterUpdate(fw, tid, 'TASK_ERROR', 'REASON_TASK_INVALID', problem, offerAgent);
      continue;
    }
    seen.add(tid);
    available = subtractBags(available, bag);
    const record: MasterTask = {
      frameworkId: fw.id,
      agentId: offerAgent,
      info: t,
      role,
      resources: bag,
      state: 'TASK_STAGING',
      statuses: [],
      latest: undefined,
    };
    fw.tasks.set(tid, record);
    const command = (t.command ?? t.executor?.command) as CommandInfo;
    if (agent?.status === 'connected') agent.launch(fw.id, t, command, role, bag);
  }
  return available;
}

export function accept(core: MasterCore, fw: Framework, body: NonNullable<Call['accept']>): void {
  const { offers, error } = takeOffers(
    core,
    fw,
    (body.offer_ids ?? []).map((o) => o.value)
  );
  const ops = body.operations ?? [];
  const launches = ops.flatMap((op) => [
    ...(op.launch?.task_infos ?? []),
    ...(op.launch_group?.task_group.tasks ?? []),
  ]);
  const first = offers[0];
  if (error !== undefined || !first) {
    const [state, why] = fw.partitionAware
      ? (['TASK_DROPPED', 'REASON_INVALID_OFFERS'] as const)
      : (['TASK_LOST', 'REASON_INVALID_OFFERS'] as const);
    for (const t of launches)
      core.masterUpdate(
        fw,
        t.task_id?.value ?? '',
        state,
        why,
        `Task launched with invalid offers: ${error ?? 'No offers specified'}`
      );
    core.scheduleAllocation();
    return;
  }
  let available = offers.reduce((acc, o) => addBags(acc, o.resources), emptyBag());
  for (const op of ops) {
    if (op.type === 'LAUNCH')
      available = launch(core, fw, op.launch?.task_infos ?? [], first.agentId, first.role, available);
    else if (op.type === 'LAUNCH_GROUP' && op.launch_group) {
      const tasks = (op.launch_group.task_group.tasks ?? []).map((t) => ({ ...t, executor: undefined }));
      available = launch(core, fw, tasks, first.agentId, first.role, available);
    }
    // RESERVE, CREATE and friends are not simulated: the resources stay as they are.
  }
  fw.setFilter(first.agentId, available, refuseSeconds(body.filters));
  core.scheduleAllocation();
}

export function decline(core: MasterCore, fw: Framework, body: NonNullable<Call['decline']>): void {
  const seconds = refuseSeconds(body.filters);
  for (const { value } of body.offer_ids ?? []) {
    const rec = core.offers.get(value);
    if (!rec || rec.frameworkId !== fw.id) continue;
    core.offers.remove(value, fw);
    fw.setFilter(rec.agentId, rec.resources, seconds);
  }
  core.scheduleAllocation();
}

function nanosToMs(n: number | string | undefined): number | undefined {
  return n === undefined ? undefined : Number(n) / 1e6;
}

export function kill(core: MasterCore, fw: Framework, body: NonNullable<Call['kill']>): void {
  const tid = body.task_id.value;
  const task = fw.tasks.get(tid);
  if (!task) {
    // The real master answers a kill of an unknown task with a reconciliation of it.
    reconcileTasks(core, fw, [{ task_id: body.task_id, ...(body.agent_id ? { agent_id: body.agent_id } : {}) }]);
    return;
  }
  const agent = core.agentsById.get(task.agentId);
  if (!agent || agent.status !== 'connected') return;
  const graceMs =
    nanosToMs(body.kill_policy?.grace_period?.nanoseconds) ??
    nanosToMs(task.info.kill_policy?.grace_period?.nanoseconds) ??
    core.opts.killGracePeriodMs;
  agent.kill(fw.id, tid, graceMs);
}

export function acknowledge(core: MasterCore, fw: Framework, body: NonNullable<Call['acknowledge']>): void {
  const agent = core.agentsById.get(body.agent_id.value);
  if (!agent || agent.status !== 'connected') return; // the ack is lost; the agent will retry
  agent.acknowledge(fw.id, body.task_id.value, body.uuid);
}

export function shutdownExecutor(core: MasterCore, fw: Framework, body: NonNullable<Call['shutdown']>): void {
  // Command executors run exactly one task whose id is the executor id.
  const agent = core.agentsById.get(body.agent_id.value);
  agent?.kill(fw.id, body.executor_id.value, core.opts.killGracePeriodMs);
}
