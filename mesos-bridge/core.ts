// BridgeCore: the bridge's Mesos side behind one facade. It listens to the SchedulerClient
// (offers, rescinds, updates, failures, subscriptions), keeps the agent view, the offer book and
// the persisted task table, and offers runTask / killTask / listAgents to the Temporal activities.
import { EventEmitter } from 'node:events';
import type { AgentGone } from '../common/agents';
import type { Offer, OfferID, TaskStatus } from '../proto/types';
import { AgentTracker, type AgentTrackerMetrics, type DiscoveredAgent } from './agents/agent-tracker';
import type { AgentView } from './agents/agent-view';
import { type BridgeCoreOptions, type ResolvedCoreOptions, resolveCoreOptions } from './core-options';
import { OfferBook } from './offers/offer-book';
import type { OfferMetrics } from './offers/types';
import type { FailureInfo, SchedulerEventMap } from './scheduler/events';
import { SchedulerClient } from './scheduler/client';
import type { SchedulerClientOptions } from './scheduler/options';
import type { SchedulerMetrics } from './scheduler/metrics';
import { AckGate } from './tasks/ack-gate';
import { Reconciler } from './tasks/reconciler';
import type { RunTaskInput } from './tasks/run-input';
import type { RunResult, RunTaskOptions } from './tasks/run-result';
import { TaskLauncher } from './tasks/task-launcher';
import { TaskTable } from './tasks/task-table';
import { TaskUpdates, type UpdateMetrics } from './tasks/task-updates';

export { BridgeConfigError, type BridgeCoreOptions } from './core-options';

export interface BridgeCoreEvents {
  discovered: [agent: DiscoveredAgent];
  gone: [gone: AgentGone];
}

export interface BridgeMetrics {
  offers: OfferMetrics;
  agents: AgentTrackerMetrics;
  tasks: UpdateMetrics & {
    inProgress: number;
    tableSize: number;
    tableWrites: number;
    unansweredReconciliations: number;
  };
  scheduler: SchedulerMetrics;
}

interface Parts {
  table: TaskTable;
  updates: TaskUpdates;
  reconciler: Reconciler;
  launcher: TaskLauncher;
}

type Listener<K extends keyof SchedulerEventMap> = (...args: SchedulerEventMap[K]) => void;

export class BridgeCore extends EventEmitter<BridgeCoreEvents> {
  /** Current agents by hostname; emits `discovered` / `gone` (also re-emitted by the core). */
  readonly agents = new AgentTracker();
  readonly offers: OfferBook;
  readonly client: SchedulerClient;
  private readonly gate: AckGate;
  private readonly stateDir: string;
  private readonly o: ResolvedCoreOptions;
  private parts: Parts | undefined;
  private readonly detach: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: BridgeCoreOptions) {
    super();
    this.o = resolveCoreOptions(options);
    this.client = options.client;
    this.gate = options.ackGate;
    this.stateDir = options.stateDir;
    this.offers = new OfferBook(this.client, options.offers, options.logger);
    this.agents.on('discovered', (a) => this.emit('discovered', a));
    this.agents.on('gone', (g) => this.emit('gone', g));
  }

  /**
   * Loads the task table, attaches to the client and starts it if it is idle (resolving at its
   * first SUBSCRIBED); with a client already subscribed, reconciles at once.
   */
  async start(): Promise<void> {
    if (this.parts || this.closed) throw new Error(`BridgeCore.start: ${this.closed ? 'closed' : 'already started'}`);
    const { o, client } = this;
    const logger = this.options.logger;
    const table = await TaskTable.open(this.stateDir, { maxFinished: o.maxFinishedTasks });
    const reconciler = new Reconciler(
      client,
      table,
      {
        retryMs: o.reconcileRetryMs,
        retryMaxMs: o.reconcileRetryMaxMs,
        implicitIntervalMs: o.implicitReconcileIntervalMs,
      },
      logger
    );
    const updates = new TaskUpdates(table, client, reconciler, o.orphanPrefix, logger);
    const launcher = new TaskLauncher(
      {
        table,
        updates,
        book: this.offers,
        calls: client,
        reconciler,
        agents: this.agents,
        killWaitMs: o.killWaitMs,
        outputCapBytes: o.outputCapBytes,
        ...(logger ? { logger } : {}),
      },
      { timeoutMs: o.taskTimeoutMs, offerTimeoutMs: o.offerWaitTimeoutMs },
      logger
    );
    const parts: Parts = { table, updates, reconciler, launcher };
    this.parts = parts;
    this.gate.bind((status) => updates.apply(status));
    this.listen('subscribed', () => this.onSubscribed(parts));
    this.listen('offers', (offers: Offer[]) => {
      this.agents.observe(offers);
      this.offers.onOffers(offers);
    });
    this.listen('rescind', (id: OfferID) => this.offers.onRescind(id.value));
    this.listen('update', (status: TaskStatus) => {
      updates.apply(status).catch((err: unknown) => logger?.error('cannot record a task update', { error: err }));
    });
    this.listen('failure', (f: FailureInfo) => {
      // Without an executor id the FAILURE is about the agent itself (removed or unreachable).
      if (f.agentId && !f.executorId) this.agents.agentLost(f.agentId.value, 'agent removed by the master');
    });
    if (client.state === 'idle') await client.start();
    else if (client.isSubscribed) this.onSubscribed(parts);
  }

  runTask(input: RunTaskInput, options?: RunTaskOptions): Promise<RunResult> {
    return this.started().launcher.runTask(input, options);
  }

  /** Kills the task's live attempt (runTask waiting on it rejects with TaskKilledError); false if none. */
  killTask(taskId: string): Promise<boolean> {
    return this.started().launcher.killTask(taskId);
  }

  listAgents(): AgentView[] {
    return this.agents.list();
  }

  metrics(): BridgeMetrics {
    const p = this.started();
    return {
      offers: this.offers.metrics(),
      agents: this.agents.metrics(),
      tasks: {
        ...p.updates.metrics(),
        inProgress: p.launcher.inProgress,
        tableSize: p.table.size,
        tableWrites: p.table.writes,
        unansweredReconciliations: p.reconciler.unanswered,
      },
      scheduler: this.client.metrics(),
    };
  }

  /**
   * Stops: waiting runTasks reject with BridgeClosedError (their tasks keep running and are
   * reattached by the next bridge), updates stop being acknowledged, timers end; the client is
   * closed too unless `closeClient: false`.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parts?.launcher.close();
    this.parts?.reconciler.close();
    this.offers.close();
    this.gate.unbind();
    for (const off of this.detach.splice(0)) off();
    if (this.o.closeClient) await this.client.close();
    await this.parts?.table.close();
  }

  private onSubscribed(p: Parts): void {
    p.updates.onSubscribed();
    this.offers.onSubscribed();
    p.reconciler.onSubscribed();
  }

  private started(): Parts {
    if (!this.parts) throw new Error('BridgeCore: call start() first');
    return this.parts;
  }

  private listen<K extends keyof SchedulerEventMap>(name: K, fn: Listener<K>): void {
    const on = this.client.on.bind(this.client) as (n: K, l: Listener<K>) => unknown;
    const off = this.client.off.bind(this.client) as (n: K, l: Listener<K>) => unknown;
    on(name, fn);
    this.detach.push(() => off(name, fn));
  }
}

/** A SchedulerClient wired to a fresh AckGate, and the BridgeCore over it (not started). */
export function createBridgeCore(
  clientOptions: Omit<SchedulerClientOptions, 'autoAcknowledge'>,
  options: Omit<BridgeCoreOptions, 'client' | 'ackGate'>
): BridgeCore {
  const ackGate = new AckGate();
  const client = new SchedulerClient({ ...clientOptions, autoAcknowledge: ackGate.autoAcknowledge });
  return new BridgeCore({ ...options, client, ackGate });
}
