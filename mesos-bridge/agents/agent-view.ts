// An agent as the bridge sees it, built from one of its offers: identity by hostname, the agent
// id as its current address, attributes as text, free resources, OS and the URL of its HTTP API.
import { attributeValue, resourceValue } from '../../proto/codec';
import type { Offer } from '../../proto/types';
import type { AgentInfo } from '../../common/agents';

export interface AgentView extends AgentInfo {
  /** Base URL of the agent's HTTP API (/files/read, /state), from the offer's url; undefined if absent. */
  url: string | undefined;
  /** When an offer from it last arrived (ms since the epoch). */
  lastOfferAt: number;
}

export function agentFromOffer(offer: Offer, now: number): AgentView {
  const attributes: Record<string, string> = {};
  for (const a of offer.attributes ?? []) {
    const v = attributeValue(offer.attributes, a.name);
    if (v !== undefined) attributes[a.name] = String(v);
  }
  const view: AgentView = {
    hostname: offer.hostname,
    agentId: offer.agent_id.value,
    attributes,
    resources: {
      cpus: resourceValue(offer.resources, 'cpus'),
      memMb: resourceValue(offer.resources, 'mem'),
      diskMb: resourceValue(offer.resources, 'disk'),
    },
    url: agentUrl(offer),
    lastOfferAt: now,
  };
  const family = attributes.os;
  if (family !== undefined) view.os = { family, version: attributes.os_version ?? '' };
  return view;
}

/** http://<address.ip>:<address.port> (falls back to address.hostname when no ip is given). */
export function agentUrl(offer: Offer): string | undefined {
  const u = offer.url;
  if (!u?.address?.port) return undefined;
  const host = u.address.ip ?? u.address.hostname;
  if (!host) return undefined;
  const scheme = u.scheme || 'http';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${u.address.port}`;
}

/** Attribute maps compare by content, key order aside. */
export function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}
