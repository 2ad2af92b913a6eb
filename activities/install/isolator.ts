// The DVDI isolator (mesos-module-dvdi): the .so in /usr/lib, /usr/lib/dvdi-mod.json, and the agent's
// /etc/mesos-slave/{modules,isolation} flag files. Unlike the old framework it keeps what is already
// there: other module libraries are merged into dvdi-mod.json, other isolators stay on the isolation line.
// It never restarts the agent itself (that would cut this task off): it reports agentRestartRequired.
import { osFamily, type OsInput } from './os';
import { sh } from './quote';
import { script } from './snippets';
import { LIGHT_RESOURCES, type Step } from './step';
import { FieldCheck, sandboxFileName } from './validate';

export const DVDI_MODULE = 'com_emccode_mesos_DockerVolumeDriverIsolator';
export const DVDI_MOD_JSON = '/usr/lib/dvdi-mod.json';
export const AGENT_MODULES_FILE = '/etc/mesos-slave/modules';
export const AGENT_ISOLATION_FILE = '/etc/mesos-slave/isolation';
/** Mesos's isolation when the flag is unset; kept when we add ours to an absent file. */
const DEFAULT_ISOLATION = 'posix/cpu,posix/mem';

export interface IsolatorInput {
  os: OsInput;
  /** URL of libmesos_dvdi_isolator-<version>.so */
  url: string;
  /** The isolator_command parameter (old framework: /emc/dvdi_isolator). */
  isolatorCommand?: string;
}

export function isolatorVersion(url: string): string | undefined {
  return /libmesos_dvdi_isolator-(\d+\.\d+\.\d+)\.so$/.exec(url)?.[1];
}

function dvdiLibrary(soPath: string, isolatorCommand: string) {
  return {
    file: soPath,
    modules: [{ name: DVDI_MODULE, parameters: [{ key: 'isolator_command', value: isolatorCommand }] }],
  };
}

/** The content of /usr/lib/dvdi-mod.json when nothing else is configured (the old framework's file). */
export function dvdiModJson(soPath: string, isolatorCommand: string): string {
  return JSON.stringify({ libraries: [dvdiLibrary(soPath, isolatorCommand)] });
}

export function buildIsolatorStep(input: IsolatorInput): Step {
  const os = osFamily(input.os);
  const c = new FieldCheck('DVDI isolator step');
  c.url('url', input.url, ['.so']);
  const version = isolatorVersion(String(input.url));
  if (!version) c.problems.push({ field: 'url', problem: 'must end in libmesos_dvdi_isolator-<x.y.z>.so' });
  const cmd = input.isolatorCommand ?? '/emc/dvdi_isolator';
  if (!/^\/[A-Za-z0-9_./-]{1,255}$/.test(cmd))
    c.problems.push({ field: 'isolatorCommand', problem: 'must be an absolute path' });
  c.done();
  const file = sandboxFileName(input.url);
  const so = `/usr/lib/${file}`;
  const ours = dvdiModJson(so, cmd);
  const library = JSON.stringify(dvdiLibrary(so, cmd));
  const body = sh`so=${so}; mod=${DVDI_MODULE}; changed=false
if ! cat "$so" >/dev/null 2>&1; then install -D -m 0755 ${`./${file}`} "$so"; changed=true; fi
modules=$(cat ${AGENT_MODULES_FILE} 2>/dev/null) || modules=
case "$modules" in
  '') current= ;;
  file://*) current=$(cat "\${modules#file://}" 2>/dev/null) || current= ;;
  *) current=$modules ;;
esac
if [ -z "$current" ]; then
  json=${ours}
elif printf '%s\\n' "$current" | grep -Fq "$so"; then
  json=$current
elif printf '%s\\n' "$current" | grep -q 'libmesos_dvdi_isolator-[0-9.]*\\.so'; then
  json=$(printf '%s\\n' "$current" | sed "s|/[^\\"]*libmesos_dvdi_isolator-[0-9.]*\\.so|$so|g")
elif printf '%s\\n' "$current" | grep -q '"libraries"[[:space:]]*:[[:space:]]*\\[[[:space:]]*\\]'; then
  lib=${library}
  json=$(printf '%s\\n' "$current" | sed "s|\\"libraries\\"[[:space:]]*:[[:space:]]*\\[[[:space:]]*\\]|\\"libraries\\":[$lib]|")
elif printf '%s\\n' "$current" | grep -q '"libraries"[[:space:]]*:[[:space:]]*\\['; then
  lib=${library}
  json=$(printf '%s\\n' "$current" | sed "s|\\"libraries\\"[[:space:]]*:[[:space:]]*\\[|\\"libraries\\":[$lib,|")
else
  echo "cannot merge the existing Mesos modules configuration ($modules): merge ${DVDI_MOD_JSON} by hand" >&2
  step_result false conflict "" "" "" "" "existing modules config not mergeable"
  exit 4
fi
old_json=$(cat ${DVDI_MOD_JSON} 2>/dev/null) || old_json=
if [ "$json" != "$old_json" ]; then printf '%s\\n' "$json" | install -D -m 0644 /dev/stdin ${DVDI_MOD_JSON}; changed=true; fi
if [ "$modules" != ${`file://${DVDI_MOD_JSON}`} ]; then
  printf '%s\\n' ${`file://${DVDI_MOD_JSON}`} | install -D -m 0644 /dev/stdin ${AGENT_MODULES_FILE}; changed=true
fi
iso=$(cat ${AGENT_ISOLATION_FILE} 2>/dev/null) || iso=
first=$(printf '%s\\n' "$iso" | sed -n '/[^[:space:]]/{p;q;}')
case ",$first," in
  *",$mod,"*) ;;
  *)
    if [ -z "$first" ]; then line="$mod,"${DEFAULT_ISOLATION}; else line="$mod,$first"; fi
    printf '%s\\n' "$iso" | awk -v new="$line" '!done && NF { print new; done = 1; next } NF || done { print } END { if (!done) print new }' | install -D -m 0644 /dev/stdin ${AGENT_ISOLATION_FILE}
    changed=true ;;
esac
step_result "$changed" "$([ "$changed" = true ] && echo configured || echo unchanged)" ${version ?? ''} "" "" "$changed"`;
  return {
    name: 'install-isolator',
    role: 'isolator',
    os,
    command: script(undefined, body),
    uris: [{ value: input.url, extract: false }],
    env: {},
    secretEnv: {},
    resources: { ...LIGHT_RESOURCES },
    timeoutMs: 5 * 60_000,
    check: `${so} present, ${DVDI_MOD_JSON} lists it, modules flag points there, isolation line has ${DVDI_MODULE}; changed:false when all hold; agentRestartRequired when anything changed`,
  };
}
