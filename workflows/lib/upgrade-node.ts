// One step of a rolling upgrade on one node: a package upgrade (an SDS inside maintenance mode, with the wait for
// rebuild/rebalance after it), or the MDM ownership switch. A node that fails is put back the way it was where
// possible (its role rolled back to the previous version, maintenance left, data motion waited for) before the
// failure, which names the node and the stage, ends the upgrade.
import { CancellationScope } from '@temporalio/workflow';
import { managerIps, type ClusterContext } from '../../common/cluster';
import { describeOutcome, runNodeStep, type StepOutcome } from './node-step';
import { messageOf, type Plan } from './plan';
import { dataMotion, gateway, planner } from './scaleio';
import type { UpgradeSettings } from './upgrade-input';
import { specAtVersion } from './upgrade-packages';
import type { UpgradeItem } from './upgrade-plan';
import { upgradeFailed, type FailedStage } from './upgrade-report';
import { verifyReportedVersion } from './upgrade-verify';

export interface UpgradeEnv {
  context: ClusterContext;
  settings: UpgradeSettings;
  plan: Plan;
  /** phase/step done and left so far, for a failure report. */
  progressLists(): { upgraded: string[]; remaining: string[] };
}

const suffixed = (suffix: string | undefined, what: string) => (suffix ? `${suffix}-${what}` : what);

async function install(
  env: UpgradeEnv,
  i: UpgradeItem,
  version: string,
  suffix?: string,
  downgrade = false
): Promise<StepOutcome> {
  const [run] = await planner.planNodeSteps({
    hostname: i.hostname,
    os: i.os!,
    spec: specAtVersion(env.context.spec, version),
    steps: [
      {
        kind: 'package',
        role: i.role!,
        version,
        ...(downgrade ? { allowDowngrade: true } : {}),
        ...(i.role === 'sdc' ? { mdmIps: managerIps(env.context) } : {}),
      },
    ],
    ...(suffix ? { suffix } : {}),
  });
  return runNodeStep(run!);
}

/** Rolls the role back (when the package may have changed) and, for an SDS, leaves maintenance and waits. */
async function recover(
  env: UpgradeEnv,
  i: UpgradeItem,
  stage: FailedStage,
  err: unknown,
  suffix?: string
): Promise<never> {
  const target = env.settings.targetVersion;
  const say = (text: string) => env.plan.set(i.phase, i.step, 'STARTING', text);
  let rollback = 'not needed: the package was not changed';
  if (stage === 'upgrade') {
    if (!i.from) rollback = 'no rollback: the previous version is unknown';
    else {
      say(`rolling ${i.role} back to ${i.from}`);
      rollback = await install(env, i, i.from, suffixed(suffix, 'rollback'), true).then(
        (o) => `${i.role} rolled back to ${i.from} (${o.status})`,
        (e: unknown) => `rollback of ${i.role} to ${i.from} failed: ${messageOf(e)}`
      );
    }
  } else if (stage === 'exit-maintenance' || stage === 'wait-data-motion')
    rollback = `kept at ${target} (the upgrade itself worked)`;
  let maintenance: string | undefined;
  if (i.phase === 'sds' && stage !== 'wait-data-motion') {
    say('leaving maintenance mode');
    const poll = env.settings.healthGate.pollSeconds * 1000;
    maintenance = await gateway.setSdsMaintenance({ sdsIp: i.ip, enter: false, pollMs: poll }).then(
      async () => {
        say('waiting for rebuild/rebalance to end');
        return dataMotion.waitForDataMotion({ pollMs: poll }).then(
          () => `${i.hostname} is out of maintenance mode and the data motion ended`,
          (e: unknown) =>
            `${i.hostname} is out of maintenance mode; waiting for the data motion failed: ${messageOf(e)}`
        );
      },
      (e: unknown) => `${i.hostname} could not leave maintenance mode: ${messageOf(e)}`
    );
  }
  throw upgradeFailed({
    node: i.hostname,
    phase: i.phase,
    step: i.step,
    stage,
    ...(i.role ? { role: i.role } : {}),
    error: messageOf(err),
    rollback,
    ...(maintenance ? { maintenance } : {}),
    ...env.progressLists(),
  });
}

/** Runs `work`; a failure is recovered from (without being cancellable half-way) and rethrown as UpgradeFailed. */
async function stage<T>(
  env: UpgradeEnv,
  i: UpgradeItem,
  name: FailedStage,
  work: () => Promise<T>,
  suffix?: string
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    return CancellationScope.nonCancellable(() => recover(env, i, name, err, suffix));
  }
}

async function upgradePackage(env: UpgradeEnv, i: UpgradeItem, suffix?: string): Promise<string> {
  const target = env.settings.targetVersion;
  env.plan.set(i.phase, i.step, 'STARTING', `upgrading ${i.role} ${i.from ?? '?'} → ${target}`);
  const done = await stage(
    env,
    i,
    'upgrade',
    async () => {
      const o = await install(env, i, target, suffix);
      return `${describeOutcome(o)}; ${await verifyReportedVersion(i, target)}`;
    },
    suffix
  );
  return i.mdmRole ? `${done} (${i.mdmRole})` : done;
}

async function upgradeSds(env: UpgradeEnv, i: UpgradeItem, suffix?: string): Promise<string> {
  const poll = env.settings.healthGate.pollSeconds * 1000;
  const say = (text: string) => env.plan.set(i.phase, i.step, 'STARTING', text);
  say('entering maintenance mode');
  await stage(env, i, 'enter-maintenance', () => gateway.setSdsMaintenance({ sdsIp: i.ip, enter: true, pollMs: poll }));
  const done = await upgradePackage(env, i, suffix);
  say('leaving maintenance mode');
  await stage(env, i, 'exit-maintenance', () => gateway.setSdsMaintenance({ sdsIp: i.ip, enter: false, pollMs: poll }));
  say('waiting for rebuild/rebalance to end');
  const motion = await stage(env, i, 'wait-data-motion', () => dataMotion.waitForDataMotion({ pollMs: poll }));
  return `${done}; in maintenance during the upgrade, ${motion.firstMovingKb > 0 ? `${Math.round(motion.firstMovingKb / 1024)} MB resynchronised after it` : 'no data to resynchronise'}`;
}

async function switchOwnership(env: UpgradeEnv, i: UpgradeItem): Promise<string> {
  env.plan.set(i.phase, i.step, 'STARTING', `handing MDM ownership to ${i.hostname} (${i.ip})`);
  const r = await stage(env, i, 'switch-ownership', () => gateway.switchMdmOwnership({ toIp: i.ip }));
  return r.changed
    ? `MDM ownership moved from ${r.previousMasterIp ?? '?'} to ${i.hostname} (${i.ip})`
    : `${i.hostname} (${i.ip}) was the master already`;
}

/** Upgrades one item; `suffix` gives a forced re-run its own Mesos tasks. Returns the step's detail. */
export function upgradeItem(env: UpgradeEnv, i: UpgradeItem, suffix?: string): Promise<string> {
  if (i.action === 'switch-ownership') return switchOwnership(env, i);
  if (i.phase === 'sds') return upgradeSds(env, i, suffix);
  return upgradePackage(env, i, suffix);
}
