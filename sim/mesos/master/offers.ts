// Offers: the book of outstanding offers (at most one per agent, covering all its free resources)
// and the allocation cycle that makes them. One cycle is a single pass over the agents, so its
// cost is O(agents × frameworks), and each framework gets one OFFERS event per cycle.
import { type SimAgent } from '../agent/agent';
import { type Offer } from '../json-form';
import { type ResourceBag, bagToResources, cloneBag } from '../resources';
import { type Framework } from './framework';

export interface OfferRecord {
  id: string;
  frameworkId: string;
  agentId: string;
  role: string;
  resources: ResourceBag;
  json: Offer;
  createdAt: number;
  timer: NodeJS.Timeout | undefined;
}

// The default allocator's min_allocatable_resources: an agent with less is not offered.
const MIN_CPUS = 0.01;
const MIN_MEM = 32;

export class OfferBook {
  private readonly offers = new Map<string, OfferRecord>();
  private readonly byAgent = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly masterId: string,
    private readonly timeoutMs: number | undefined,
    private readonly onTimeout: (offer: OfferRecord) => void
  ) {}

  get(offerId: string): OfferRecord | undefined {
    return this.offers.get(offerId);
  }

  forAgent(agentId: string): OfferRecord | undefined {
    const id = this.byAgent.get(agentId);
    return id === undefined ? undefined : this.offers.get(id);
  }

  all(): IterableIterator<OfferRecord> {
    return this.offers.values();
  }

  create(fw: Framework, agent: SimAgent, role: string, resources: ResourceBag): OfferRecord {
    const id = `${this.masterId}-O${this.seq++}`;
    const json: Offer = {
      id: { value: id },
      framework_id: { value: fw.id },
      agent_id: { value: agent.id },
      hostname: agent.hostname,
      // The agent's HTTP API (files, state) answers at address.ip:address.port, as on a real agent.
      url: {
        scheme: 'http',
        address: { hostname: agent.hostname, ip: '127.0.0.1', port: agent.httpPort },
        path: '/slave(1)',
      },
      resources: bagToResources(resources, fw.multiRole ? role : undefined),
      attributes: agent.attributes,
    };
    if (fw.multiRole) json.allocation_info = { role };
    const executors = [...agent.tasks.values()].filter((t) => t.frameworkId === fw.id && !t.runner.finished);
    if (executors.length > 0) json.executor_ids = executors.map((t) => ({ value: t.runner.executorId }));
    const rec: OfferRecord = {
      id,
      frameworkId: fw.id,
      agentId: agent.id,
      role,
      resources: cloneBag(resources),
      json,
      createdAt: Date.now(),
      timer: undefined,
    };
    if (this.timeoutMs !== undefined) {
      rec.timer = setTimeout(() => this.onTimeout(rec), this.timeoutMs);
      rec.timer.unref();
    }
    this.offers.set(id, rec);
    this.byAgent.set(agent.id, id);
    fw.offerIds.add(id);
    return rec;
  }

  /** Removes an offer (accepted, declined, rescinded); its resources are simply free again. */
  remove(offerId: string, fw: Framework | undefined): OfferRecord | undefined {
    const rec = this.offers.get(offerId);
    if (!rec) return undefined;
    clearTimeout(rec.timer);
    this.offers.delete(offerId);
    if (this.byAgent.get(rec.agentId) === offerId) this.byAgent.delete(rec.agentId);
    fw?.offerIds.delete(offerId);
    return rec;
  }

  clear(): void {
    for (const rec of this.offers.values()) clearTimeout(rec.timer);
    this.offers.clear();
    this.byAgent.clear();
  }
}

/**
 * One allocation pass: every connected agent without an outstanding offer is offered, whole, to
 * one framework that wants offers and has not filtered it; frameworks take turns across agents.
 */
export function allocate(
  book: OfferBook,
  frameworks: readonly Framework[],
  agents: Iterable<SimAgent>,
  round: number
): void {
  const wanting = frameworks.filter((f) => f.connected && f.activeRoles.length > 0);
  if (wanting.length === 0) return;
  const now = Date.now();
  const batches = new Map<Framework, Offer[]>();
  let turn = round;
  for (const agent of agents) {
    if (agent.status !== 'connected' || book.forAgent(agent.id)) continue;
    const free = agent.free;
    if (free.cpus < MIN_CPUS && free.mem < MIN_MEM) continue;
    for (let k = 0; k < wanting.length; k++) {
      const fw = wanting[(turn + k) % wanting.length];
      if (!fw || fw.isFiltered(agent.id, free, now)) continue;
      const roles = fw.activeRoles;
      const role = roles[turn % roles.length] ?? '*';
      const rec = book.create(fw, agent, role, free);
      const list = batches.get(fw) ?? [];
      list.push(rec.json);
      batches.set(fw, list);
      break;
    }
    turn++;
  }
  for (const [fw, offers] of batches) fw.send({ type: 'OFFERS', offers: { offers } });
}
