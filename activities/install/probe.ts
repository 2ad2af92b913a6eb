// The node-facts probe: one read-only command that prints sections the parser (probe-parse.ts) reads.
// It works on every OS (it runs before we know the OS), so it asks both package managers and ignores
// the one that is absent, and uses `lsblk -P` (the JSON output exists only from util-linux 2.27).
import { allScaleioPackageNames } from './os';
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
];

export function buildProbeStep(): Step {
  const names = allScaleioPackageNames();
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
      'read-only: reports OS, kernel, block devices, IPv4 addresses, SDC GUID and installed ScaleIO/REX-Ray versions',
  };
}
