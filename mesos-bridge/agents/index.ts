// Agent discovery of the bridge: who is out there, by hostname.
export { AgentTracker } from './agent-tracker';
export type { AgentTrackerEvents, AgentTrackerMetrics, DiscoveredAgent, DiscoveryReason } from './agent-tracker';
export { agentFromOffer, agentUrl, type AgentView } from './agent-view';
