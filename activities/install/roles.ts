// Install steps per ScaleIO role, with the install-time environment the vendor packages read:
// MDM_ROLE_IS_MANAGER (1 manager, 0 tie-breaker), MDM_IP (SDC), TOKEN (LIA) and GATEWAY_ADMIN_PASSWORD
// (gateway). The two secrets travel as references in secretEnv, never as values.
import { osFamily, serviceCommand } from './os';
import { checkPackageInput, type PackageInstallInput, packageInstallStep } from './package-step';
import { sh } from './quote';
import type { Step } from './step';
import { FieldCheck } from './validate';

export const GATEWAY_PROPERTIES = '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties';
export const GATEWAY_SERVICE = 'scaleio-gateway';

function checked(what: string, input: PackageInstallInput, more?: (c: FieldCheck) => void): void {
  osFamily(input.os);
  const c = new FieldCheck(what);
  checkPackageInput(c, input);
  more?.(c);
  c.done();
}

export interface MdmInstallInput extends PackageInstallInput {
  /** true: manager (primary/secondary); false: tie-breaker. */
  manager: boolean;
}

export function buildMdmStep(input: MdmInstallInput): Step {
  checked('MDM install step', input, (c) => {
    if (typeof input.manager !== 'boolean') c.problems.push({ field: 'manager', problem: 'must be true or false' });
  });
  const step = packageInstallStep('mdm', input, { env: { MDM_ROLE_IS_MANAGER: input.manager ? '1' : '0' } });
  return { ...step, name: input.manager ? 'install-mdm' : 'install-tb' };
}

export function buildSdsStep(input: PackageInstallInput): Step {
  checked('SDS install step', input);
  return packageInstallStep('sds', input, {});
}

export interface SdcInstallInput extends PackageInstallInput {
  /** The MDM addresses the SDC driver connects to (primary first). */
  mdmIps: string[];
}

export function buildSdcStep(input: SdcInstallInput): Step {
  checked('SDC install step', input, (c) => c.ipList('mdmIps', input.mdmIps));
  return packageInstallStep('sdc', input, { env: { MDM_IP: input.mdmIps.join(',') } });
}

export interface LiaInstallInput extends PackageInstallInput {
  /** Reference to the LIA token (the admin password in the old framework). */
  tokenRef: string;
}

export function buildLiaStep(input: LiaInstallInput): Step {
  checked('LIA install step', input, (c) => c.secretRef('tokenRef', input.tokenRef));
  return packageInstallStep('lia', input, { secretEnv: { TOKEN: input.tokenRef } });
}

export interface GatewayInstallInput extends PackageInstallInput {
  /** Reference to the gateway admin password. */
  adminPasswordRef: string;
  /** Written to gatewayUser.properties as mdm.ip.addresses. */
  mdmIps: string[];
  /** security.bypass_certificate_check; the old framework set true (MDMs use self-signed certificates). */
  bypassCertificateCheck?: boolean;
}

/** Installs the gateway and keeps gatewayUser.properties pointing at the MDMs (restarting it on change). */
export function buildGatewayStep(input: GatewayInstallInput): Step {
  checked('gateway install step', input, (c) => {
    c.secretRef('adminPasswordRef', input.adminPasswordRef);
    c.ipList('mdmIps', input.mdmIps);
    if (input.bypassCertificateCheck !== undefined && typeof input.bypassCertificateCheck !== 'boolean')
      c.problems.push({ field: 'bypassCertificateCheck', problem: 'must be true or false' });
  });
  const os = osFamily(input.os);
  const bypass = (input.bypassCertificateCheck ?? true) ? 'true' : 'false';
  const after = sh`props=${GATEWAY_PROPERTIES}
set_prop() {
  printf '%s\\n' "$1" | awk -v k="$2" -v v="$3" 'index($0, k "=") == 1 { print k "=" v; f = 1; next } { print } END { if (!f) print k "=" v }'
}
old=$(cat "$props" 2>/dev/null) || old=
new=$(set_prop "$old" mdm.ip.addresses ${input.mdmIps.join(',')})
new=$(set_prop "$new" security.bypass_certificate_check ${bypass})
if [ -z "$old" ]; then new=$(printf '%s\\n' "$new" | sed '/^$/d'); fi
if [ "$new" != "$old" ]; then
  printf '%s\\n' "$new" | install -D -m 0600 /dev/stdin "$props"
  ${serviceCommand(os, 'restart', GATEWAY_SERVICE)}
  extra_changed=true
fi`;
  return packageInstallStep('gw', input, {
    secretEnv: { GATEWAY_ADMIN_PASSWORD: input.adminPasswordRef },
    after,
  });
}
