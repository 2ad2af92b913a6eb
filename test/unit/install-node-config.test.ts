import { parse as parseYaml } from 'yaml';
import {
  ADMIN_PASSWORD_ENV,
  buildIsolatorStep,
  buildRebootStep,
  buildRestartAgentStep,
  buildRexrayStep,
  DVDI_MODULE,
  dvdiModJson,
  isolatorVersion,
  parseStepResult,
  renderRexrayConfig,
  REXRAY_CONFIG,
  type RexrayInput,
} from '../../activities/install';
import { InputError } from '../../common/errors';

const REF = 'file:/run/secrets/scaleio-admin';

interface Ops {
  volume: { operations: Record<string, Record<string, boolean>> };
}
interface RexrayDoc {
  libstorage: { service: string; integration: Ops };
  rexray: { modules: Record<string, { host: string; libstorage: { integration?: Ops } }> };
  scaleio: Record<string, unknown>;
}
const REXRAY: RexrayInput = {
  os: 'rhel7',
  url: 'https://repo.example.com/rexray/rexray-0.8.2.x86_64.rpm',
  version: '0.8.2',
  gatewayEndpoint: 'https://10.0.0.1/api',
  protectionDomain: 'pd1',
  storagePool: 'sp1',
  systemName: 'scaleio',
  adminPasswordRef: REF,
};
const ISO_URL = 'https://repo.example.com/isolator/libmesos_dvdi_isolator-1.0.1.so';

describe('REX-Ray', () => {
  it('renders the old framework keys, the password left for the node to fill in', () => {
    const doc = parseYaml(renderRexrayConfig(REXRAY).replace('@@PASSWORD@@', "'pw'")) as RexrayDoc;
    expect(doc.libstorage.service).toBe('scaleio');
    expect(doc.libstorage.integration.volume.operations.mount?.preempt).toBe(true);
    expect(doc.rexray.modules.mesos?.host).toBe('unix:///run/docker/plugins/mesos.sock');
    expect(doc.rexray.modules.mesos?.libstorage.integration?.volume.operations.unmount?.ignoreUsedCount).toBe(true);
    expect(doc.scaleio).toEqual({
      endpoint: 'https://10.0.0.1/api',
      insecure: true,
      thinOrThick: 'ThinProvisioned',
      userName: 'admin',
      password: 'pw',
      systemName: 'scaleio',
      protectionDomainName: 'pd1',
      storagePoolName: 'sp1',
    });
    const byId = parseYaml(
      renderRexrayConfig({ ...REXRAY, systemId: '6f831c6866417634', insecure: false }).replace('@@PASSWORD@@', 'x')
    ) as RexrayDoc;
    expect(byId.scaleio.systemID).toBe('6f831c6866417634');
    expect(byId.scaleio.insecure).toBe(false);
  });

  it('writes the config 0600, orders rexray after scini, takes the password from a reference', () => {
    const s = buildRexrayStep(REXRAY);
    expect(s.secretEnv).toEqual({ [ADMIN_PASSWORD_ENV]: REF });
    expect(s.command).not.toContain(REF);
    expect(s.command).toContain(`install -D -m 0600 /dev/stdin ${REXRAY_CONFIG}`);
    expect(s.command).toContain('After=scini.service');
    expect(s.command.indexOf('systemctl start scini')).toBeLessThan(s.command.indexOf('systemctl restart rexray'));
    expect(s.uris).toEqual([{ value: REXRAY.url, extract: false }]);
    const u14 = buildRexrayStep({ ...REXRAY, os: 'ubuntu14', url: 'https://r.example.com/rexray_0.8.2_amd64.deb' });
    expect(u14.command).toContain('/etc/init.d/scini start; /usr/bin/rexray start');
    expect(u14.command).toContain('service rexray restart');
    expect(u14.command).not.toContain('systemctl');
  });

  it('validates endpoint, names and package type', () => {
    expect(() => buildRexrayStep({ ...REXRAY, gatewayEndpoint: 'http://10.0.0.1/api' })).toThrow(
      /gatewayEndpoint: must be an https/
    );
    expect(() => buildRexrayStep({ ...REXRAY, storagePool: "sp'1" })).toThrow(/storagePool/);
    expect(() => buildRexrayStep({ ...REXRAY, url: 'https://r.example.com/rexray_0.8.2_amd64.deb' })).toThrow(
      /url: must name a \.rpm/
    );
    expect(() => buildRexrayStep({ ...REXRAY, systemId: 'XYZ' })).toThrow(InputError);
  });
});

describe('DVDI isolator', () => {
  it('installs the .so into /usr/lib and points the agent flags at dvdi-mod.json', () => {
    expect(isolatorVersion(ISO_URL)).toBe('1.0.1');
    const s = buildIsolatorStep({ os: 'ubuntu16', url: ISO_URL });
    expect(s.uris).toEqual([{ value: ISO_URL, extract: false }]);
    expect(s.command).toContain('install -D -m 0755 ./libmesos_dvdi_isolator-1.0.1.so "$so"');
    expect(s.command).toContain('so=/usr/lib/libmesos_dvdi_isolator-1.0.1.so');
    expect(s.command).toContain('file:///usr/lib/dvdi-mod.json');
    expect(s.command).toContain('/etc/mesos-slave/isolation');
    expect(s.command).not.toMatch(/systemctl|service |shutdown|(^|[;&|]\s*)reboot\b/m);
    expect(JSON.parse(dvdiModJson('/usr/lib/x.so', '/emc/dvdi_isolator'))).toEqual({
      libraries: [
        {
          file: '/usr/lib/x.so',
          modules: [{ name: DVDI_MODULE, parameters: [{ key: 'isolator_command', value: '/emc/dvdi_isolator' }] }],
        },
      ],
    });
  });

  it('rejects a URL that is not a versioned isolator module', () => {
    expect(() => buildIsolatorStep({ os: 'rhel7', url: 'https://x.example.com/libfoo.so' })).toThrow(
      /url: must end in libmesos_dvdi_isolator/
    );
    expect(() => buildIsolatorStep({ os: 'rhel7', url: ISO_URL, isolatorCommand: 'rm -rf /' })).toThrow(
      /isolatorCommand/
    );
  });
});

describe('agent restart and reboot', () => {
  it('uses service on 14.04 and systemctl elsewhere, and reports before acting', () => {
    expect(buildRestartAgentStep({ os: 'ubuntu14' }).command).toMatch(
      /step_result true restarted\nservice mesos-slave restart$/
    );
    expect(buildRestartAgentStep({ os: 'centos7' }).command).toContain('systemctl restart mesos-slave');
    const reboot = buildRebootStep({ os: 'rhel7' });
    expect(reboot.rebootRequired).toBe(true);
    expect(reboot.command).toMatch(/step_result true reboot-scheduled .*\nshutdown -r \+1 /);
  });
});

describe('parseStepResult', () => {
  it('reads the last STEP-RESULT line and ignores malformed ones', () => {
    const out =
      'noise\nSTEP-RESULT {"changed":true,"status":"installed"}\nSTEP-RESULT {"changed":false,"status":"unchanged","version":"2.0-1.2","agentRestartRequired":true}\n';
    expect(parseStepResult(out)).toEqual({
      changed: false,
      status: 'unchanged',
      version: '2.0-1.2',
      agentRestartRequired: true,
    });
    expect(parseStepResult('no result')).toBeUndefined();
    expect(parseStepResult('STEP-RESULT {broken')).toBeUndefined();
    expect(parseStepResult('STEP-RESULT {"changed":"yes","status":"x"}')).toBeUndefined();
  });
});
