// After a reboot or a Mesos agent restart: are the node's services up? The Mesos agent always, scini when the
// SDC package is installed, rexray when REX-Ray is. It changes nothing and always exits 0: the result line says
// which services are down (status services-down, detail "down: <names>", read by servicesIn in
// common/node-steps), and the caller decides how long to wait for them. Ubuntu 14.04 asks upstart (`service X status`, which exits 0 for a stopped job too).
import { MESOS_AGENT_SERVICE, osFamily, type OsInput, packageFormat, scaleioPackageName } from './os';
import { sh, type ShellScript } from './quote';
import { script } from './snippets';
import { LIGHT_RESOURCES, type Step } from './step';

export const VERIFY_SERVICES_STEP = 'verify-services';
/** The service each optional package brings, and the package it comes with. */
const SCINI = 'scini';
const REXRAY = 'rexray';

export interface VerifyServicesInput {
  os: OsInput;
}

export function buildVerifyServicesStep(input: VerifyServicesInput): Step {
  const os = osFamily(input.os);
  const format = packageFormat(os);
  const active: ShellScript =
    os === 'ubuntu14'
      ? sh`is_up() {
  out=$(service "$1" status 2>&1) || return 1
  case "$out" in *start/running*|*'is running'*) return 0 ;; *) return 1 ;; esac
}`
      : sh`is_up() { systemctl is-active --quiet "$1"; }`;
  const body = sh`${active}
check=${MESOS_AGENT_SERVICE}
if [ -n "$(pkg_version ${scaleioPackageName(format, 'sdc')})" ]; then check="$check ${SCINI}"; fi
if [ -n "$(pkg_version ${REXRAY})" ]; then check="$check ${REXRAY}"; fi
up=; down=
for s in $check; do
  if is_up "$s"; then up="$up $s"; else down="$down $s"; echo "$s is not active" >&2; fi
done
if [ -n "$down" ]; then step_result false services-down "" "" "" "" "down:$down"
else step_result false services-up "" "" "" "" "up:$up"; fi`;
  return {
    name: VERIFY_SERVICES_STEP,
    role: 'node',
    os,
    command: script(format, body),
    uris: [],
    env: {},
    secretEnv: {},
    resources: { ...LIGHT_RESOURCES },
    timeoutMs: 2 * 60_000,
    check: `read-only: ${MESOS_AGENT_SERVICE} active, and ${SCINI} / ${REXRAY} when their packages are installed; status services-up or services-down with the names`,
  };
}
