// The current view of every agent, by hostname. `discovered` fires for an agent seen for the first
// time, one whose attributes changed, and one that came back (or re-registered under a new id);
// `gone` fires when the master reports the agent removed. A steady stream of offers from known
// agents emits nothing, so listeners (signalWithStart to the supervisor) add no history.
import { EventEmitter } from 'node:events';
import type { Offer } from '../../proto/types';
import type { AgentGone } from '../../common/agents';
import { agentFromOffer, sameAttributes, type AgentView } from './agent-view';

export type DiscoveryReason = 'new' | 'changed' | 'returned' | 'new-agent-id';

export interface DiscoveredAgent extends AgentView {
  reason: DiscoveryReason;
}

export interface AgentTrackerEvents {
  discovered: [agent: DiscoveredAgent];
  gone: [gone: AgentGone];
}

interface Entry {
  view: AgentView;
  gone: boolean;
}

export interface AgentTrackerMetrics {
  known: number;
  gone: number;
  discoveredEvents: number;
  goneEvents: number;
}

export class AgentTracker extends EventEmitter<AgentTrackerEvents> {
  private readonly byHost = new Map<string, Entry>();
  private readonly hostById = new Map<string, string>();
  private discoveredEvents = 0;
  private goneEvents = 0;

  /** Updates the view from offers; emits `discovered` where something an owner cares about changed. */
  observe(offers: readonly Offer[]): void {
    const now = Date.now();
    for (const offer of offers) {
      const view = agentFromOffer(offer, now);
      const known = this.byHost.get(view.hostname);
      const reason = this.reasonFor(known, view);
      if (known && known.view.agentId !== view.agentId) this.hostById.delete(known.view.agentId);
      // Known hosts (the steady state) update their entry in place: no new entry, no map insertion.
      if (known) {
        known.view = view;
        known.gone = false;
      } else this.byHost.set(view.hostname, { view, gone: false });
      this.hostById.set(view.agentId, view.hostname);
      if (reason) {
        this.discoveredEvents++;
        this.emit('discovered', { ...view, reason });
      }
    }
  }

  /** The master removed the agent (FAILURE without executor id). Emits `gone` once. */
  agentLost(agentId: string, reason: string): void {
    const hostname = this.hostById.get(agentId);
    if (hostname === undefined) return;
    const entry = this.byHost.get(hostname);
    if (!entry || entry.gone || entry.view.agentId !== agentId) return;
    entry.gone = true;
    this.goneEvents++;
    this.emit('gone', { hostname, agentId, reason });
  }

  /** Agents currently present (not gone), sorted by hostname. */
  list(): AgentView[] {
    return [...this.byHost.values()]
      .filter((e) => !e.gone)
      .map((e) => ({ ...e.view }))
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  /** The agent on this host, if present. */
  get(hostname: string): AgentView | undefined {
    const e = this.byHost.get(hostname);
    return e && !e.gone ? { ...e.view } : undefined;
  }

  /** Last known HTTP API URL of the host, even if it is gone now. */
  lastUrl(hostname: string): string | undefined {
    return this.byHost.get(hostname)?.view.url;
  }

  hostnameOf(agentId: string): string | undefined {
    return this.hostById.get(agentId);
  }

  isGone(hostname: string): boolean {
    return this.byHost.get(hostname)?.gone ?? false;
  }

  metrics(): AgentTrackerMetrics {
    let gone = 0;
    for (const e of this.byHost.values()) if (e.gone) gone++;
    return {
      known: this.byHost.size - gone,
      gone,
      discoveredEvents: this.discoveredEvents,
      goneEvents: this.goneEvents,
    };
  }

  private reasonFor(known: Entry | undefined, view: AgentView): DiscoveryReason | undefined {
    if (!known) return 'new';
    if (known.gone) return 'returned';
    if (known.view.agentId !== view.agentId) return 'new-agent-id';
    if (!sameAttributes(known.view.attributes, view.attributes)) return 'changed';
    return undefined;
  }
}
