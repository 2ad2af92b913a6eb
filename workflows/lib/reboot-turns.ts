// A procedure's side of the reboot coordination: ask the cluster's coordinator for a turn, wait for the grant
// signal, do the work, release the turn however the work ends. One RebootTurns per workflow run (it owns the
// run's `rebootGranted` handler); several nodes of one run (bootstrap's MDM nodes) may each ask.
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  log,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { rebootGrantedSignal, releaseRebootSignal } from '../../common/messages';
import { workflowIds } from '../../common/names';
import type { RebootGrant, RebootKind, RebootRelease } from '../../common/reboots';
import { messageOf } from './plan';
import { rebootCalls } from './reboot-calls';

export class RebootTurns {
  private readonly granted = new Set<string>();

  constructor(readonly cluster: string) {
    setHandler(rebootGrantedSignal, (grant: RebootGrant) => {
      if (typeof grant?.requestId === 'string') this.granted.add(grant.requestId);
    });
  }

  /**
   * Runs `work` in this node's turn. `onWait` is told when the turn is not granted at once (to show the wait in
   * progress). The turn is released when `work` ends, fails or is cancelled.
   */
  async take<T>(
    request: { hostname: string; kind: RebootKind; reason: string },
    onWait: () => void,
    work: () => Promise<T>
  ): Promise<T> {
    const { workflowId, runId } = workflowInfo();
    const requestId = uuid4();
    let outcome: RebootRelease['outcome'] = 'failed';
    try {
      await rebootCalls.requestRebootTurn({
        cluster: this.cluster,
        request: { requestId, workflowId, runId, ...request },
      });
      if (!this.granted.has(requestId)) {
        onWait();
        await condition(() => this.granted.has(requestId));
      }
      const result = await work();
      outcome = 'done';
      return result;
    } finally {
      this.granted.delete(requestId);
      await CancellationScope.nonCancellable(() => this.release({ requestId, outcome }));
    }
  }

  private async release(release: RebootRelease): Promise<void> {
    try {
      await getExternalWorkflowHandle(workflowIds.reboots(this.cluster)).signal(releaseRebootSignal, release);
    } catch (err) {
      // No coordinator runs: nothing is held (it ended, and a new one starts with the next request).
      log.warn('reboot turn not released: no coordinator', { requestId: release.requestId, error: messageOf(err) });
    }
  }
}
