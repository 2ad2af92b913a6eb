// The bridge's Prometheus families, read from its parts at scrape time.
import type { BridgeCore } from './core';
import { flatSamples, nestedSamples, type MetricFamily } from './ops/prometheus';
import type { DiscoveryForwarder } from './temporal/discovery';

export function bridgeMetrics(core: BridgeCore, forwarder: DiscoveryForwarder): MetricFamily[] {
  const m = core.metrics();
  const o = m.offers;
  const s = m.scheduler;
  const counter = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help,
    type: 'counter',
    samples: [{ value }],
  });
  const gauge = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    samples: [{ value }],
  });
  return [
    {
      name: 'scaleio_bridge_offers_total',
      help: 'Offers received from Mesos, by what the bridge did with them.',
      type: 'counter',
      samples: flatSamples(
        { received: o.received, declined: o.declined, used: o.used, rescinded: o.rescinded },
        'outcome'
      ),
    },
    gauge(
      'scaleio_bridge_subscribed',
      '1 while the bridge holds a subscription to the leading Mesos master, else 0.',
      core.client.isSubscribed ? 1 : 0
    ),
    gauge('scaleio_bridge_offers_held', 'Offers held right now (should stay 0 when nothing is pending).', o.heldNow),
    gauge(
      'scaleio_bridge_offer_hold_ms_median',
      'Median time an offer was held before the answer, ms.',
      o.holdMs.median
    ),
    gauge('scaleio_bridge_offer_hold_ms_max', 'Longest time an offer was held, ms.', o.holdMs.max),
    gauge('scaleio_bridge_pending_launches', 'Launch requests waiting for an offer.', o.pendingRequests),
    gauge('scaleio_bridge_tasks_in_progress', 'Tasks launched and not yet finished.', m.tasks.inProgress),
    counter('scaleio_bridge_task_updates_total', 'Task status updates handled.', m.tasks.updates),
    counter(
      'scaleio_bridge_orphans_killed_total',
      'Unknown tasks with our prefix killed after reconciliation.',
      m.tasks.orphansKilled
    ),
    counter('scaleio_bridge_reconnects_total', 'Re-subscriptions to the Mesos master.', s.reconnects),
    counter('scaleio_bridge_heartbeat_timeouts_total', 'Streams given up for missed heartbeats.', s.heartbeatTimeouts),
    {
      name: 'scaleio_bridge_events_total',
      help: 'Scheduler events by type.',
      type: 'counter',
      samples: flatSamples(s.eventsByType, 'type'),
    },
    {
      name: 'scaleio_bridge_calls_total',
      help: 'Scheduler calls by type and answer.',
      type: 'counter',
      samples: nestedSamples(s.callsByType, 'type', 'status'),
    },
    counter('scaleio_bridge_signals_sent_total', 'Signals delivered to the cluster supervisor.', forwarder.signalsSent),
    counter(
      'scaleio_bridge_signal_failures_total',
      'Signal attempts that failed and were retried.',
      forwarder.signalFailures
    ),
    gauge('scaleio_bridge_agents', 'Agents currently known.', core.listAgents().length),
  ];
}
