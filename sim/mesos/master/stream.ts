// One SUBSCRIBE connection: a chunked 200 response carrying RecordIO-framed events in the
// format the client accepted, with HEARTBEAT events every heartbeat interval.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { encodeEvent, type WireFormat } from '../../../proto/codec';
import { encodeRecord } from '../../../proto/recordio';
import { type Event } from '../json-form';

export class SubscriptionStream {
  readonly streamId = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly res: http.ServerResponse,
    readonly format: WireFormat,
    onClose: (stream: SubscriptionStream) => void
  ) {
    res.writeHead(200, { 'Content-Type': format, 'Mesos-Stream-Id': this.streamId, 'Cache-Control': 'no-cache' });
    res.on('close', () => {
      const wasOpen = !this.closed;
      this.stop();
      if (wasOpen) onClose(this);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(ev: Event): void {
    if (this.closed) return;
    this.res.write(encodeRecord(encodeEvent(ev, this.format)));
  }

  startHeartbeats(intervalSeconds: number): void {
    this.send({ type: 'HEARTBEAT' });
    this.heartbeat = setInterval(() => this.send({ type: 'HEARTBEAT' }), intervalSeconds * 1000);
  }

  /** Ends the stream cleanly (after ERROR, teardown); onClose is not called for this master-side close. */
  end(): void {
    if (this.closed) return;
    this.stop();
    this.res.end();
  }

  /** Cuts the connection as a network fault would. */
  drop(): void {
    if (this.closed) return;
    // The 'close' handler then runs the disconnection path, exactly as for a client-side drop.
    this.res.destroy();
  }

  private stop(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
  }
}
