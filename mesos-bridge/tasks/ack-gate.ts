// Orders acknowledgements after persistence. The SchedulerClient is created with
// `autoAcknowledge: gate.autoAcknowledge`; the client awaits it before sending ACKNOWLEDGE. Until
// a recorder is bound it waits, and once unbound (bridge closed) it refuses, so nothing is acked
// that the task table has not stored; the agent re-sends unacknowledged updates.
import type { TaskStatus } from '../../proto/types';

export type UpdateRecorder = (status: TaskStatus) => Promise<void>;

export class AckGate {
  private recorder: UpdateRecorder | undefined;
  private waiting: ((r: UpdateRecorder | undefined) => void)[] = [];
  private closed = false;

  readonly autoAcknowledge = async (status: TaskStatus): Promise<void> => {
    const recorder =
      this.recorder ??
      (this.closed ? undefined : await new Promise<UpdateRecorder | undefined>((r) => this.waiting.push(r)));
    if (!recorder) throw new Error('the bridge is closed; update left unacknowledged');
    await recorder(status);
  };

  bind(recorder: UpdateRecorder): void {
    this.closed = false;
    this.recorder = recorder;
    for (const w of this.waiting.splice(0)) w(recorder);
  }

  /** From now on updates are not acknowledged (the agent keeps re-sending them). */
  unbind(): void {
    this.recorder = undefined;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(undefined);
  }
}
