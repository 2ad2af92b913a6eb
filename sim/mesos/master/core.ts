// The master's state and the small helpers every call handler shares: lookups, master-generated
// (uuid-less) status updates, offer rescinds, and a debounced trigger of the allocation cycle.
import { type SimAgent } from '../agent/agent';
import { type MasterInfo, type TaskState, type TaskStatus, type TaskStatusReason } from '../json-form';
import { type ResolvedOptions } from '../options';
import { TaskLog } from '../task-log';
import { type Framework } from './framework';
import { OfferBook, type OfferRecord, allocate } from './offers';

export type RetiredAgentState = 'unreachable' | 'gone';

export class MasterCore {
  readonly frameworks = new Map<string, Framework>();
  readonly removedFrameworks = new Map<string, Framework>();
  readonly agentsByHost = new Map<string, SimAgent>();
  readonly agentsById = new Map<string, SimAgent>();
  /** Agent ids no longer in use (after a reboot under a new id, or removal). */
  readonly retiredAgents = new Map<string, RetiredAgentState>();
  readonly offers: OfferBook;
  readonly taskLog = new TaskLog();
  readonly startTime = Date.now() / 1000;
  port = 0;
  /** When set, this master is not the leader and redirects to this URL's host:port. */
  leader: URL | undefined;
  private frameworkSeq = 0;
  private agentSeq = 0;
  private allocationRound = 0;
  private allocationPending: NodeJS.Immediate | undefined;

  constructor(
    readonly opts: ResolvedOptions,
    readonly masterId: string,
    readonly workDir: string
  ) {
    this.offers = new OfferBook(masterId, opts.offerTimeoutMs, (o) => this.rescind(o));
  }

  get masterInfo(): MasterInfo {
    const host = this.opts.hostname;
    return {
      id: this.masterId,
      ip: 0x0100007f, // 127.0.0.1 as the uint32 Mesos stores (network byte order read as little-endian)
      port: this.port,
      pid: `master@127.0.0.1:${this.port}`,
      hostname: host,
      version: '1.11.0',
      address: { hostname: host, ip: '127.0.0.1', port: this.port },
    };
  }

  newFrameworkId(): string {
    return `${this.masterId}-${String(this.frameworkSeq++).padStart(4, '0')}`;
  }

  newAgentId(): string {
    return `${this.masterId}-S${this.agentSeq++}`;
  }

  /** Sends a SOURCE_MASTER update (no uuid: it is never acknowledged). */
  masterUpdate(
    fw: Framework,
    taskId: string,
    state: TaskState,
    reason: TaskStatusReason,
    message: string,
    agentId?: string
  ): TaskStatus {
    const status: TaskStatus = {
      task_id: { value: taskId },
      state,
      message,
      source: 'SOURCE_MASTER',
      reason,
      timestamp: Date.now() / 1000,
    };
    if (agentId !== undefined) status.agent_id = { value: agentId };
    fw.send({ type: 'UPDATE', update: { status } });
    return status;
  }

  /** Withdraws an offer and tells its framework (offer timeout, agent loss, re-subscribe). */
  rescind(offer: OfferRecord): void {
    const fw = this.frameworks.get(offer.frameworkId);
    if (!this.offers.remove(offer.id, fw)) return;
    fw?.send({ type: 'RESCIND', rescind: { offer_id: { value: offer.id } } });
    this.scheduleAllocation();
  }

  /** Drops a framework's offers without telling it (it is disconnected or being removed). */
  removeOffersOf(fw: Framework): void {
    for (const id of [...fw.offerIds]) this.offers.remove(id, fw);
    this.scheduleAllocation();
  }

  rescindOffersOf(fw: Framework): void {
    for (const id of [...fw.offerIds]) {
      const rec = this.offers.get(id);
      if (rec) this.rescind(rec);
      else fw.offerIds.delete(id);
    }
  }

  /** Runs an allocation pass soon (coalescing bursts of triggers into one pass). */
  scheduleAllocation(): void {
    if (this.allocationPending || this.leader) return;
    this.allocationPending = setImmediate(() => this.allocateNow());
  }

  allocateNow(): void {
    if (this.allocationPending) clearImmediate(this.allocationPending);
    this.allocationPending = undefined;
    if (this.leader) return;
    allocate(this.offers, [...this.frameworks.values()], this.agentsByHost.values(), this.allocationRound++);
  }

  cancelAllocation(): void {
    if (this.allocationPending) clearImmediate(this.allocationPending);
    this.allocationPending = undefined;
  }
}
