// Where a node's storage goes, read from its Mesos agent attributes with the old framework's syntax:
//   scaleio-sds-domains = pd1            the protection domain of the node's SDS
//   scaleio-sds-<pd>    = sp1,sp2        its storage pools
//   scaleio-sds-<sp>    = /dev/xvdf,...  the devices of each pool (only these: no auto-discovery on such a node)
//   scaleio-sdc-domains = pd1 ; scaleio-sdc-<pd> = sp1   the pool REX-Ray provisions from on this node
// Unlike the old framework, SDC attributes never create an SDS, and the SDC pool really is used for REX-Ray.
// Pure: workflows and activities both call it.
import type { FieldProblem } from './errors';

export interface PoolDevices {
  storagePool: string;
  /** Declared device paths (imperative node). */
  devices: string[];
}

export interface NodeLayout {
  /** True when any scaleio-sds-* / scaleio-sdc-* attribute is set: only declared devices are used. */
  imperative: boolean;
  /** Absent on a client-only node (SDC attributes, no SDS attributes): it gets no SDS. */
  sds?: { protectionDomain: string; pools: PoolDevices[] };
  /** The pool REX-Ray uses on this node. */
  volumes: { protectionDomain: string; storagePool: string };
  problems: FieldProblem[];
}

const NAME = /^[A-Za-z0-9_.-]{1,31}$/;
const DEVICE = /^\/dev\/(?!.*\.\.)[A-Za-z0-9_./-]{1,64}$/;

/** A text attribute as a list: "a,b", "{a,b}" (a Mesos set) or "a". */
function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

export function nodeLayout(
  attributes: Readonly<Record<string, string>>,
  defaults: { protectionDomain: string; storagePool: string }
): NodeLayout {
  const problems: FieldProblem[] = [];
  const names = (attr: string, re: RegExp, what: string) => {
    const values = list(attributes[attr]);
    for (const v of values)
      if (!re.test(v)) problems.push({ field: `attributes.${attr}`, problem: `${JSON.stringify(v)} is not ${what}` });
    return values.filter((v) => re.test(v));
  };
  const imperative = Object.keys(attributes).some((k) => k.startsWith('scaleio-sds-') || k.startsWith('scaleio-sdc-'));

  const sdsDomains = names('scaleio-sds-domains', NAME, 'a protection domain name');
  if (sdsDomains.length > 1)
    problems.push({
      field: 'attributes.scaleio-sds-domains',
      problem: `lists ${sdsDomains.join(', ')}: an SDS (one per node IP) belongs to exactly one protection domain`,
    });
  const pd = sdsDomains[0] ?? defaults.protectionDomain;
  const poolNames = sdsDomains.length ? names(`scaleio-sds-${pd}`, NAME, 'a storage pool name') : [];
  const pools: PoolDevices[] = (poolNames.length ? poolNames : [defaults.storagePool]).map((sp) => ({
    storagePool: sp,
    devices: imperative ? names(`scaleio-sds-${sp}`, DEVICE, 'a device path under /dev') : [],
  }));
  const declaredAny = pools.some((p) => list(attributes[`scaleio-sds-${p.storagePool}`]).length > 0);
  if (imperative && sdsDomains.length && !declaredAny)
    problems.push({
      field: `attributes.scaleio-sds-${pools[0]?.storagePool ?? defaults.storagePool}`,
      problem: 'an imperative node must declare its devices (scaleio-sds-<pool> = /dev/...)',
    });

  const sdcDomain = names('scaleio-sdc-domains', NAME, 'a protection domain name')[0];
  const sdcPool = sdcDomain ? names(`scaleio-sdc-${sdcDomain}`, NAME, 'a storage pool name')[0] : undefined;
  const volumes =
    sdcDomain && sdcPool
      ? { protectionDomain: sdcDomain, storagePool: sdcPool }
      : { protectionDomain: pd, storagePool: pools[0]?.storagePool ?? defaults.storagePool };
  const clientOnly = imperative && sdsDomains.length === 0;
  return { imperative, ...(clientOnly ? {} : { sds: { protectionDomain: pd, pools } }), volumes, problems };
}

/** The MDM role an agent is pinned to with `scaleio-persona`, if any. */
export function personaOf(
  attributes: Readonly<Record<string, string>>
): 'primary' | 'secondary' | 'tiebreaker' | undefined {
  const v = attributes['scaleio-persona'];
  return v === 'primary' || v === 'secondary' || v === 'tiebreaker' ? v : undefined;
}
