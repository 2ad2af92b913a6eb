// Sends one non-SUBSCRIBE call on the pooled keep-alive connections of the current subscription:
// framework_id in the body, Mesos-Stream-Id header, 202 = queued. A 503, a refused connection or a
// reset stale keep-alive socket (nothing was read) is retried with backoff; nothing else is: a call that may have
// reached the master must not be repeated blindly (an ACCEPT twice would report its tasks LOST).
import { encodeCall, WireEncodeError, type WireFormat } from '../../proto/codec';
import type { Call } from '../../proto/types';
import { Backoff, CancellableDelay } from './backoff';
import { type Connections, post, readBody, STREAM_ID_HEADER } from './connection';
import { httpErrorFor, MesosConnectionError, MesosUnavailableError, SchedulerInputError } from './errors';
import { describeUrl } from './redirect';

/** What a call needs from the live subscription. */
export interface CallSession {
  frameworkId: string;
  streamId: string;
  /** Scheduler endpoint of the master holding the subscription. */
  endpoint: URL;
}

export interface CallSenderOptions {
  connections: Connections;
  format: WireFormat;
  timeoutMs: number;
  retries: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  principal: string | undefined;
  random: () => number;
  /** Outcome per attempt: HTTP status, "timeout" or "network". */
  onOutcome: (callType: string, outcome: string) => void;
}

export class CallSender {
  private readonly delays = new Set<CancellableDelay>();

  constructor(private readonly o: CallSenderOptions) {}

  /** Resolves on 2xx; throws SchedulerInputError, a MesosHttpError subclass or MesosConnectionError. */
  async send(session: CallSession, call: Call): Promise<void> {
    const callType = call.type ?? 'UNKNOWN';
    const full: Call = { ...call, framework_id: { value: session.frameworkId } };
    let body: Buffer;
    try {
      body = encodeCall(full, this.o.format);
    } catch (err) {
      if (err instanceof WireEncodeError) throw new SchedulerInputError(err.field ?? callType, err.problem);
      throw err;
    }
    const backoff = new Backoff({
      initialMs: this.o.backoffInitialMs,
      maxMs: this.o.backoffMaxMs,
      random: this.o.random,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(session, callType, body);
      } catch (err) {
        if (attempt >= this.o.retries || !retryable(err)) throw err;
        const delay = new CancellableDelay();
        this.delays.add(delay);
        const waited = await delay.wait(backoff.next());
        this.delays.delete(delay);
        if (!waited) throw err;
      }
    }
  }

  /** Cuts short every retry wait (on close). */
  cancel(): void {
    for (const d of this.delays) d.cancel();
    this.delays.clear();
  }

  private async attempt(session: CallSession, callType: string, body: Buffer): Promise<void> {
    const url = session.endpoint;
    const headers = this.o.connections.headers(this.o.format, body, { [STREAM_ID_HEADER]: session.streamId });
    let opened;
    try {
      opened = await post({
        callType,
        url,
        body,
        headers,
        agent: this.o.connections.callAgent(url),
        timeoutMs: this.o.timeoutMs,
      });
    } catch (err) {
      this.o.onOutcome(callType, err instanceof MesosConnectionError && err.timedOut ? 'timeout' : 'network');
      throw err;
    }
    const status = opened.res.statusCode ?? 0;
    this.o.onOutcome(callType, String(status));
    // Always drain the body so the keep-alive socket goes back to the pool.
    const text = await readBody(opened.res, this.o.timeoutMs).catch(() => Buffer.alloc(0));
    if (status >= 200 && status < 300) return;
    throw httpErrorFor(callType, status, text, describeUrl(url), this.o.principal);
  }
}

function retryable(err: unknown): boolean {
  if (err instanceof MesosUnavailableError) return true;
  if (!(err instanceof MesosConnectionError)) return false;
  return err.staleSocket || (err.cause as NodeJS.ErrnoException).code === 'ECONNREFUSED';
}
