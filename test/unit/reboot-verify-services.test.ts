// The verify-services step through the simulator's shims (no Mesos): it names the services that are down, checks
// scini and rexray only where their packages are installed, asks upstart on Ubuntu 14.04, and changes nothing.
// Also the settings around reboots: the spec's noReboot flag and the control-plane hosts override.
import {
  buildPrerequisitesStep,
  buildSdcStep,
  buildVerifyServicesStep,
  parseStepResult,
  type Step,
} from '../../activities/install';
import { loadConfig } from '../../common/config';
import { servicesIn } from '../../common/node-steps';
import { defaultPackageUrls } from '../../common/spec/packages';
import { validateClusterSpec } from '../../common/spec';
import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';
import { goodSpec } from '../fixtures/specs';

const V = '2.0-10000.2072';
let w: ShimWorld;

beforeAll(async () => {
  w = await startShimWorld([
    { hostname: 'u16', ip: '10.0.3.1', os: { family: 'ubuntu', version: '16.04' } },
    { hostname: 'el7', ip: '10.0.3.2', os: { family: 'rhel', version: '7.3' } },
    { hostname: 'u14', ip: '10.0.3.3', os: { family: 'ubuntu', version: '14.04' } },
  ]);
});
afterAll(() => w.close());

async function run(host: string, step: Step) {
  for (const u of step.uris) await w.fetchInto(host, u.value.slice(u.value.lastIndexOf('/') + 1));
  const r = await w.run(host, step.command, step.env);
  return { code: r.code, result: parseStepResult(r.stdout), stderr: r.stderr };
}

const shell = (host: string, command: string) => w.run(host, command);

test.each([
  ['u16', 'ubuntu16'],
  ['el7', 'rhel7'],
] as const)('%s: the agent alone, then scini once the SDC is installed; a stopped one is named', async (host, os) => {
  const verify = buildVerifyServicesStep({ os });
  expect(await run(host, verify)).toMatchObject({
    code: 0,
    result: { changed: false, status: 'services-up', detail: 'up: mesos-slave' },
  });
  expect((await run(host, buildPrerequisitesStep({ os }))).code).toBe(0);
  const url = defaultPackageUrls(w.repo.dirs.scaleio, os, V).sdc;
  expect(await run(host, buildSdcStep({ os, url, version: V, mdmIps: ['10.0.3.9'] }))).toMatchObject({ code: 0 });
  const up = await run(host, verify);
  expect(servicesIn(up.result?.detail, 'up')).toEqual(['mesos-slave', 'scini']);

  expect((await shell(host, 'systemctl stop scini')).code).toBe(0);
  const down = await run(host, verify);
  expect(down).toMatchObject({ code: 0, result: { status: 'services-down', detail: 'down: scini' } });
  expect(down.stderr).toContain('scini is not active');
  // Read-only: the check left scini down.
  expect(w.registry.get(host).services.scini?.active).toBe(false);
});

test('u14: asks upstart, whose status exits 0 for a stopped job too', async () => {
  const verify = buildVerifyServicesStep({ os: 'ubuntu14' });
  expect((await run('u14', verify)).result).toMatchObject({ status: 'services-up' });
  expect(verify.command).toContain('service "$1" status');
  expect(verify.command).not.toContain('systemctl');
  expect((await shell('u14', 'service mesos-slave stop')).code).toBe(0);
  const down = await run('u14', verify);
  expect(down.result).toMatchObject({ status: 'services-down', detail: 'down: mesos-slave' });
  expect(servicesIn(down.result?.detail, 'down')).toEqual(['mesos-slave']);
});

test('servicesIn reads only its own list', () => {
  expect(servicesIn('down: rexray scini', 'down')).toEqual(['rexray', 'scini']);
  expect(servicesIn('down: rexray', 'up')).toEqual([]);
  expect(servicesIn(undefined, 'down')).toEqual([]);
});

test('noReboot: false unless given, a boolean only', () => {
  const ok = validateClusterSpec(goodSpec('c1'));
  expect(ok.ok && ok.spec.noReboot).toBe(false);
  const on = validateClusterSpec({ ...goodSpec('c1'), noReboot: true });
  expect(on.ok && on.spec.noReboot).toBe(true);
  expect(validateClusterSpec({ ...goodSpec('c1'), noReboot: 'yes' })).toEqual({
    ok: false,
    problems: [{ field: 'noReboot', problem: 'must be true or false, got "yes"' }],
  });
});

test('SCALEIO_CONTROL_PLANE_HOSTS: a list of hostnames, each checked', () => {
  expect(loadConfig({ SCALEIO_CONTROL_PLANE_HOSTS: 'node-2, node-5,node-2' }).controlPlane).toEqual({
    hosts: ['node-2', 'node-5'],
  });
  expect(loadConfig({}).controlPlane).toBeUndefined();
  expect(() => loadConfig({ SCALEIO_CONTROL_PLANE_HOSTS: 'node-2,$(reboot)' })).toThrow(
    /SCALEIO_CONTROL_PLANE_HOSTS: SCALEIO_CONTROL_PLANE_HOSTS must be a comma-separated list of hostnames/
  );
});
