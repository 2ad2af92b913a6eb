// The control API as a plain request handler: POST /sim/shim/<tool> runs one shimmed command against
// the node registry and the cluster model; GET /sim/state returns the whole simulated world.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { NodeNotFoundError } from '../nodes';
import { connectPendingSdcs } from './engine/sdc';
import { commandNotFound } from './result';
import { TOOLS } from './tools';
import { type ControlDeps, type ShimRequest, type ShimResult } from './types';

const MAX_BODY = 8 * 1024 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Checks the shim's JSON body; returns the problem naming the field. */
export function validateShimRequest(x: unknown): ShimRequest | string {
  const r = x as Partial<ShimRequest> | null;
  if (!r || typeof r !== 'object') return 'body: must be a JSON object';
  if (typeof r.hostname !== 'string' || r.hostname === '') return 'hostname: must be a non-empty string (SIM_HOSTNAME)';
  if (!Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string')) return 'argv: must be an array of strings';
  if (!r.env || typeof r.env !== 'object') return 'env: must be an object';
  if (typeof r.cwd !== 'string' || !r.cwd.startsWith('/')) return 'cwd: must be an absolute path';
  if (r.stdin !== undefined && typeof r.stdin !== 'string') return 'stdin: must be a string';
  return r as ShimRequest;
}

/** Runs one tool call; hooks queued with later() run after `respond`. */
export function runShim(deps: ControlDeps, tool: string, req: ShimRequest, respond: (r: ShimResult) => void): void {
  const def = TOOLS[tool];
  const node = deps.registry.get(req.hostname);
  const queued: (() => void)[] = [];
  let result: ShimResult;
  if (!def || (def.available && !def.available(node)) || node.rebooting) result = commandNotFound(tool);
  else {
    result = def.run({
      tool,
      args: req.argv,
      env: req.env,
      cwd: req.cwd,
      stdin: req.stdin ?? '',
      node,
      deps,
      later: (fn) => queued.push(fn),
    });
    connectPendingSdcs(deps);
  }
  respond(result);
  deps.onShimCall?.(req, tool, result);
  for (const fn of queued) fn();
}

export function createControlHandler(deps: ControlDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname === '/sim/state') {
      connectPendingSdcs(deps);
      return json(res, 200, {
        nodes: deps.registry.snapshot(),
        scaleio: deps.cluster.snapshot(),
        installLog: deps.registry.installLog.list(),
        ...(deps.extraState?.() ?? {}),
      });
    }
    const m = /^\/sim\/shim\/([A-Za-z0-9_.-]+)$/.exec(url.pathname);
    if (!m) return json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      return json(res, 400, { error: `body: ${(e as Error).message}` });
    }
    const shimReq = validateShimRequest(body);
    if (typeof shimReq === 'string') return json(res, 400, { error: shimReq });
    try {
      runShim(deps, m[1]!, shimReq, (r) => json(res, 200, r));
    } catch (e) {
      if (e instanceof NodeNotFoundError) return json(res, 404, { error: e.message });
      if (!res.headersSent) json(res, 500, { error: (e as Error).message });
    }
  };
  return (req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) json(res, 500, { error: e.message });
    });
  };
}
