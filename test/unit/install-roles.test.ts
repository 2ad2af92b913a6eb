import {
  buildGatewayStep,
  buildLiaStep,
  buildMdmStep,
  buildPrerequisitesStep,
  buildSdcStep,
  buildSdsStep,
  buildUninstallStep,
  GATEWAY_PROPERTIES,
  type Step,
  UnsupportedOsError,
} from '../../activities/install';
import { ErrorType, InputError } from '../../common/errors';
import { defaultPackageUrls } from '../../common/spec/packages';
import type { OsFamily } from '../../common/spec/types';

const V = '2.0-10000.2072';
const REPO = 'https://repo.example.com/scaleio/';
const REF = 'env:SCALEIO_PASSWORD';
const OSES: OsFamily[] = ['ubuntu14', 'ubuntu16', 'rhel7'];
const urls = (os: OsFamily) => defaultPackageUrls(REPO, os, V);

function everyStep(os: OsFamily): Step[] {
  const u = urls(os);
  const base = { os, version: V };
  const ips = ['10.0.0.1', '10.0.0.2'];
  return [
    buildPrerequisitesStep({ os, withGateway: true }),
    buildMdmStep({ ...base, url: u.mdm, manager: true }),
    buildMdmStep({ ...base, url: u.mdm, manager: false }),
    buildSdsStep({ ...base, url: u.sds }),
    buildSdcStep({ ...base, url: u.sdc, mdmIps: ips }),
    buildLiaStep({ ...base, url: u.lia, tokenRef: REF }),
    buildGatewayStep({ ...base, url: u.gw, adminPasswordRef: REF, mdmIps: ips }),
  ];
}

describe.each(OSES)('install steps on %s', (os) => {
  const deb = os !== 'rhel7';
  const u = urls(os);

  it('prerequisites: the OS packages, the right manager, the kernel only on 14.04', () => {
    const s = buildPrerequisitesStep({ os, withGateway: true });
    expect(s.name).toBe('install-prereqs');
    expect(s.command).toContain(deb ? 'apt-get -y install "$@"' : 'yum -y install "$@"');
    expect(s.command).toContain(deb ? 'libaio1' : 'libaio');
    expect(s.command).toContain('numactl');
    expect(s.command.includes('linux-image-4.4.0-38-generic')).toBe(os === 'ubuntu14');
    if (os === 'rhel7') expect(s.command).toContain('java-1.8.0-openjdk');
    expect(s.uris).toEqual([]);
  });

  it('MDM: MDM_ROLE_IS_MANAGER 1 for a manager, 0 for a tie-breaker; the package fetched unextracted', () => {
    const mgr = buildMdmStep({ os, version: V, url: u.mdm, manager: true });
    const tb = buildMdmStep({ os, version: V, url: u.mdm, manager: false });
    expect(mgr.env).toEqual({ MDM_ROLE_IS_MANAGER: '1' });
    expect(tb.env).toEqual({ MDM_ROLE_IS_MANAGER: '0' });
    expect([mgr.name, tb.name]).toEqual(['install-mdm', 'install-tb']);
    expect(mgr.uris).toEqual([{ value: u.mdm, extract: false }]);
    const file = u.mdm.split('/').pop()!;
    expect(mgr.command).toContain(deb ? `dpkg -i ./${file}` : `rpm -Uvh ./${file}`);
    expect(mgr.command).toContain(deb ? 'pkg=emc-scaleio-mdm' : 'pkg=EMC-ScaleIO-mdm');
    expect(mgr.command).toContain(`want=${V}`);
    expect(mgr.command).toContain(deb ? 'dpkg-query -W' : 'rpm -q --qf');
  });

  it('SDS and SDC: the SDC gets MDM_IP with the MDM list', () => {
    const sds = buildSdsStep({ os, version: V, url: u.sds });
    expect(sds.name).toBe('install-sds');
    expect(sds.env).toEqual({});
    const sdc = buildSdcStep({ os, version: V, url: u.sdc, mdmIps: ['10.0.0.1', '10.0.0.2'] });
    expect(sdc.env).toEqual({ MDM_IP: '10.0.0.1,10.0.0.2' });
    expect(sdc.command).toContain(deb ? 'pkg=emc-scaleio-sdc' : 'pkg=EMC-ScaleIO-sdc');
  });

  it('LIA and gateway: secrets only as references in secretEnv', () => {
    const lia = buildLiaStep({ os, version: V, url: u.lia, tokenRef: REF });
    expect(lia.secretEnv).toEqual({ TOKEN: REF });
    expect(lia.env).toEqual({});
    const gw = buildGatewayStep({ os, version: V, url: u.gw, adminPasswordRef: REF, mdmIps: ['10.0.0.1', '10.0.0.2'] });
    expect(gw.secretEnv).toEqual({ GATEWAY_ADMIN_PASSWORD: REF });
    expect(gw.command).toContain(deb ? 'pkg=emc-scaleio-gateway' : 'pkg=EMC-ScaleIO-gateway');
    expect(gw.command).toContain(`props=${GATEWAY_PROPERTIES}`);
    expect(gw.command).toContain('mdm.ip.addresses 10.0.0.1,10.0.0.2');
    expect(gw.command).toContain('security.bypass_certificate_check true');
    expect(gw.command).toContain('install -D -m 0600 /dev/stdin "$props"');
    expect(gw.command).toContain(
      os === 'ubuntu14' ? 'service scaleio-gateway restart' : 'systemctl restart scaleio-gateway'
    );
  });

  it('every step checks first, reports a STEP-RESULT line, and has resources and a timeout', () => {
    for (const s of everyStep(os)) {
      expect(s.os).toBe(os);
      expect(s.command.startsWith('set -eu\n')).toBe(true);
      expect(s.command).toContain('step_result');
      expect(s.resources.cpus).toBeGreaterThan(0);
      expect(s.resources.memMb).toBeGreaterThan(0);
      expect(s.timeoutMs).toBeGreaterThan(0);
      expect(s.check.length).toBeGreaterThan(10);
      for (const uri of s.uris) expect(uri.extract).toBe(false);
    }
  });

  it('uninstall: removes by package name when installed', () => {
    const s = buildUninstallStep({ os, role: 'sds' });
    expect(s.name).toBe('uninstall-sds');
    expect(s.command).toContain(deb ? 'dpkg -P "$pkg"' : 'rpm -e "$pkg"');
    expect(s.command).toContain('step_result false absent');
  });
});

describe('secrets never land in a step', () => {
  it('holds no password value anywhere, only the reference', () => {
    for (const os of OSES) {
      for (const s of everyStep(os)) {
        const text = JSON.stringify({ c: s.command, e: s.env, u: s.uris });
        expect(text).not.toContain(REF);
        expect(text).not.toMatch(/Scaleio123|password=/i);
        for (const ref of Object.values(s.secretEnv)) expect(ref).toBe(REF);
      }
    }
  });
});

describe('OS families', () => {
  it('centos7 is rhel7', () => {
    const s = buildSdsStep({ os: 'centos7', version: V, url: urls('rhel7').sds });
    expect(s.os).toBe('rhel7');
    expect(s.command).toContain('rpm -Uvh');
  });

  it('CoreOS is a typed, non-retryable UnsupportedOs error', () => {
    let err: unknown;
    try {
      buildSdsStep({ os: 'coreos', version: V, url: urls('rhel7').sds });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedOsError);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).type).toBe(ErrorType.UnsupportedOs);
    expect((err as Error).name).toBe('UnsupportedOs');
    expect((err as Error).message).toMatch(/os: unsupported OS "coreos".*CoreOS/);
    expect(() => buildPrerequisitesStep({ os: 'windows' })).toThrow(UnsupportedOsError);
  });
});

describe('input validation names the field', () => {
  const bad = (f: () => unknown, field: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(field);
  };

  it('rejects hostile or malformed URLs, versions, IPs and references', () => {
    const u = urls('ubuntu16');
    bad(() => buildSdsStep({ os: 'ubuntu16', version: V, url: 'http://x/a.deb; reboot' }), /url: must be/);
    bad(() => buildSdsStep({ os: 'ubuntu16', version: V, url: 'ftp://x/a.deb' }), /url: must be/);
    bad(
      () => buildSdsStep({ os: 'ubuntu16', version: V, url: u.sds.replace('.deb', '.rpm') }),
      /url: must name a \.deb/
    );
    bad(() => buildSdsStep({ os: 'ubuntu16', version: V, url: 'http://x/a%3Breboot.deb' }), /url: must end in a plain/);
    bad(() => buildSdsStep({ os: 'ubuntu16', version: '$(reboot)', url: u.sds }), /version: must be a ScaleIO/);
    bad(() => buildSdcStep({ os: 'ubuntu16', version: V, url: u.sdc, mdmIps: ['10.0.0.1;reboot'] }), /mdmIps\[0\]/);
    bad(() => buildSdcStep({ os: 'ubuntu16', version: V, url: u.sdc, mdmIps: [] }), /mdmIps: must be a non-empty/);
    bad(() => buildSdcStep({ os: 'ubuntu16', version: V, url: u.sdc, mdmIps: ['10.0.0.1', '10.0.0.1'] }), /repeat/);
    bad(() => buildLiaStep({ os: 'ubuntu16', version: V, url: u.lia, tokenRef: 'hunter2 $(x)' }), /tokenRef/);
    bad(() => buildPrerequisitesStep({ os: 'ubuntu16', extraPackages: ['vim; reboot'] }), /extraPackages\[0\]/);
    bad(() => buildPrerequisitesStep({ os: 'ubuntu14', ubuntu14Kernel: '4.4`x`' }), /ubuntu14Kernel/);
  });

  it('reports every problem at once', () => {
    try {
      buildGatewayStep({ os: 'rhel7', version: 'x', url: 'nope', adminPasswordRef: '', mdmIps: ['1.2.3.999'] });
      throw new Error('expected a throw');
    } catch (e) {
      const fields = (e as InputError).problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['url', 'version', 'adminPasswordRef', 'mdmIps[0]']));
    }
  });
});
