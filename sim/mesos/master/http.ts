// The master's HTTP endpoints: /api/v1/scheduler with the real master's checks in the real order
// (auth 401, leader 307, 405, 400/415 content type, 400 validation, 406 Accept, stream ids, 403),
// plus /master/state, /master/redirect and /health.
import type http from 'node:http';
import { WireDecodeError, decodeCall, isWireFormat, type WireFormat } from '../../../proto/codec';
import { type Call } from '../json-form';
import { masterStateJson } from '../state-json';
import { dispatchCall, updateFramework, validateCall } from './calls';
import { type MasterCore } from './core';
import { subscribe } from './subscribe';

const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function reply(res: http.ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Checks HTTP Basic credentials; returns the principal, null when refused, undefined when auth is off. */
function authenticate(core: MasterCore, req: http.IncomingMessage): string | null | undefined {
  const creds = core.opts.credentials;
  if (!creds) return undefined;
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const principal = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  return creds.some((c) => c.principal === principal && c.secret === secret) ? principal : null;
}

/** Which stream encoding the Accept header allows: JSON wins; absent header means anything. */
function negotiate(accept: string | undefined): WireFormat | undefined {
  if (accept === undefined || accept.trim() === '') return JSON_TYPE;
  const allowed = (type: string): boolean =>
    accept.split(',').some((part) => {
      const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      if (q && Number(q.slice(2)) <= 0) return false;
      const [major] = type.split('/');
      return range === type || range === '*/*' || range === `${major}/*`;
    });
  if (allowed(JSON_TYPE)) return JSON_TYPE;
  if (allowed(PROTOBUF_TYPE)) return PROTOBUF_TYPE;
  return undefined;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function redirectTo(core: MasterCore, res: http.ServerResponse, pathname: string): void {
  const host = core.leader ? core.leader.host : `${core.opts.hostname}:${core.port}`;
  reply(res, 307, '', { Location: `//${host}${pathname}` });
}

async function scheduler(core: MasterCore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const principal = authenticate(core, req);
  if (principal === null) {
    req.resume();
    return reply(res, 401, '', { 'WWW-Authenticate': 'Basic realm="mesos-master-scheduler"' });
  }
  if (core.leader) return redirectTo(core, res, '/api/v1/scheduler');
  if (req.method !== 'POST') {
    req.resume();
    return reply(res, 405, `Expecting one of { 'POST' }, but received '${req.method}'`, { Allow: 'POST' });
  }
  const body = await readBody(req);
  const contentType = req.headers['content-type'];
  if (contentType === undefined) return reply(res, 400, "Expecting 'Content-Type' to be present");
  if (!isWireFormat(contentType))
    return reply(res, 415, `Expecting 'Content-Type' of ${JSON_TYPE} or ${PROTOBUF_TYPE}`);
  let call: Call;
  try {
    call = decodeCall(body, contentType);
  } catch (e) {
    if (!(e instanceof WireDecodeError)) throw e;
    const what =
      contentType === JSON_TYPE
        ? 'Failed to convert JSON into Call protobuf'
        : 'Failed to parse body into Call protobuf';
    return reply(res, 400, `${what}: ${e.message}`);
  }
  const invalid = validateCall(call);
  if (invalid) return reply(res, 400, `Failed to validate scheduler::Call: ${invalid}`);
  const principalMismatch = (declared: string | undefined): string | undefined =>
    principal !== undefined && declared !== undefined && declared !== principal
      ? `Authenticated principal '${principal}' does not match principal '${declared}' set in \`FrameworkInfo\``
      : undefined;

  if (call.type === 'SUBSCRIBE') {
    const format = negotiate(req.headers.accept);
    if (!format) return reply(res, 406, `Expecting 'Accept' to allow '${PROTOBUF_TYPE}' or '${JSON_TYPE}'`);
    if (req.headers['mesos-stream-id'] !== undefined)
      return reply(res, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
    const mismatch = principalMismatch(call.subscribe?.framework_info.principal);
    if (mismatch) return reply(res, 400, mismatch);
    return subscribe(core, call, res, format, principal);
  }

  const fwId = call.framework_id?.value ?? '';
  const fw = core.frameworks.get(fwId);
  if (!fw) return reply(res, 400, 'Framework cannot be found');
  const mismatch = principalMismatch(fw.info.principal);
  if (mismatch) return reply(res, 400, mismatch);
  if (!fw.connected) return reply(res, 403, 'Framework is not subscribed');
  const streamId = req.headers['mesos-stream-id'];
  if (streamId === undefined)
    return reply(res, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  if (streamId !== fw.stream?.streamId) {
    return reply(
      res,
      400,
      `The stream ID '${String(streamId)}' included in this request didn't match the stream ID currently associated with framework ID ${fw.id}`
    );
  }
  if (call.type === 'UNKNOWN') return reply(res, 501);
  if (call.type === 'UPDATE_FRAMEWORK') {
    const refused = updateFramework(core, fw, call);
    return refused ? reply(res, 400, refused) : reply(res, 200);
  }
  reply(res, 202);
  // 202 means queued: the effects follow as events, after the response.
  setImmediate(() => dispatchCall(core, fw, call));
}

export function handleMasterRequest(core: MasterCore, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const fail = (e: unknown): void => {
    if (!res.headersSent) reply(res, 500, e instanceof Error ? e.message : String(e));
    else res.destroy();
  };
  if (p === '/api/v1/scheduler') {
    scheduler(core, req, res).catch(fail);
    return;
  }
  req.resume();
  if (p === '/master/redirect' || p === '/redirect') return redirectTo(core, res, '');
  if (p.startsWith('/master/redirect/') || p.startsWith('/redirect/')) return reply(res, 404);
  if (p === '/health' || p === '/master/health') return reply(res, 200);
  if (['/master/state', '/state', '/master/state.json', '/state.json'].includes(p)) {
    if (core.leader) return redirectTo(core, res, p);
    const body = JSON.stringify(masterStateJson(core));
    return reply(res, 200, body, { 'Content-Type': 'application/json' });
  }
  reply(res, 404);
}
