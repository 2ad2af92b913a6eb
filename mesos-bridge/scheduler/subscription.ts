// One SUBSCRIBE stream: the POST (following at most N redirects to the leader), then the RecordIO
// body decoded record by record as bytes arrive, watched for silence, until it ends or is aborted.
import type http from 'node:http';
import { decodeEvent, isWireFormat, type WireFormat } from '../../proto/codec';
import { RecordIoDecoder } from '../../proto/recordio';
import type { Call, Event } from '../../proto/types';
import { encodeCall } from '../../proto/codec';
import { type AnyAgent, type Connections, post, readBody } from './connection';
import { httpErrorFor, MesosProtocolError, MesosRedirectError } from './errors';
import { HeartbeatWatch } from './heartbeat-watch';
import { describeUrl, resolveRedirect } from './redirect';

/** Heartbeat interval assumed until SUBSCRIBED announces the real one (the master's constant). */
const DEFAULT_HEARTBEAT_SECONDS = 15;

export type StreamEndReason = 'eof' | 'stream-error' | 'heartbeat-timeout' | 'aborted';

export interface StreamEnd {
  reason: StreamEndReason | string;
  error?: Error;
}

export interface OpenSubscriptionParams {
  connections: Connections;
  format: WireFormat;
  call: Call;
  endpoint: URL;
  maxRedirects: number;
  timeoutMs: number;
  heartbeatMissFactor: number;
  principal: string | undefined;
  /** Called before each POST (redirect hops included). */
  onAttempt?: (url: URL) => void;
}

/** POSTs SUBSCRIBE and returns the open stream, or throws a typed error. */
export async function openSubscription(p: OpenSubscriptionParams): Promise<Subscription> {
  const body = encodeCall(p.call, p.format);
  const headers = p.connections.headers(p.format, body, { Accept: p.format });
  let url = p.endpoint;
  for (let hop = 0; ; hop++) {
    const agent = p.connections.streamAgent(url);
    p.onAttempt?.(url);
    let opened;
    try {
      opened = await post({ callType: 'SUBSCRIBE', url, body, headers, agent, timeoutMs: p.timeoutMs });
    } catch (err) {
      p.connections.releaseStreamAgent(agent);
      throw err;
    }
    const { res, req } = opened;
    const status = res.statusCode ?? 0;
    if (status === 200) return Subscription.fromResponse(url, res, req, agent, p);
    const text = await readBody(res, p.timeoutMs).catch(() => Buffer.alloc(0));
    p.connections.releaseStreamAgent(agent);
    if (status !== 307) throw httpErrorFor('SUBSCRIBE', status, text, describeUrl(url), p.principal);
    const next = resolveRedirect(url, res.headers.location);
    if (!next) throw new MesosRedirectError('SUBSCRIBE', 307, 'redirect without a usable Location', describeUrl(url));
    if (hop >= p.maxRedirects)
      throw new MesosRedirectError('SUBSCRIBE', 307, `more than ${p.maxRedirects} redirects`, describeUrl(url));
    url = next;
  }
}

export class Subscription {
  private done = false;
  private endedWith: StreamEnd = { reason: 'aborted' };
  private finish: ((end: StreamEnd) => void) | undefined;
  private watch: HeartbeatWatch | undefined;

  private constructor(
    readonly url: URL,
    readonly streamId: string,
    readonly format: WireFormat,
    private readonly res: http.IncomingMessage,
    private readonly req: http.ClientRequest,
    private readonly release: () => void,
    private readonly heartbeatMissFactor: number
  ) {}

  static fromResponse(
    url: URL,
    res: http.IncomingMessage,
    req: http.ClientRequest,
    agent: AnyAgent,
    p: OpenSubscriptionParams
  ): Subscription {
    const release = (): void => {
      req.destroy();
      p.connections.releaseStreamAgent(agent);
    };
    const streamId = res.headers['mesos-stream-id'];
    if (typeof streamId !== 'string' || streamId === '') {
      release();
      throw new MesosProtocolError(describeUrl(url), 'SUBSCRIBE answered 200 without a Mesos-Stream-Id header');
    }
    const contentType = res.headers['content-type'];
    const format = isWireFormat(contentType) ? contentType : p.format;
    return new Subscription(url, streamId, format, res, req, release, p.heartbeatMissFactor);
  }

  /**
   * Starts reading; `onEvent` gets each event in order. Resolves once the stream is over, with
   * why. Records after an abort (e.g. from inside onEvent) are not delivered.
   */
  run(onEvent: (ev: Event) => void, onBytes: (n: number) => void): Promise<StreamEnd> {
    return new Promise((resolve) => {
      if (this.done) return resolve(this.endedWith);
      this.finish = resolve;
      const where = describeUrl(this.url);
      this.watch = new HeartbeatWatch(DEFAULT_HEARTBEAT_SECONDS, this.heartbeatMissFactor, (ms) =>
        this.abort({
          reason: 'heartbeat-timeout',
          error: new MesosProtocolError(where, `no data for ${ms} ms (missed heartbeats)`),
        })
      );
      const decoder = new RecordIoDecoder();
      this.res.on('data', (chunk: Buffer) => {
        if (this.done) return;
        this.watch?.touch();
        onBytes(chunk.length);
        try {
          for (const record of decoder.push(chunk)) {
            if (this.done) return;
            onEvent(decodeEvent(record, this.format));
          }
        } catch (err) {
          this.abort({ reason: 'stream-error', error: new MesosProtocolError(where, (err as Error).message) });
        }
      });
      this.res.on('end', () => {
        let error: Error | undefined;
        try {
          decoder.end();
        } catch (err) {
          error = err as Error;
        }
        this.abort({ reason: 'eof', error: error ?? new MesosProtocolError(where, 'the master closed the stream') });
      });
      const broken = (err?: Error): void =>
        this.abort({
          reason: 'stream-error',
          error: new MesosProtocolError(where, err?.message ?? 'connection closed'),
        });
      this.res.on('error', broken);
      this.res.on('close', () => broken());
      this.req.on('error', broken);
    });
  }

  /** Uses the heartbeat interval announced by SUBSCRIBED for dead-master detection. */
  setHeartbeatInterval(seconds: number): void {
    this.watch?.setInterval(seconds);
  }

  get isOpen(): boolean {
    return !this.done;
  }

  /** Ends the stream (idempotent) and frees its connection. */
  abort(end: StreamEnd = { reason: 'aborted' }): void {
    if (this.done) return;
    this.done = true;
    this.endedWith = end;
    this.watch?.stop();
    this.release();
    const finish = this.finish;
    this.finish = undefined;
    finish?.(end);
  }
}
