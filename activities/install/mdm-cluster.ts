// The MDM cluster as scli sequences run on the primary MDM, in the old framework's order: create the
// cluster (mdm1), replace the factory password, add standby managers and tie-breakers, switch to
// 3_node/5_node, rename the system. Each step queries `scli --query_cluster` first and does nothing
// when its change is already there. The password comes from SCALEIO_ADMIN_PASSWORD (a secret reference).
import type { MdmMode } from '../../common/spec/types';
import { sh, type ShellScript } from './quote';
import { script } from './snippets';
import { LIGHT_RESOURCES, type Step } from './step';
import { FieldCheck } from './validate';

export const ADMIN_PASSWORD_ENV = 'SCALEIO_ADMIN_PASSWORD';

export interface MdmClusterInput {
  mode: MdmMode;
  /** The primary MDM's IP (the node these steps run on). */
  primaryIp: string;
  /** Standby managers to become slaves: 1 for 3-node, 2 for 5-node. */
  managerIps: string[];
  /** Tie-breakers: 1 for 3-node, 2 for 5-node. */
  tieBreakerIps: string[];
  /** The new system name (old framework: always "scaleio"). */
  systemName: string;
  adminPasswordRef: string;
}

export interface MdmMember {
  name: string;
  ip: string;
  role: 'manager' | 'tb';
}

/** Names the old framework used (mdm1, mdm2, tb); 5-node numbers them (mdm2, mdm3, tb1, tb2). */
export function mdmMembers(input: Pick<MdmClusterInput, 'mode' | 'managerIps' | 'tieBreakerIps'>): MdmMember[] {
  const five = input.mode === 5;
  return [
    ...input.managerIps.map((ip, i) => ({ name: `mdm${i + 2}`, ip, role: 'manager' as const })),
    ...input.tieBreakerIps.map((ip, i) => ({ name: five ? `tb${i + 1}` : 'tb', ip, role: 'tb' as const })),
  ];
}

const HELPERS = sh`: "\${SCALEIO_ADMIN_PASSWORD:?the admin password secret is not set}"
scli_login() { scli --login --username admin --password "$SCALEIO_ADMIN_PASSWORD" >/dev/null; }
query() { scli --query_cluster; }
members() { printf '%s\\n' "$1" | sed -n '/^Master MDM:/,$p'; }
has_name() { members "$1" | grep -Fq "Name: $2,"; }
has_ip() { members "$1" | tr ',' '\\n' | sed 's/.*IPs: //; s/^[[:space:]]*//' | grep -Fxq "$2"; }`;

function step(name: string, check: string, body: ShellScript, ref: string): Step {
  return {
    name,
    role: 'mdm-cluster',
    command: script(undefined, HELPERS, body),
    uris: [],
    env: {},
    secretEnv: { [ADMIN_PASSWORD_ENV]: ref },
    resources: { ...LIGHT_RESOURCES },
    timeoutMs: 3 * 60_000,
    check,
  };
}

function validate(input: MdmClusterInput): void {
  const c = new FieldCheck('MDM cluster steps');
  if (input.mode !== 3 && input.mode !== 5) c.problems.push({ field: 'mode', problem: 'must be 3 or 5' });
  const n = input.mode === 5 ? 2 : 1;
  c.ip('primaryIp', input.primaryIp);
  for (const field of ['managerIps', 'tieBreakerIps'] as const) {
    c.ipList(field, input[field]);
    if (Array.isArray(input[field]) && input[field].length !== n) {
      c.problems.push({ field, problem: `must list ${n} address${n > 1 ? 'es' : ''} for ${input.mode}-node mode` });
    }
  }
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const all = [input.primaryIp, ...list(input.managerIps), ...list(input.tieBreakerIps)];
  if (new Set(all).size !== all.length) c.problems.push({ field: 'managerIps', problem: 'every MDM needs its own IP' });
  c.objectName('systemName', input.systemName);
  c.secretRef('adminPasswordRef', input.adminPasswordRef);
  c.done();
}

export function buildMdmClusterSteps(input: MdmClusterInput): Step[] {
  validate(input);
  const ref = input.adminPasswordRef;
  const p = input.primaryIp;
  const members = mdmMembers(input);
  const modeArg = input.mode === 5 ? '5_node' : '3_node';
  const create = sh`if q=$(query 2>&1); then step_result false exists; exit 0; fi
case "$q" in
  *"not configured"*|*NOT_CONFIG*) ;;
  *) printf '%s\\n' "$q" >&2; exit 1 ;;
esac
scli --create_mdm_cluster --master_mdm_ip ${p} --master_mdm_management_ip ${p} --master_mdm_name mdm1 --accept_license --approve_certificate
step_result true created`;
  const password = sh`if scli_login 2>/dev/null; then step_result false unchanged; exit 0; fi
scli --login --username admin --password admin >/dev/null
scli --set_password --old_password admin --new_password "$SCALEIO_ADMIN_PASSWORD" >/dev/null
scli_login
step_result true changed`;
  const standby = (m: MdmMember) => {
    const add =
      m.role === 'manager'
        ? sh`scli --add_standby_mdm --new_mdm_ip ${m.ip} --mdm_role manager --new_mdm_management_ip ${m.ip} --new_mdm_name ${m.name}`
        : sh`scli --add_standby_mdm --new_mdm_ip ${m.ip} --mdm_role tb --new_mdm_name ${m.name}`;
    return sh`scli_login
q=$(query)
if has_name "$q" ${m.name}; then step_result false exists; exit 0; fi
if has_ip "$q" ${m.ip}; then
  echo ${`${m.ip} is already in the MDM cluster under another name than ${m.name}`} >&2
  step_result false conflict "" "" "" "" "IP in cluster under another name"
  exit 4
fi
${add}
step_result true added`;
  };
  const slaves = members.filter((m) => m.role === 'manager').map((m) => m.name);
  const tbs = members.filter((m) => m.role === 'tb').map((m) => m.name);
  const mode = sh`scli_login
q=$(query)
if printf '%s\\n' "$q" | grep -q ${`Mode: ${modeArg},`}; then step_result false exists; exit 0; fi
standby=$(printf '%s\\n' "$q" | sed -n '/^Standby MDMs:/,/^[^[:space:]]/p' | sed -n 's/^[[:space:]]*Name: \\([^,]*\\),.*/\\1/p')
pick() { out=; for n in "$@"; do if printf '%s\\n' "$standby" | grep -Fxq "$n"; then out="\${out:+$out,}$n"; fi; done; printf '%s' "$out"; }
slaves=$(pick ${slaves}); tbs=$(pick ${tbs})
set --
if [ -n "$slaves" ]; then set -- "$@" --add_slave_mdm_name "$slaves"; fi
if [ -n "$tbs" ]; then set -- "$@" --add_tb_name "$tbs"; fi
if [ $# -eq 0 ]; then echo "no standby MDMs to add: add them first" >&2; exit 1; fi
scli --switch_cluster_mode --cluster_mode ${modeArg} "$@"
step_result true switched`;
  const rename = sh`scli_login
q=$(query)
current=$(printf '%s\\n' "$q" | sed -n '/^Cluster:/{n;s/^[[:space:]]*Name: \\([^,]*\\),.*/\\1/p;}')
if [ "$current" = ${input.systemName} ]; then step_result false exists; exit 0; fi
scli --rename_system --new_name ${input.systemName}
step_result true renamed`;
  return [
    step(
      'mdm-cluster-create',
      `cluster exists (query_cluster answers) -> changed:false; else create with mdm1 at ${p}`,
      create,
      ref
    ),
    step('mdm-cluster-password', 'login with the new password works -> changed:false', password, ref),
    ...members.map((m) =>
      step(`mdm-cluster-add-${m.name}`, `${m.name} (${m.ip}) listed by query_cluster -> changed:false`, standby(m), ref)
    ),
    step('mdm-cluster-mode', `query_cluster shows Mode: ${modeArg} -> changed:false`, mode, ref),
    step('mdm-cluster-rename', `system already named ${input.systemName} -> changed:false`, rename, ref),
  ];
}
