// Shell functions every step shares: the machine-readable result line, version comparison and the
// installed version of a package. Written once here so each step's command stays short and uniform.
// Node files are read with `cat` and written with `install -D -m MODE /dev/stdin PATH`, never with shell
// redirection or `test -f`, so the same lines work on a real node and through the simulator's shims.
import type { PackageFormat } from './os';
import { joinScripts, sh, ShellScript } from './quote';

/**
 * step_result CHANGED STATUS [VERSION] [PREVIOUS] [REBOOT] [AGENT_RESTART] [DETAIL]
 * Values are filtered to a safe character set so the line is always valid JSON.
 */
const RESULT_FN = sh`step_str() { printf '%s' "$1" | tr -cd 'A-Za-z0-9._:~+,/= -'; }
step_result() {
  printf 'STEP-RESULT {"changed":%s,"status":"%s"' "$1" "$(step_str "$2")"
  if [ -n "\${3:-}" ]; then printf ',"version":"%s"' "$(step_str "$3")"; fi
  if [ -n "\${4:-}" ]; then printf ',"previousVersion":"%s"' "$(step_str "$4")"; fi
  if [ "\${5:-}" = true ]; then printf ',"rebootRequired":true'; fi
  if [ "\${6:-}" = true ]; then printf ',"agentRestartRequired":true'; fi
  if [ -n "\${7:-}" ]; then printf ',"detail":"%s"' "$(step_str "$7")"; fi
  printf '}\\n'
}`;

/** ver_lt A B: true when version A sorts before B (GNU sort -V, present on every supported OS). */
const VERSION_FN = sh`ver_lt() {
  [ "$1" != "$2" ] && [ "$(printf '%s\\n%s\\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]
}`;

/** pkg_version NAME: the installed version, empty when not installed (removed-but-configured counts as not). */
const PKG_VERSION_FN: Record<PackageFormat, ShellScript> = {
  deb: sh`pkg_version() {
  dpkg-query -W -f='\${Status} \${Version}\\n' "$1" 2>/dev/null | sed -n 's/^install ok installed //p' | head -n 1
}`,
  rpm: sh`pkg_version() {
  rpm -q --qf '%{VERSION}-%{RELEASE}\\n' "$1" 2>/dev/null | sed -n '/ is not installed/d; s/\\.el[0-9][0-9_]*$//; p' | head -n 1
}`,
};

export function preamble(format?: PackageFormat): ShellScript {
  const parts = [sh`set -eu`, RESULT_FN, VERSION_FN];
  if (format) parts.push(PKG_VERSION_FN[format]);
  return joinScripts(parts);
}

/** A whole step command: preamble + body, as the one string runOnAgent takes. */
export function script(format: PackageFormat | undefined, ...body: ShellScript[]): string {
  return joinScripts([preamble(format), ...body]).text;
}

export { ShellScript };
