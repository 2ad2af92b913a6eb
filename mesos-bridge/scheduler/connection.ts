// HTTP plumbing to the master: one keep-alive agent pool for calls, a fresh dedicated agent per
// SUBSCRIBE stream (so pooled calls never queue behind it), Basic auth and exact headers.
import http from 'node:http';
import https from 'node:https';
import { type WireFormat } from '../../proto/codec';
import { MesosConnectionError } from './errors';
import { describeUrl } from './redirect';
import type { SchedulerCredentials, SchedulerTlsOptions } from './options';

export const STREAM_ID_HEADER = 'Mesos-Stream-Id';
const MAX_BODY_BYTES = 1024 * 1024;

export type AnyAgent = http.Agent | https.Agent;

export class Connections {
  private readonly callAgents = new Map<string, AnyAgent>();
  private readonly streamAgents = new Set<AnyAgent>();
  private readonly authorization: string | undefined;

  constructor(
    private readonly tls: SchedulerTlsOptions,
    credentials: SchedulerCredentials | undefined
  ) {
    this.authorization = credentials
      ? `Basic ${Buffer.from(`${credentials.principal}:${credentials.secret}`, 'utf8').toString('base64')}`
      : undefined;
  }

  /** Request headers; Content-Type is exactly the format (the master compares the whole string). */
  headers(format: WireFormat, body: Buffer, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = {
      'Content-Type': format,
      'Content-Length': String(body.length),
      ...extra,
    };
    if (this.authorization) h.Authorization = this.authorization;
    return h;
  }

  /** The pooled keep-alive agent for short calls to this URL's scheme. */
  callAgent(url: URL): AnyAgent {
    let agent = this.callAgents.get(url.protocol);
    if (!agent) {
      agent = this.newAgent(url, { keepAlive: true, maxSockets: 8 });
      this.callAgents.set(url.protocol, agent);
    }
    return agent;
  }

  /** A new agent owning exactly one connection: the caller destroys it when the stream ends. */
  streamAgent(url: URL): AnyAgent {
    const agent = this.newAgent(url, { keepAlive: true, maxSockets: 1 });
    this.streamAgents.add(agent);
    return agent;
  }

  releaseStreamAgent(agent: AnyAgent): void {
    agent.destroy();
    this.streamAgents.delete(agent);
  }

  /** Closes every socket, pooled or streaming (in-flight requests fail). */
  destroy(): void {
    for (const agent of this.callAgents.values()) agent.destroy();
    this.callAgents.clear();
    for (const agent of this.streamAgents) agent.destroy();
    this.streamAgents.clear();
  }

  private newAgent(url: URL, opts: http.AgentOptions): AnyAgent {
    if (url.protocol === 'https:') {
      return new https.Agent({
        ...opts,
        ...(this.tls.ca === undefined ? {} : { ca: this.tls.ca }),
        rejectUnauthorized: this.tls.rejectUnauthorized ?? true,
      });
    }
    return new http.Agent(opts);
  }
}

export interface PostOptions {
  callType: string;
  url: URL;
  body: Buffer;
  headers: Record<string, string>;
  agent: AnyAgent;
  /** Aborts the request if no response headers arrive in time. */
  timeoutMs: number;
}

export interface OpenResponse {
  res: http.IncomingMessage;
  req: http.ClientRequest;
}

/** POSTs and resolves once response headers arrive; the body is left to the caller. */
export function post(o: PostOptions): Promise<OpenResponse> {
  return new Promise((resolve, reject) => {
    const lib = o.url.protocol === 'https:' ? https : http;
    let timedOut = false;
    const req = lib.request(o.url, { method: 'POST', headers: o.headers, agent: o.agent });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timeout'));
    }, o.timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve({ res, req });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      // A reset on a reused socket before any response: the master closed the idle connection as we
      // wrote to it, so the request was never read.
      const stale = req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET';
      reject(new MesosConnectionError(o.callType, describeUrl(o.url), err, timedOut, stale));
    });
    req.end(o.body);
  });
}

/** Reads a (short) response body, bounded in size and time. */
export function readBody(res: http.IncomingMessage, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => res.destroy(new Error('timed out reading the response body')), timeoutMs);
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    res.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    res.on('aborted', () => {
      clearTimeout(timer);
      reject(new Error('response aborted'));
    });
  });
}
