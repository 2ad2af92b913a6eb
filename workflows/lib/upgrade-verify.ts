// After a node's package is replaced, the MDM must see the new version of that component (a package can install
// while the daemon still runs the old binary). This check came after the first release of rollingUpgrade, so it is
// behind patched(): an upgrade started by a worker without it replays its history unchanged on a new worker (that
// history has no readComponentVersions call) and checks only the nodes it upgrades after the deploy. The code
// path before the patch is kept as test/fixtures/upgrade-v1/upgrade-verify.ts for the versioning test; once no
// upgrade started before it runs any more, the patch can be deprecated (deprecatePatch) and then removed.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { UpgradeItem } from './upgrade-plan';
import { gateway } from './scaleio';

export const VERIFY_VERSIONS_PATCH = 'rolling-upgrade-verifies-versions';

/** The numbers of a version, whichever way it is written: 2.0-12000.122 and R2_0.12000.122 both give 2,0,12000,122. */
export function versionNumbers(v: string): string {
  return (v.match(/\d+/g) ?? []).map(Number).join('.');
}

/** A line for the step's detail; throws VersionMismatch when the MDM reports another version than `target`. */
export async function verifyReportedVersion(item: UpgradeItem, target: string): Promise<string> {
  // The LIA does not register with the MDM: its package version is all there is to check.
  if (item.role === 'lia' || item.role === undefined) return 'package version checked';
  if (!patched(VERIFY_VERSIONS_PATCH)) return 'package version checked';
  const versions = await gateway.readComponentVersions();
  const table = item.role === 'sds' ? versions.sds : item.role === 'sdc' ? versions.sdc : versions.mdm;
  const reported = table[item.ip];
  if (reported === undefined || versionNumbers(reported) !== versionNumbers(target))
    throw ApplicationFailure.nonRetryable(
      `the MDM reports ${item.role} on ${item.hostname} (${item.ip}) at ${reported ?? 'no version (not registered)'} after its package was upgraded to ${target}`,
      'VersionMismatch'
    );
  return `the MDM reports ${reported}`;
}
