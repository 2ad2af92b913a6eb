// The capacity providers and their configuration: the simulator provider speaks to a loopback stand-in of the
// simulator's control API (the disk it asks for, a retry after a lost answer, refusals, faults); `none` and bad
// settings are refused by name; the supervisor's registered procedures are read back from its progress answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { capacityProviderFromConfig } from '../../activities/capacity/from-config';
import { claimsFromProgress } from '../../activities/capacity/procedures';
import { CapacityProviderError, noCapacityProvider } from '../../activities/capacity/provider';
import { nextDevicePath, simulatorCapacityProvider } from '../../activities/capacity/simulator';
import { InputError } from '../../common/errors';
import { supervisorProgress } from '../../workflows/lib/supervisor-progress';

let server: Server;
let url: string;
const received: { path: string; body: unknown }[] = [];
let answer: (body: Record<string, unknown>) => [number, unknown] = () => [200, { ok: true, result: [] }];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      const [status, reply] = answer(body);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  received.length = 0;
});

const request = (existingDevices: string[]) => ({
  cluster: 'c1',
  hostname: 'node-2',
  sizeGb: 150,
  existingDevices,
  requestId: 'run-1/growth/3/0',
});
const signal = () => new AbortController().signal;

test('the simulator provider plugs the next free /dev/sdX into the node through the control API', async () => {
  answer = () => [200, { ok: true, result: ['/dev/sda', '/dev/sdb', '/dev/sdc', '/dev/sdd'] }];
  const p = simulatorCapacityProvider(`${url}/`);
  expect(p.describe()).toEqual({ available: true, detail: `simulator control API at ${url}` });
  const v = await p.provision(request(['/dev/sda', '/dev/sdb', '/dev/sdc']), signal());
  expect(v).toMatchObject({ hostname: 'node-2', devicePath: '/dev/sdd', sizeGb: 150 });
  expect(received).toEqual([
    { path: '/sim/faults/add-disk', body: { hostname: 'node-2', path: '/dev/sdd', sizeGb: 150 } },
  ]);
});

test('a retry after a lost answer finds its disk there already and takes it', async () => {
  answer = (b) => [400, { ok: false, message: `fault add-disk: path: node-2 already has ${String(b.path)}` }];
  const v = await simulatorCapacityProvider(url).provision(request(['/dev/sda']), signal());
  expect(v.devicePath).toBe('/dev/sdb');
  expect(v.detail).toContain('an earlier attempt plugged it');
});

test('a refusal is final, a server fault or an unreachable API is retryable', async () => {
  answer = () => [400, { ok: false, message: 'fault add-disk: hostname: no node node-2' }];
  const refused = await simulatorCapacityProvider(url)
    .provision(request([]), signal())
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(CapacityProviderError);
  expect(refused).toMatchObject({ retryable: false, message: expect.stringContaining('no node node-2') });
  answer = () => [500, { ok: false, message: 'boom' }];
  const fault = await simulatorCapacityProvider(url)
    .provision(request([]), signal())
    .catch((e: unknown) => e);
  expect(fault).toMatchObject({ retryable: true });
  // A port nothing listens on: one taken and released again.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const down = await simulatorCapacityProvider(`http://127.0.0.1:${port}`)
    .provision(request([]), signal())
    .catch((e: unknown) => e);
  expect(down).toMatchObject({ retryable: true, message: expect.stringContaining('unreachable: ECONNREFUSED') });
});

test('device names run out at /dev/sdz', () => {
  expect(nextDevicePath([])).toBe('/dev/sdb');
  expect(nextDevicePath(['/dev/sdb', '/dev/sdd'])).toBe('/dev/sdc');
  const all = 'bcdefghijklmnopqrstuvwxyz'.split('').map((l) => `/dev/sd${l}`);
  expect(nextDevicePath(all)).toBeUndefined();
});

test('configuration: none by default, simulator with its URL, anything else refused by name', () => {
  expect(capacityProviderFromConfig({ capacity: { provider: 'none' } })).toBe(noCapacityProvider);
  expect(noCapacityProvider.describe().available).toBe(false);
  expect(() => noCapacityProvider.provision(request([]), signal())).toThrow(CapacityProviderError);
  const sim = capacityProviderFromConfig({ capacity: { provider: 'simulator', simulatorUrl: url } });
  expect(sim.name).toBe('simulator');
  const missing = (() => {
    try {
      return capacityProviderFromConfig({ capacity: { provider: 'simulator' } });
    } catch (e) {
      return e;
    }
  })();
  expect(missing).toBeInstanceOf(InputError);
  expect((missing as InputError).problems).toEqual([
    { field: 'SIM_CONTROL_URL', problem: 'is required when SCALEIO_CAPACITY_PROVIDER is simulator' },
  ]);
  expect(() => capacityProviderFromConfig({ capacity: { provider: 'aws' } })).toThrow(
    'SCALEIO_CAPACITY_PROVIDER: must be one of none, simulator, got "aws"'
  );
});

test("the supervisor's registered procedures are read back from its progress answer", () => {
  const progress = supervisorProgress(
    'c1',
    true,
    [],
    [
      { procedure: 'upgrade', workflowId: 'scaleio/c1/upgrade/R2_6.0.1' },
      { procedure: 'add-device', hostname: 'node-3', workflowId: 'scaleio/c1/device/node-3//dev/sdd' },
    ]
  );
  expect(claimsFromProgress(progress)).toEqual([
    { procedure: 'upgrade', workflowId: 'scaleio/c1/upgrade/R2_6.0.1' },
    { procedure: 'add-device', hostname: 'node-3', workflowId: 'scaleio/c1/device/node-3//dev/sdd' },
  ]);
  const odd = {
    ...progress,
    phases: [
      {
        name: 'procedures',
        status: 'STARTING' as const,
        steps: [{ name: 'w', status: 'STARTING' as const, detail: 'dance of x' }],
      },
    ],
  };
  expect(claimsFromProgress(odd)).toEqual([]);
});
