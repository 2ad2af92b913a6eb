// Read side of the gateway: lists, single objects, relationships, queryIdByKey, statistics.
import { badRequest, mdmError, type ScaleioCluster } from '../scaleio';
import { getSds } from '../scaleio/lookup';
import { requireMdm } from '../scaleio/mdm';
import { getPd, getSp } from '../scaleio/topology';
import { getSdc, getVolume } from '../scaleio/volumes';
import { type Body, strList } from './params';
import * as r from './render';

type Json = Record<string, unknown>;
const ids = (o: Record<string, unknown>) => Object.keys(o);

const RENDER: Record<string, (c: ScaleioCluster, id: string) => Json> = {
  ProtectionDomain: r.renderProtectionDomain,
  StoragePool: r.renderStoragePool,
  Sds: r.renderSds,
  Device: r.renderDevice,
  Sdc: r.renderSdc,
  Volume: r.renderVolume,
};

/** Ids of all objects of a type, or undefined for a type the gateway does not know. */
function allIds(c: ScaleioCluster, type: string): string[] | undefined {
  const s = c.ctx.state;
  const table: Record<string, Record<string, unknown>> = {
    ProtectionDomain: s.protectionDomains,
    StoragePool: s.storagePools,
    Sds: s.sds,
    Device: s.devices,
    Sdc: s.sdcs,
    Volume: s.volumes,
  };
  return table[type] ? ids(table[type]) : undefined;
}

export function listType(c: ScaleioCluster, type: string): Json[] | undefined {
  if (type === 'System') {
    const sys = r.renderSystem(c);
    return sys ? [sys] : [];
  }
  if (['FaultSet', 'VTree', 'RfcacheDevice', 'User'].includes(type)) return [];
  const list = allIds(c, type);
  return list?.map((id) => RENDER[type]!(c, id));
}

/** Checks existence with the MDM's own not-found error for that type. */
function requireObject(c: ScaleioCluster, type: string, id: string): void {
  const ctx = c.ctx;
  const check: Record<string, () => unknown> = {
    System: () => {
      requireMdm(ctx);
      if (ctx.state.system?.id !== id) throw mdmError('NOT_FOUND');
    },
    ProtectionDomain: () => getPd(ctx, id),
    StoragePool: () => getSp(ctx, id),
    Sds: () => getSds(ctx, id),
    Device: () => c.requireDevice(id),
    Sdc: () => getSdc(ctx, id),
    Volume: () => getVolume(ctx, id),
  };
  const fn = check[type];
  if (!fn) throw badRequest('type', `unknown type ${type}`);
  fn();
}

export function getOne(c: ScaleioCluster, type: string, id: string): Json {
  requireObject(c, type, id);
  return type === 'System' ? r.renderSystem(c)! : RENDER[type]!(c, id);
}

export function relationship(c: ScaleioCluster, type: string, id: string, child: string): unknown {
  requireObject(c, type, id);
  if (child === 'Statistics') return c.statistics(type, id);
  const s = c.ctx.state;
  const pick = (t: string, pred: (x: string) => boolean) =>
    (allIds(c, t) ?? []).filter(pred).map((x) => RENDER[t]!(c, x));
  const key = `${type}/${child}`;
  switch (key) {
    case 'System/ProtectionDomain':
      return pick('ProtectionDomain', () => true);
    case 'System/Sdc':
      return pick('Sdc', () => true);
    case 'ProtectionDomain/StoragePool':
      return pick('StoragePool', (x) => s.storagePools[x]?.protectionDomainId === id);
    case 'ProtectionDomain/Sds':
      return pick('Sds', (x) => s.sds[x]?.protectionDomainId === id);
    case 'StoragePool/Device':
      return pick('Device', (x) => s.devices[x]?.storagePoolId === id);
    case 'StoragePool/Volume':
      return pick('Volume', (x) => s.volumes[x]?.storagePoolId === id);
    case 'StoragePool/SpSds':
      return pick('Sds', (x) => Object.values(s.devices).some((d) => d.sdsId === x && d.storagePoolId === id));
    case 'Sds/Device':
      return pick('Device', (x) => s.devices[x]?.sdsId === id);
    case 'Sdc/Volume':
      return pick('Volume', (x) => s.volumes[x]?.mappedSdcIds.includes(id) ?? false);
    case 'System/User':
    case 'ProtectionDomain/FaultSet':
    case 'StoragePool/VTree':
    case 'Sds/RfcacheDevice':
      return [];
    default:
      throw badRequest('relationship', `${type} has no relationship ${child}`);
  }
}

export function queryIdByKey(c: ScaleioCluster, type: string, body: Body): string {
  const s = c.ctx.state;
  const name = typeof body.name === 'string' ? body.name : undefined;
  let found: string | undefined;
  if (type === 'Sdc' && (body.ip !== undefined || body.guid !== undefined)) {
    found = Object.values(s.sdcs).find((x) => x.sdcIp === body.ip || x.sdcGuid === body.guid)?.id;
  } else if (name === undefined) {
    throw badRequest('name', 'required, a non-empty string');
  } else if (type === 'System') {
    found = s.system?.name === name ? s.system.id : undefined;
  } else {
    const list = allIds(c, type);
    if (!list) throw badRequest('type', `unknown type ${type}`);
    found = list.find((x) => (RENDER[type]!(c, x).name as string | null) === name);
  }
  if (!found) throw mdmError('NOT_FOUND');
  return found;
}

function selectProps(stats: Json, props: string[]): Json {
  if (props.length === 0) return stats;
  return Object.fromEntries(props.map((p) => [p, stats[p] ?? null]));
}

/** One {"type","ids"|"allIds","properties"} entry of querySelectedStatistics. */
function selectedFor(c: ScaleioCluster, type: string, sel: Body): Json {
  const props = strList(sel, 'properties');
  if (type === 'System') return selectProps(c.statistics('System'), props);
  const list = sel.allIds !== undefined ? allIds(c, type) : strList(sel, 'ids');
  if (!list) throw badRequest('type', `unknown type ${type}`);
  return Object.fromEntries(list.map((id) => [id, selectProps(c.statistics(type, id), props)]));
}

export function querySelectedStatistics(c: ScaleioCluster, body: Body): Json {
  const list = body.selectedStatisticsList;
  if (!Array.isArray(list)) throw badRequest('selectedStatisticsList', 'required, an array');
  const out: Json = {};
  list.forEach((item: unknown, i) => {
    const sel = (item ?? {}) as Body;
    if (typeof sel.type !== 'string') throw badRequest(`selectedStatisticsList[${i}].type`, 'required, a type name');
    out[sel.type] = selectedFor(c, sel.type, sel);
  });
  return out;
}

export function typeQuerySelectedStatistics(c: ScaleioCluster, type: string, body: Body): Json {
  return selectedFor(c, type, body);
}

/** GET /api/instances: everything at once, in the shape of the real 2.6 sample. */
export function allInstances(c: ScaleioCluster): Json {
  const l = (t: string) => listType(c, t) ?? [];
  return {
    System: r.renderSystem(c),
    protectionDomainList: l('ProtectionDomain'),
    storagePoolList: l('StoragePool'),
    sdsList: l('Sds'),
    deviceList: l('Device'),
    sdcList: l('Sdc'),
    volumeList: l('Volume'),
    vTreeList: [],
    faultSetList: [],
    rfcacheDeviceList: [],
    isDirty: false,
    sessionTag: 1,
    lastSystemVersion: 1,
  };
}
