// Maps an authenticated /api request to the cluster; returns the JSON value to send with 200.
// Errors are thrown as ScaleioError (MDM refusals 500, bad params 400) or NotFound (404).
import { type ScaleioCluster } from '../scaleio';
import { runAction } from './actions';
import { create } from './creates';
import { type Body } from './params';
import * as q from './queries';

export class RouteNotFound extends Error {}

const TYPE = '([A-Za-z]+)';
const OBJ = '([A-Za-z]+)::([0-9A-Fa-f]+)';
const NAME = '([A-Za-z]+)';

export function route(c: ScaleioCluster, apiVersion: string, method: string, path: string, body: Body): unknown {
  const m = (re: string) => new RegExp(`^${re}/?$`).exec(path);
  let g: RegExpExecArray | null;
  if (method === 'GET') {
    if (m('/api/version')) return apiVersion;
    if (m('/api/instances')) return q.allInstances(c);
    if ((g = m(`/api/types/${TYPE}/instances`))) {
      const list = q.listType(c, g[1]!);
      if (!list) throw new RouteNotFound(`unknown type ${g[1]}`);
      return list;
    }
    if ((g = m(`/api/instances/${OBJ}`))) return q.getOne(c, g[1]!, g[2]!);
    if ((g = m(`/api/instances/${OBJ}/relationships/${NAME}`))) return q.relationship(c, g[1]!, g[2]!, g[3]!);
  }
  if (method === 'POST') {
    if (m('/api/instances/querySelectedStatistics')) return q.querySelectedStatistics(c, body);
    if (m('/api/instances/System/queryMdmCluster')) return c.queryMdmCluster();
    if ((g = m(`/api/instances/System/action/${NAME}`))) return runAction(c, 'System', '', g[1]!, body);
    if ((g = m(`/api/types/${TYPE}/instances`))) return { id: create(c, g[1]!, body) };
    if ((g = m(`/api/types/${TYPE}/instances/action/queryIdByKey`))) return q.queryIdByKey(c, g[1]!, body);
    if ((g = m(`/api/types/${TYPE}/instances/action/querySelectedStatistics`))) {
      return q.typeQuerySelectedStatistics(c, g[1]!, body);
    }
    if ((g = m(`/api/instances/${OBJ}/action/${NAME}`))) {
      if (g[1] !== 'System') q.getOne(c, g[1]!, g[2]!); // unknown id: the type's not-found error first
      return runAction(c, g[1]!, g[2]!, g[3]!, body);
    }
  }
  throw new RouteNotFound(`${method} ${path}`);
}
