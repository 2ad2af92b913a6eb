// OS prerequisites of the ScaleIO packages, per OS family. Ubuntu 14.04 also gets the 4.4 kernel the SDC
// module was built for (old framework); the step reports rebootRequired while another kernel runs.
import type { OsFamily } from '../../common/spec/types';
import { osFamily, type OsInput, packageFormat } from './os';
import { sh, type ShellScript } from './quote';
import { script } from './snippets';
import { INSTALL_RESOURCES, type Step } from './step';
import { FieldCheck } from './validate';

export const DEFAULT_UBUNTU14_KERNEL = '4.4.0-38-generic';

const BASE: Record<OsFamily, string[]> = {
  ubuntu14: ['libaio1', 'numactl', 'zip', 'unzip'],
  ubuntu16: ['libaio1', 'numactl', 'zip', 'unzip'],
  rhel7: ['libaio', 'numactl', 'zip', 'unzip'],
};
/** The gateway is a Java web application. Ubuntu 14.04 has no Java 8 in its archive: bring it beforehand. */
const GATEWAY_EXTRA: Record<OsFamily, string[]> = {
  ubuntu14: [],
  ubuntu16: ['openjdk-8-jre-headless'],
  rhel7: ['java-1.8.0-openjdk'],
};

export interface PrerequisitesInput {
  os: OsInput;
  /** Also install what the gateway needs (Java). */
  withGateway?: boolean;
  /** Ubuntu 14.04 only: the kernel to install and boot (default 4.4.0-38-generic). */
  ubuntu14Kernel?: string;
  /** Extra distribution packages to install. */
  extraPackages?: string[];
}

export function prerequisitePackages(input: PrerequisitesInput): string[] {
  const os = osFamily(input.os);
  const extra = Array.isArray(input.extraPackages) ? input.extraPackages : [];
  const list = [...BASE[os], ...(input.withGateway ? GATEWAY_EXTRA[os] : []), ...extra];
  if (os === 'ubuntu14') list.push(`linux-image-${input.ubuntu14Kernel ?? DEFAULT_UBUNTU14_KERNEL}`);
  return [...new Set(list)];
}

/** Every distribution package a prerequisites step may install with the default kernel (the probe asks for them). */
export function allPrerequisitePackageNames(): string[] {
  const all = [...Object.values(BASE), ...Object.values(GATEWAY_EXTRA)].flat();
  return [...new Set([...all, `linux-image-${DEFAULT_UBUNTU14_KERNEL}`])];
}

export function buildPrerequisitesStep(input: PrerequisitesInput): Step {
  const os = osFamily(input.os);
  const check = new FieldCheck('prerequisites step');
  if (input.extraPackages !== undefined && !Array.isArray(input.extraPackages))
    check.problems.push({ field: 'extraPackages', problem: 'must be a list of package names' });
  else (input.extraPackages ?? []).forEach((p, i) => check.packageName(`extraPackages[${i}]`, p));
  const kernel = input.ubuntu14Kernel ?? DEFAULT_UBUNTU14_KERNEL;
  check.kernel('ubuntu14Kernel', kernel);
  check.done();
  const format = packageFormat(os);
  const packages = prerequisitePackages(input);
  const install: ShellScript =
    format === 'deb'
      ? sh`apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -y install "$@"`
      : sh`yum -y install "$@"`;
  const rebootCheck: ShellScript =
    os === 'ubuntu14' ? sh`if [ "$(uname -r)" != ${kernel} ]; then reboot=true; fi` : sh`:`;
  const body = sh`set --
for p in ${packages}; do
  if [ -z "$(pkg_version "$p")" ]; then set -- "$@" "$p"; fi
done
changed=false; status=unchanged; reboot=false
if [ $# -gt 0 ]; then
  echo "installing: $*"
  ${install}
  for p in "$@"; do
    if [ -z "$(pkg_version "$p")" ]; then echo "$p is still missing after the install" >&2; exit 1; fi
  done
  changed=true; status=installed
fi
${rebootCheck}
step_result "$changed" "$status" "" "" "$reboot" "" "$*"`;
  return {
    name: 'install-prereqs',
    role: 'prereqs',
    os,
    command: script(format, body),
    uris: [],
    env: {},
    secretEnv: {},
    resources: { ...INSTALL_RESOURCES },
    timeoutMs: 20 * 60_000,
    check: `installs only the missing of ${packages.join(', ')}; changed:false when all are present${os === 'ubuntu14' ? `; rebootRequired while the running kernel is not ${kernel}` : ''}`,
  };
}
