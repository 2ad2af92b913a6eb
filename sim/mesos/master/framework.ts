// A framework as the master knows it: identity, connection, roles and suppression, offer
// filters per agent, and its tasks (live, unreachable, completed).
import { type Event, type FrameworkInfo, type TaskInfo, type TaskState, type TaskStatus } from '../json-form';
import { type ResourceBag, bagContains } from '../resources';
import { type SubscriptionStream } from './stream';

export interface MasterTask {
  frameworkId: string;
  agentId: string;
  info: TaskInfo;
  role: string;
  resources: ResourceBag;
  state: TaskState;
  statuses: TaskStatus[];
  /** Latest status from the agent (what reconciliation reports). */
  latest: TaskStatus | undefined;
}

interface OfferFilter {
  /** Resources refused: an offer that fits inside them is not made before `until`. */
  refused: ResourceBag;
  until: number;
}

const MAX_COMPLETED_TASKS = 1000;

export class Framework {
  stream: SubscriptionStream | undefined;
  registeredTime = Date.now() / 1000;
  reregisteredTime: number | undefined;
  unregisteredTime: number | undefined;
  failoverTimer: NodeJS.Timeout | undefined;
  readonly tasks = new Map<string, MasterTask>();
  readonly unreachableTasks = new Map<string, MasterTask>();
  readonly completedTasks: MasterTask[] = [];
  readonly offerIds = new Set<string>();
  readonly suppressedRoles = new Set<string>();
  private readonly filters = new Map<string, OfferFilter>();

  constructor(
    readonly id: string,
    public info: FrameworkInfo,
    /** The authenticated principal, when HTTP authentication is on. */
    public principal: string | undefined
  ) {}

  get connected(): boolean {
    return this.stream?.isOpen ?? false;
  }

  hasCapability(type: string): boolean {
    return (this.info.capabilities ?? []).some((c) => c.type === type);
  }

  get multiRole(): boolean {
    return this.hasCapability('MULTI_ROLE');
  }

  get partitionAware(): boolean {
    return this.hasCapability('PARTITION_AWARE');
  }

  get roles(): string[] {
    if (this.multiRole) return this.info.roles ?? [];
    return [this.info.role ?? '*'];
  }

  /** Roles that currently want offers. */
  get activeRoles(): string[] {
    return this.roles.filter((r) => !this.suppressedRoles.has(r));
  }

  send(ev: Event): void {
    this.stream?.send(ev);
  }

  setFilter(agentId: string, refused: ResourceBag, seconds: number): void {
    if (seconds <= 0) return;
    this.filters.set(agentId, { refused, until: Date.now() + seconds * 1000 });
  }

  isFiltered(agentId: string, available: ResourceBag, now: number): boolean {
    const f = this.filters.get(agentId);
    if (!f) return false;
    if (now >= f.until) {
      this.filters.delete(agentId);
      return false;
    }
    return bagContains(f.refused, available);
  }

  clearFilters(): void {
    this.filters.clear();
  }

  complete(task: MasterTask): void {
    this.tasks.delete(task.info.task_id.value);
    this.unreachableTasks.delete(task.info.task_id.value);
    this.completedTasks.push(task);
    if (this.completedTasks.length > MAX_COMPLETED_TASKS) this.completedTasks.shift();
  }
}
