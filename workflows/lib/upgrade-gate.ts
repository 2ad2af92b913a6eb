// The health gate between batches: before the next node goes down the cluster must pass the "ok to stop" check
// (checkUpgradeHealth). While it blocks, the waiting steps show why in `progress`; the operator can still pause,
// abort or force the steps complete. A gate blocked for timeoutMinutes stops the upgrade with nothing changed on
// the waiting nodes.
import { ApplicationFailure } from '@temporalio/workflow';
import { gateway } from './scaleio';
import type { UpgradeControl } from './upgrade-control';
import type { UpgradeEnv } from './upgrade-node';
import type { UpgradeItem } from './upgrade-plan';
import { UpgradeErrorType } from './upgrade-report';

/** Resolves when the items may start ('pass') or the operator aborted ('aborted'). */
export async function passHealthGate(
  env: UpgradeEnv,
  control: UpgradeControl,
  items: UpgradeItem[]
): Promise<'pass' | 'aborted'> {
  const g = env.settings.healthGate;
  const deadline = Date.now() + g.timeoutMinutes * 60_000;
  const first = items[0]!;
  const sdsIp = first.phase === 'sds' && first.action === 'package' ? first.ip : undefined;
  for (;;) {
    if (!(await control.holdIfPaused(first.phase, first.step))) return 'aborted';
    const live = items.filter((i) => !control.isForcedComplete(i.phase, i.step));
    if (live.length === 0) return 'pass';
    const r = await gateway.checkUpgradeHealth({
      maxDegradedKb: g.maxDegradedKb,
      minSparePercent: g.minSparePercent,
      ...(sdsIp ? { sdsIp } : {}),
    });
    if (r.ok) return 'pass';
    const why = `health gate: ${r.reasons.join('; ')}`;
    for (const i of live) env.plan.set(i.phase, i.step, 'WAITING', why);
    if (Date.now() >= deadline)
      throw ApplicationFailure.nonRetryable(
        `the ${why} — blocked for ${g.timeoutMinutes} min before ${live.map((i) => `${i.phase}/${i.step}`).join(', ')}; nothing was changed on them`,
        UpgradeErrorType.Failed,
        { stage: 'health-gate', reasons: r.reasons, ...env.progressLists() }
      );
    await control.waitForSignal(g.pollSeconds * 1000);
    if (control.aborted) return 'aborted';
  }
}
