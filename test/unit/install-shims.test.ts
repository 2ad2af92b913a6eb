// Built steps run for real through the simulator's shims (no Mesos): each URI is fetched into the node's
// sandbox as the Mesos fetcher would, secret references are resolved here as the bridge would, and the
// command runs under /bin/sh with the shims first on PATH.
import {
  buildGatewayStep,
  buildIsolatorStep,
  buildLiaStep,
  buildMdmClusterSteps,
  buildMdmStep,
  buildPrerequisitesStep,
  buildProbeStep,
  buildRestartAgentStep,
  buildRexrayStep,
  buildSdcStep,
  buildSdsStep,
  buildUninstallStep,
  GATEWAY_PROPERTIES,
  parseNodeFacts,
  parseStepResult,
  REXRAY_CONFIG,
  type Step,
  type StepResult,
} from '../../activities/install';
import { defaultPackageUrls } from '../../common/spec/packages';
import type { OsFamily } from '../../common/spec/types';
import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

const V = '2.0-10000.2072';
const V_NEW = '2.0-12000.122';
const FOREIGN_MODULES: Record<string, string> = {
  '/etc/mesos-slave/modules': '{"libraries": [{"file": "/usr/lib/libother.so"}]}',
};
const PASSWORD = `S3cr'et $(reboot) "x"`;
const SECRETS: Record<string, string> = { 'env:SCALEIO_PASSWORD': PASSWORD };

async function runStep(
  w: ShimWorld,
  host: string,
  step: Step
): Promise<{ code: number; result?: StepResult; out: string }> {
  for (const u of step.uris) await w.fetchInto(host, u.value.slice(u.value.lastIndexOf('/') + 1));
  const secrets = Object.fromEntries(Object.entries(step.secretEnv).map(([k, ref]) => [k, SECRETS[ref]!]));
  const r = await w.run(host, step.command, { ...step.env, ...secrets });
  return { code: r.code, result: parseStepResult(r.stdout), out: r.stdout + r.stderr };
}

describe('install steps through the shims on ubuntu16 and rhel7', () => {
  let w: ShimWorld;
  const HOSTS: [string, OsFamily][] = [
    ['u16', 'ubuntu16'],
    ['el7', 'rhel7'],
  ];
  beforeAll(async () => {
    w = await startShimWorld([
      { hostname: 'u16', ip: '10.0.2.1', os: { family: 'ubuntu', version: '16.04' } },
      { hostname: 'el7', ip: '10.0.2.2', os: { family: 'rhel', version: '7.3' } },
      { hostname: 'u14', ip: '10.0.2.3', os: { family: 'ubuntu', version: '14.04' } },
    ]);
  });
  afterAll(() => w.close());

  it.each(HOSTS)('%s: prerequisites, SDS twice (second a no-op), probe shows the version', async (host, os) => {
    const urls = defaultPackageUrls(w.repo.dirs.scaleio, os, V);
    const pre = buildPrerequisitesStep({ os });
    expect(await runStep(w, host, pre)).toMatchObject({ code: 0, result: { changed: true, status: 'installed' } });
    expect(await runStep(w, host, pre)).toMatchObject({ code: 0, result: { changed: false, status: 'unchanged' } });

    const sds = buildSdsStep({ os, url: urls.sds, version: V });
    expect(await runStep(w, host, sds)).toMatchObject({
      code: 0,
      result: { changed: true, status: 'installed', version: V },
    });
    const again = await runStep(w, host, sds);
    expect(again).toMatchObject({ code: 0, result: { changed: false, status: 'unchanged', version: V } });
    const installs = w.registry.installLog
      .list()
      .filter((e) => e.hostname === host && e.package.toLowerCase() === 'emc-scaleio-sds');
    expect(installs.map((e) => e.action)).toEqual(['install']);

    const probe = await runStep(w, host, buildProbeStep());
    expect(probe.code).toBe(0);
    const facts = parseNodeFacts(probe.out);
    expect(facts.os.family).toBe(os);
    expect(facts.scaleio).toEqual({ sds: V });
    expect(facts.systemDisk).toBe('/dev/sda');
    expect(facts.freeDevices).toEqual(['/dev/sdb', '/dev/sdc']);
  });

  it('ubuntu14: the 4.4 kernel asks for a reboot; the gateway restarts through service (no systemctl)', async () => {
    const pre = await runStep(w, 'u14', buildPrerequisitesStep({ os: 'ubuntu14' }));
    expect(pre.result).toMatchObject({ changed: true, rebootRequired: true });
    expect(pre.result?.detail).toContain('linux-image-4.4.0-38-generic');
    const gw = buildGatewayStep({
      os: 'ubuntu14',
      url: defaultPackageUrls(w.repo.dirs.scaleio, 'ubuntu14', V).gw,
      version: V,
      adminPasswordRef: 'env:SCALEIO_PASSWORD',
      mdmIps: ['10.0.2.9'],
    });
    expect(await runStep(w, 'u14', gw)).toMatchObject({ code: 0, result: { changed: true, status: 'installed' } });
    expect(w.registry.get('u14').files[GATEWAY_PROPERTIES]?.content).toContain('mdm.ip.addresses=10.0.2.9\n');
  });

  it.each(HOSTS)('%s: upgrades an older SDS, refuses a downgrade, uninstalls once', async (host, os) => {
    const newer = buildSdsStep({ os, url: defaultPackageUrls(w.repo.dirs.scaleio, os, V_NEW).sds, version: V_NEW });
    expect(await runStep(w, host, newer)).toMatchObject({
      code: 0,
      result: { changed: true, status: 'upgraded', version: V_NEW, previousVersion: V },
    });
    const older = buildSdsStep({ os, url: defaultPackageUrls(w.repo.dirs.scaleio, os, V).sds, version: V });
    expect(await runStep(w, host, older)).toMatchObject({
      code: 3,
      result: { changed: false, status: 'refused-downgrade', version: V_NEW },
    });
    const rm = buildUninstallStep({ os, role: 'sds' });
    expect(await runStep(w, host, rm)).toMatchObject({
      code: 0,
      result: { changed: true, status: 'removed', previousVersion: V_NEW },
    });
    expect(await runStep(w, host, rm)).toMatchObject({ code: 0, result: { changed: false, status: 'absent' } });
  });
});

describe('MDM cluster, SDC, gateway, REX-Ray and isolator through the shims on three rhel7 nodes', () => {
  let w: ShimWorld;
  const IPS = { mdm1: '10.0.3.1', mdm2: '10.0.3.2', tb: '10.0.3.3' };
  const os: OsFamily = 'rhel7';
  let urls: ReturnType<typeof defaultPackageUrls>;
  beforeAll(async () => {
    w = await startShimWorld(
      Object.entries(IPS).map(([hostname, ip]) => ({
        hostname,
        ip,
        os: { family: 'rhel' as const, version: '7.3' },
        files: hostname === 'mdm1' ? FOREIGN_MODULES : {},
      }))
    );
    urls = defaultPackageUrls(w.repo.dirs.scaleio, os, V);
    for (const host of Object.keys(IPS)) {
      expect((await runStep(w, host, buildPrerequisitesStep({ os, withGateway: true }))).code).toBe(0);
      const mdm = buildMdmStep({ os, url: urls.mdm, version: V, manager: host !== 'tb' });
      expect((await runStep(w, host, mdm)).code).toBe(0);
    }
  });
  afterAll(() => w.close());

  it('builds a ThreeNodes cluster named as asked; a second pass changes nothing', async () => {
    const steps = buildMdmClusterSteps({
      mode: 3,
      primaryIp: IPS.mdm1,
      managerIps: [IPS.mdm2],
      tieBreakerIps: [IPS.tb],
      systemName: 'demo',
      adminPasswordRef: 'env:SCALEIO_PASSWORD',
    });
    for (const s of steps) expect(await runStep(w, 'mdm1', s)).toMatchObject({ code: 0, result: { changed: true } });
    const mdm = w.cluster.snapshot().mdmCluster!;
    expect(mdm.clusterMode).toBe('ThreeNodes');
    expect(mdm.master?.name).toBe('mdm1');
    expect(mdm.slaves.map((n) => n.name)).toEqual(['mdm2']);
    expect(mdm.tieBreakers.map((n) => n.name)).toEqual(['tb']);
    expect(w.cluster.snapshot().system?.name).toBe('demo');
    for (const s of steps) expect(await runStep(w, 'mdm1', s)).toMatchObject({ code: 0, result: { changed: false } });
  });

  it('SDC connects and the probe reads its GUID; gateway and REX-Ray are configured once', async () => {
    const sdc = buildSdcStep({ os, url: urls.sdc, version: V, mdmIps: [IPS.mdm1, IPS.mdm2] });
    expect((await runStep(w, 'mdm1', sdc)).result).toMatchObject({ changed: true, status: 'installed' });
    const facts = parseNodeFacts((await runStep(w, 'mdm1', buildProbeStep())).out);
    expect(facts.sdcGuid).toBe(w.registry.get('mdm1').sdc.guid);

    const ref = 'env:SCALEIO_PASSWORD';
    expect((await runStep(w, 'mdm1', buildLiaStep({ os, url: urls.lia, version: V, tokenRef: ref }))).code).toBe(0);
    const gw = buildGatewayStep({ os, url: urls.gw, version: V, adminPasswordRef: ref, mdmIps: [IPS.mdm1, IPS.mdm2] });
    expect((await runStep(w, 'mdm1', gw)).result).toMatchObject({ changed: true, status: 'installed' });
    expect((await runStep(w, 'mdm1', gw)).result).toMatchObject({ changed: false });
    const props = w.registry.get('mdm1').files[GATEWAY_PROPERTIES]!;
    expect(props.mode).toBe('0600');
    expect(props.content).toContain(`mdm.ip.addresses=${IPS.mdm1},${IPS.mdm2}\n`);
    expect(props.content).toContain('security.bypass_certificate_check=true\n');

    const rexray = buildRexrayStep({
      os,
      url: w.repo.fileUrl('rexray-0.8.2.x86_64.rpm'),
      version: '0.8.2',
      gatewayEndpoint: `https://${IPS.mdm1}/api`,
      protectionDomain: 'pd1',
      storagePool: 'sp1',
      systemName: 'demo',
      adminPasswordRef: ref,
    });
    expect(await runStep(w, 'mdm1', rexray)).toMatchObject({ code: 0, result: { changed: true, status: 'installed' } });
    expect(await runStep(w, 'mdm1', rexray)).toMatchObject({ code: 0, result: { changed: false } });
    const node = w.registry.get('mdm1');
    expect(node.services.rexray?.active).toBe(true);
    const cfg = node.files[REXRAY_CONFIG]!;
    expect(cfg.mode).toBe('0600');
    expect(cfg.content).toContain(`  password: 'S3cr''et $(reboot) "x"'\n`);
  });

  it('isolator keeps the existing module and isolators; the agent restart is a separate step', async () => {
    const iso = buildIsolatorStep({ os, url: w.repo.fileUrl('libmesos_dvdi_isolator-1.0.1.so') });
    expect((await runStep(w, 'mdm1', iso)).result).toMatchObject({ changed: true, agentRestartRequired: true });
    expect((await runStep(w, 'mdm1', iso)).result).toEqual({ changed: false, status: 'unchanged', version: '1.0.1' });
    const f = w.registry.get('mdm1').files;
    expect(f['/etc/mesos-slave/isolation']?.content).toBe(
      'com_emccode_mesos_DockerVolumeDriverIsolator,cgroups/cpu,cgroups/mem\n'
    );
    expect(f['/etc/mesos-slave/modules']?.content).toBe('file:///usr/lib/dvdi-mod.json\n');
    const libs = (JSON.parse(f['/usr/lib/dvdi-mod.json']!.content) as { libraries: { file: string }[] }).libraries;
    expect(libs.map((l) => l.file)).toEqual(['/usr/lib/libmesos_dvdi_isolator-1.0.1.so', '/usr/lib/libother.so']);
    expect(w.hooks.filter((h) => h.startsWith('restartAgent'))).toEqual([]);

    // On a node without foreign modules the agent restarts cleanly with the new flags.
    expect((await runStep(w, 'mdm2', iso)).result).toMatchObject({ changed: true });
    expect((await runStep(w, 'mdm2', buildRestartAgentStep({ os }))).code).toBe(0);
    expect(w.hooks).toContain('restartAgent:mdm2');
    expect(w.hooks.some((h) => h.startsWith('agentDown:mdm2'))).toBe(false);
  });
});
