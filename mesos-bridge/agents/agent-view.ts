// An agent as the bridge sees it, built from one of its offers: identity by hostname, the agent
// id as its current address, attributes as text, free resources, OS and the URL of its HTTP API.
import { attributeValue } from '../../proto/codec';
import type { Attribute, Offer, Resource } from '../../proto/types';
import type { AgentInfo } from '../../common/agents';

export interface AgentView extends AgentInfo {
  /** Base URL of the agent's HTTP API (/files/read, /state), from the offer's url; undefined if absent. */
  url: string | undefined;
  /** When an offer from it last arrived (ms since the epoch). */
  lastOfferAt: number;
}

export function agentFromOffer(offer: Offer, now: number): AgentView {
  const view: AgentView = {
    hostname: offer.hostname,
    agentId: offer.agent_id.value,
    attributes: attributesAsText(offer.attributes),
    resources: freeResources(offer.resources),
    url: agentUrl(offer),
    lastOfferAt: now,
  };
  const family = view.attributes.os;
  if (family !== undefined) view.os = { family, version: view.attributes.os_version ?? '' };
  return view;
}

/** Attribute values as text, in one pass; the first attribute of a name wins, as in `attributeValue`. */
function attributesAsText(list: readonly Attribute[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!list) return out;
  let blank: Set<string> | undefined; // names whose first attribute had no value: later ones do not count
  for (const a of list) {
    if (Object.hasOwn(out, a.name) || blank?.has(a.name)) continue;
    const v = attributeValue([a], a.name);
    if (v !== undefined) out[a.name] = String(v);
    else (blank ??= new Set()).add(a.name);
  }
  return out;
}

/** Sums of the cpus/mem/disk SCALAR resources (all roles), in one pass, as `resourceValue` would give them. */
function freeResources(list: readonly Resource[] | undefined): AgentView['resources'] {
  let cpus = 0;
  let memMb = 0;
  let diskMb = 0;
  for (const r of list ?? []) {
    if (r.type !== 'SCALAR') continue;
    const v = r.scalar?.value ?? 0;
    if (r.name === 'cpus') cpus += v;
    else if (r.name === 'mem') memMb += v;
    else if (r.name === 'disk') diskMb += v;
  }
  return { cpus, memMb, diskMb };
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
