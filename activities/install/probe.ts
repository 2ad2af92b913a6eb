// The node-facts probe: one read-only command that prints sections the parser (probe-parse.ts) reads.
// It works on every OS (it runs before we know the OS), so it asks both package managers and ignores
// the one that is absent, and uses `lsblk -P` (the JSON output exists only from util-linux 2.27).
import { AGENT_ISOLATION_FILE, AGENT_MODULES_FILE, DVDI_MOD_JSON } from './isolator';
import { allScaleioPackageNames } from './os';
import { allPrerequisitePackageNames } from './prereqs';
import { REXRAY_CONFIG, REXRAY_SYSTEMD_DROPIN } from './rexray';
import { sh } from './quote';
import { script } from './snippets';
import { LIGHT_RESOURCES, type Step } from './step';

export const PROBE_SECTION = '=== ';
export const PROBE_SECTIONS = [
  'uname',
  'os-release',
  'redhat-release',
  'lsb-release',
  'lsblk',
  'sdc-guid',
  'addresses',
  'packages',
  'isolator',
  'rexray',
];

export function buildProbeStep(): Step {
  const names = [...allScaleioPackageNames(), ...allPrerequisitePackageNames()];
  const body = sh`section() { printf '%s%s\\n' ${PROBE_SECTION} "$1"; }
section uname; uname -r -m || true
section os-release; cat /etc/os-release 2>/dev/null || true
section redhat-release; cat /etc/redhat-release 2>/dev/null || true
section lsb-release; cat /etc/lsb-release 2>/dev/null || true
section lsblk; lsblk -b -P -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT
section sdc-guid; drv_cfg --query_guid 2>/dev/null || true
section addresses; hostname -I 2>/dev/null || true
section packages
dpkg-query -W -f='\${Package} \${Status} \${Version}\\n' ${names} 2>/dev/null || true
rpm -q --qf '%{NAME} install ok installed %{VERSION}-%{RELEASE}\\n' ${names} 2>/dev/null | grep ' install ok installed ' || true
section isolator
so=$(cat ${DVDI_MOD_JSON} 2>/dev/null | sed -n 's|.*"file" *: *"\\([^"]*libmesos_dvdi_isolator-[0-9.]*\\.so\\)".*|\\1|p' | head -n 1)
if [ -n "$so" ] && cat "$so" >/dev/null 2>&1; then printf 'so=%s\\n' "$so"; fi
printf 'modules=%s\\n' "$(cat ${AGENT_MODULES_FILE} 2>/dev/null | head -n 1)"
printf 'isolation=%s\\n' "$(cat ${AGENT_ISOLATION_FILE} 2>/dev/null | sed -n '/[^[:space:]]/{p;q;}')"
section rexray
if cfg=$(cat ${REXRAY_CONFIG} 2>/dev/null); then
  printf 'config-sha256=%s\\n' "$(printf '%s\\n' "$cfg" | grep -v '^[[:space:]]*password:' | sha256sum | cut -d' ' -f1)"
fi
printf 'dropin=%s\\n' "$(cat ${REXRAY_SYSTEMD_DROPIN} 2>/dev/null | tr '\\n' '|')"
if initd=$(cat /etc/init.d/rexray 2>/dev/null); then
  printf 'initd-scini=%s\\n' "$(printf '%s\\n' "$initd" | grep -c 'scini start')"
else
  echo initd-scini=absent
fi
section end
step_result false probed`;
  return {
    name: 'probe-node',
    role: 'probe',
    command: script(undefined, body),
    uris: [],
    env: {},
    secretEnv: {},
    resources: { ...LIGHT_RESOURCES },
    timeoutMs: 60_000,
    check:
      'read-only: reports OS, kernel, block devices, IPv4 addresses, SDC GUID, installed ScaleIO/REX-Ray/prerequisite versions, the isolator files and a hash of the REX-Ray config without its password',
  };
}
