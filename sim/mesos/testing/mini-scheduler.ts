// A deliberately small Mesos v1 HTTP scheduler for conformance tests of the simulated master:
// one SUBSCRIBE stream (RecordIO, either wire format), calls on separate connections, and an
// event queue that tests wait on with a predicate.
import http from 'node:http';
import { decodeEvent, encodeCall, type WireFormat } from '../../../proto/codec';
import { RecordIoDecoder } from '../../../proto/recordio';
import { type Call, type Event, type FrameworkInfo } from '../json-form';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs raw bytes to a URL on loopback and collects the whole answer. */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
  method = 'POST',
  agent: http.Agent | false = false
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function get(url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return post(url, '', headers, 'GET');
}

export interface MiniSchedulerOptions {
  format: WireFormat;
  frameworkInfo: FrameworkInfo;
  frameworkId?: string;
  authorization?: string;
  /** Reuse connections for calls, as a production scheduler does (the stream always has its own). */
  keepAlive?: boolean;
}

export class MiniScheduler {
  readonly events: Event[] = [];
  frameworkId = '';
  streamId = '';
  private waiters: { pred: (e: Event) => boolean; resolve: (e: Event) => void; from: number }[] = [];
  private req: http.ClientRequest | undefined;
  private ended = false;
  private endWaiters: (() => void)[] = [];
  private readonly callAgent: http.Agent | false;

  constructor(
    readonly masterUrl: string,
    readonly opts: MiniSchedulerOptions
  ) {
    this.callAgent = opts.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 8 }) : false;
  }

  get closedByMaster(): boolean {
    return this.ended;
  }

  /** Opens the stream and resolves once SUBSCRIBED (or an ERROR) arrived. */
  subscribe(): Promise<Event> {
    const info: FrameworkInfo = { ...this.opts.frameworkInfo };
    const call: Call = { type: 'SUBSCRIBE', subscribe: { framework_info: info } };
    if (this.opts.frameworkId) {
      info.id = { value: this.opts.frameworkId };
      call.framework_id = { value: this.opts.frameworkId };
    }
    const headers: Record<string, string> = { 'Content-Type': this.opts.format, Accept: this.opts.format };
    if (this.opts.authorization) headers.Authorization = this.opts.authorization;
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.masterUrl}/api/v1/scheduler`,
        { method: 'POST', headers, agent: false },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`SUBSCRIBE answered ${res.statusCode}`));
            return;
          }
          this.streamId = String(res.headers['mesos-stream-id'] ?? '');
          const decoder = new RecordIoDecoder();
          res.on('data', (chunk: Buffer) => {
            for (const rec of decoder.push(chunk)) this.onEvent(decodeEvent(rec, this.opts.format));
          });
          const finish = (): void => {
            this.ended = true;
            for (const w of this.endWaiters.splice(0)) w();
          };
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
          this.next((e) => e.type === 'SUBSCRIBED' || e.type === 'ERROR', 0).then(resolve, reject);
        }
      );
      req.on('error', (e) => {
        this.ended = true;
        for (const w of this.endWaiters.splice(0)) w();
        reject(e);
      });
      this.req = req;
      req.end(encodeCall(call, this.opts.format));
    });
  }

  /** Sends a call with the stream id and framework id filled in. */
  call(call: Call, extraHeaders: Record<string, string> = {}): Promise<HttpResult> {
    const full: Call = { framework_id: { value: this.frameworkId }, ...call };
    const headers: Record<string, string> = {
      'Content-Type': this.opts.format,
      'Mesos-Stream-Id': this.streamId,
      ...extraHeaders,
    };
    if (this.opts.authorization) headers.Authorization = this.opts.authorization;
    return post(
      `${this.masterUrl}/api/v1/scheduler`,
      encodeCall(full, this.opts.format),
      headers,
      'POST',
      this.callAgent
    );
  }

  /** Resolves with the first event (at index >= `from`) matching `pred`; `from` defaults to "from now on". */
  next(pred: (e: Event) => boolean, from = this.events.length): Promise<Event> {
    const found = this.events.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve, from }));
  }

  /** Waits for the master to end the stream. */
  waitClosed(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** Acknowledges an UPDATE if (and only if) it carries a uuid. */
  async ack(ev: Event): Promise<void> {
    const s = ev.update?.status;
    if (!s?.uuid || !s.agent_id) return;
    await this.call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: s.agent_id, task_id: s.task_id, uuid: s.uuid } });
  }

  close(): void {
    this.req?.destroy();
    if (this.callAgent) this.callAgent.destroy();
  }

  private onEvent(e: Event): void {
    if (e.type === 'SUBSCRIBED' && e.subscribed) this.frameworkId = e.subscribed.framework_id.value;
    this.events.push(e);
    const index = this.events.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index >= w.from && w.pred(e)) {
        w.resolve(e);
        return false;
      }
      return true;
    });
  }
}

/** A status update predicate: UPDATE for `taskId` in `state`. */
export function isUpdate(taskId: string, state?: string): (e: Event) => boolean {
  return (e) =>
    e.type === 'UPDATE' &&
    e.update?.status.task_id.value === taskId &&
    (state === undefined || e.update.status.state === state);
}
