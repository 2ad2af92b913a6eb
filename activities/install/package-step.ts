// The shared shape of "install this ScaleIO package if missing or older, skip when the same version is
// installed, report what happened". Role builders (roles.ts) add their install-time environment.
import type { PackageRole } from '../../common/spec/types';
import { osFamily, type OsInput, packageFormat, type PackageFormat, scaleioPackageName } from './os';
import { sh, type ShellScript } from './quote';
import { script } from './snippets';
import { INSTALL_RESOURCES, type Step } from './step';
import { FieldCheck, sandboxFileName } from './validate';

export interface PackageInstallInput {
  os: OsInput;
  /** Package URL for this OS and role (spec.packages.urls[os][role]). */
  url: string;
  /** ScaleIO version the package carries (spec.packages.version). */
  version: string;
  /** Rollback: allow installing an older version over a newer one (default false: refuse, exit 3). */
  allowDowngrade?: boolean;
}

export interface PackageStepExtras {
  env?: Record<string, string>;
  secretEnv?: Record<string, string>;
  /** Runs after the package is at the wanted version (installed or not); sets `extra_changed=true` on change. */
  after?: ShellScript;
  rebootRequired?: boolean;
}

export const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * Sets `status` (unchanged|installed|upgraded|downgraded), `have` (the version before) and `extra_changed=false`;
 * installs with `installCmd` unless `versionFn PKG` already prints `want`; refuses a downgrade (exit 3) unless allowed.
 */
export function ensurePackage(
  pkg: string,
  want: string,
  installCmd: ShellScript,
  allowDowngrade: boolean,
  versionFn: ShellScript = sh`pkg_version`
): ShellScript {
  return sh`pkg=${pkg}; want=${want}; extra_changed=false
have=$(${versionFn} "$pkg")
status=unchanged
if [ "$have" != "$want" ]; then
  if [ -n "$have" ] && ver_lt "$want" "$have"; then
    if [ ${allowDowngrade ? 'yes' : 'no'} != yes ]; then
      echo "$pkg $have is installed, newer than $want: refusing to downgrade" >&2
      step_result false refused-downgrade "$have" "" "" "" "newer version installed"
      exit 3
    fi
    status=downgraded
  elif [ -n "$have" ]; then status=upgraded; else status=installed; fi
  ${installCmd}
  now=$(${versionFn} "$pkg")
  if [ "$now" != "$want" ]; then
    echo "after the install $pkg is at '$now', expected $want (does the package URL carry that version?)" >&2
    exit 1
  fi
fi`;
}

/** dpkg -i (installs, upgrades or reinstalls) or rpm -U (install or upgrade; --oldpackage for a downgrade). */
export function fileInstallCommand(format: PackageFormat, file: string, allowDowngrade: boolean): ShellScript {
  if (format === 'deb') return sh`dpkg -i ${file}`;
  return allowDowngrade ? sh`rpm -Uvh --oldpackage ${file}` : sh`rpm -Uvh ${file}`;
}

export function checkPackageInput(check: FieldCheck, input: PackageInstallInput): void {
  const format = packageFormat(osFamily(input.os));
  check.url('url', input.url, [`.${format}`]);
  check.scaleioVersion('version', input.version);
}

export function packageInstallStep(role: PackageRole, input: PackageInstallInput, extras: PackageStepExtras): Step {
  const os = osFamily(input.os);
  const format = packageFormat(os);
  const pkg = scaleioPackageName(format, role);
  const file = `./${sandboxFileName(input.url)}`;
  const downgrade = input.allowDowngrade === true;
  const installCmd = fileInstallCommand(format, file, downgrade);
  const body = sh`${ensurePackage(pkg, input.version, installCmd, downgrade)}
${extras.after ?? sh`:`}
changed=false
if [ "$status" != unchanged ] || [ "$extra_changed" = true ]; then changed=true; fi
if [ "$status" = unchanged ]; then have=; fi
step_result "$changed" "$status" "$want" "$have"`;
  return {
    name: `install-${role}`,
    role,
    os,
    command: script(format, body),
    uris: [{ value: input.url, extract: false }],
    env: { ...(extras.env ?? {}) },
    secretEnv: { ...(extras.secretEnv ?? {}) },
    resources: { ...INSTALL_RESOURCES },
    timeoutMs: INSTALL_TIMEOUT_MS,
    check: `${pkg} at ${input.version}: installs when missing, upgrades when older, does nothing when equal (changed:false), refuses a newer installed version unless allowDowngrade`,
    ...(extras.rebootRequired ? { rebootRequired: true } : {}),
  };
}

export interface UninstallInput {
  os: OsInput;
  role: PackageRole;
}

/** Removes a role's package when installed; a re-run finds it absent and reports changed:false. */
export function buildUninstallStep(input: UninstallInput): Step {
  const os = osFamily(input.os);
  const format = packageFormat(os);
  const check = new FieldCheck('uninstall step');
  if (!['mdm', 'sds', 'sdc', 'lia', 'gw'].includes(input.role)) {
    check.problems.push({ field: 'role', problem: `must be one of mdm, sds, sdc, lia, gw` });
  }
  check.done();
  const pkg = scaleioPackageName(format, input.role);
  const remove = format === 'deb' ? sh`dpkg -P "$pkg"` : sh`rpm -e "$pkg"`;
  const body = sh`pkg=${pkg}
have=$(pkg_version "$pkg")
if [ -z "$have" ]; then step_result false absent; exit 0; fi
${remove}
if [ -n "$(pkg_version "$pkg")" ]; then echo "$pkg is still installed after removal" >&2; exit 1; fi
step_result true removed "" "$have"`;
  return {
    name: `uninstall-${input.role}`,
    role: input.role,
    os,
    command: script(format, body),
    uris: [],
    env: {},
    secretEnv: {},
    resources: { ...INSTALL_RESOURCES },
    timeoutMs: INSTALL_TIMEOUT_MS,
    check: `${pkg}: removed when installed; absent means changed:false`,
  };
}
