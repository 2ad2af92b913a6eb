// The bad-input corpus as data (bad-input.test.ts runs it): for every workflow, inputs that are not objects, miss a
// required field, have the wrong type, are huge, name an unknown value or carry injection attempts, each with the
// failure type and the field its message must name; and malformed supervisor signals and update arguments.
import { validateClusterSpec } from '../../common/spec';
import { goodSpec } from '../fixtures/specs';

type Input = Record<string, unknown>;
export interface Row {
  wf: string;
  label: string;
  input: unknown;
  type: string;
  field: string;
}

export const HUGE = 'x'.repeat(100_000);
export const LOOKALIKE = 'nоde-1'; // Cyrillic "о"
const INJECTIONS = ['node-1; rm -rf /', '$(reboot)', '`id`', '../../etc/passwd', '/dev/sdb; reboot', '/tmp/disk'];
const NAMES = [...INJECTIONS, 'node-1\nreboot', LOOKALIKE];
const DEVICES = [...INJECTIONS, '/dev/../etc/passwd', '/dev/sdb$(reboot)', '/dev/`id`', '/dev/sdb\nreboot', '/dev/sdЬ'];
const VERSION = '2.0-12000.122';

export function show(v: unknown): string {
  if (typeof v === 'string' && v.length > 40) return `${v.length} chars`;
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** A copy of `base` with the field at `path` (dots; numbers index lists) set to `value`, or removed when undefined. */
function withField(base: Input, path: string, value: unknown): Input {
  const copy = JSON.parse(JSON.stringify(base)) as Input;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Input;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** Rows of one workflow: `whole` names the input when it is not an object; `set(path, value)` per bad field. */
function table(rows: Row[], wf: string, base: Input, whole?: string, type = 'InvalidInput') {
  const add = (label: string, input: unknown, field: string, t = type) =>
    rows.push({ wf, label, input, type: t, field });
  if (whole) for (const v of [null, 'text', 42, [base]]) add(`not an object: ${show(v)}`, v, whole);
  return {
    set: (path: string, value: unknown, field = path, t = type, label = path) =>
      add(value === undefined ? label : `${label}=${show(value)}`, withField(base, path, value), field, t),
    each: (path: string, values: unknown[], field = path, extra: (v: unknown) => Input = () => ({})) =>
      values.forEach((v) => add(`${path}=${show(v)}`, { ...withField(base, path, v), ...extra(v) }, field)),
  };
}

function specRows(rows: Row[], spec: Input): void {
  const t = table(rows, 'validateClusterSpec', spec, 'spec', 'InvalidSpec');
  ['name', 'passwordRef', 'packages'].forEach((f) => t.set(f, undefined, f, 'InvalidSpec', `missing ${f}`));
  t.set('mdmMode', '3');
  t.set('autoOnboard', 'yes');
  t.set('packages', 'http://127.0.0.1/');
  t.set('nodeSelection.excludeHostnames', 'node-1');
  ['name', 'passwordRef', 'packages.repository'].forEach((f) => t.set(f, HUGE));
  t.set('mdmMode', 4);
  t.set('packages.os', { coreos: {} }, 'packages.os.coreos');
  t.set('password', 'admin');
  t.each('name', NAMES);
  t.each('passwordRef', ['env:X; reboot', 'file:../../etc/passwd', 'file:/etc/$(reboot)']);
  t.set('packages.repository', 'http://127.0.0.1/$(reboot)');
  const excluded = [['node-1; rm -rf /'], ['node-1\nreboot'], [LOOKALIKE]];
  t.each('nodeSelection.excludeHostnames', excluded, 'nodeSelection.excludeHostnames.0');
  const attrs = { 'rack; rm -rf /': 'r1' };
  t.set('nodeSelection.requireAttributes', attrs, 'nodeSelection.requireAttributes.rack; rm -rf /');
  const mdms = { primary: '`id`', secondary: 'node-2', tiebreaker: 'node-3' };
  t.set('preconfiguredMdms', mdms, 'preconfiguredMdms.primary');
  t.set('volumeDriver', { gatewayEndpoint: 'https://gw/api\nreboot' }, 'volumeDriver.gatewayEndpoint');

  // A non-object bootstrap input is refused as such, not spread into a spec.
  const b = table(rows, 'bootstrapCluster', spec, 'spec', 'InvalidSpec');
  b.set('name', undefined, 'name', 'InvalidSpec', 'missing name');
  b.set('mdmMode', '3');
  b.set('name', HUGE);
  b.set('mdmMode', 7);
  b.each('name', NAMES);
  b.set('nodeSelection.excludeHostnames', ['$(reboot)'], 'nodeSelection.excludeHostnames.0');
  ['soon', 0, 1e6].forEach((v) => b.set('waitForAgentsMinutes', v, 'waitForAgentsMinutes', 'InvalidInput'));
}

/** What every node procedure shares: cluster and hostname, missing, mistyped, huge and hostile. */
function nodeRows(rows: Row[], wf: string, base: Input, confirm: (hostname: unknown) => Input = () => ({})) {
  const t = table(rows, wf, base, 'input');
  t.set('cluster', undefined, 'cluster', 'InvalidInput', 'missing cluster');
  t.set('hostname', undefined, 'hostname', 'InvalidInput', 'missing hostname');
  t.set('hostname', 42);
  t.set('cluster', ['x']);
  t.set('hostname', HUGE);
  t.set('cluster', HUGE);
  t.each('hostname', NAMES, 'hostname', confirm);
  t.each('cluster', ['demo; rm -rf /', '../../etc/passwd']);
  return t;
}

/** A cluster context the supervisor would hand over, with one field broken per row. */
function contextRows(rows: Row[], wf: string, base: Input, context: Input): void {
  const c = table(rows, wf, { ...base, context });
  c.set('context', 'ctx');
  c.set('context.gatewayEndpoint', 'https://gw/api; reboot');
  c.set('context.mdms.0.ip', '$(reboot)', 'context.mdms[0].ip');
  c.set('context.mdms.0.hostname', 'node-1; rm -rf /', 'context.mdms[0].hostname');
  c.set('context.mdms.0.role', 'master', 'context.mdms[0].role');
  c.set('context.spec.name', 'other');
  c.set('context.spec.protectionDomain', '; rm -rf /');
  c.set('context.spec.packages.urls.rhel7.sds', 'http://127.0.0.1/$(reboot).rpm');
}

function procedureRows(rows: Row[], cluster: string, context: Input): void {
  nodeRows(rows, 'probeNode', { cluster, hostname: 'node-1' }).set(
    'os',
    'coreos',
    'os',
    'InvalidInput',
    'unknown field'
  );

  const onboard = nodeRows(rows, 'onboardAgent', { cluster, hostname: 'node-1' });
  contextRows(rows, 'onboardAgent', { cluster, hostname: 'node-1' }, context);
  onboard.set('skipVerify', 'yes');
  // The agent's placement attributes (old framework syntax), given with a context and without one.
  const placed = table(rows, 'onboardAgent', { cluster, hostname: 'node-1', context });
  placed.set('attributes', 'scaleio-sds-domains=pd1');
  placed.set('attributes', { 'scaleio-sds-domains': 'pd1; reboot' }, 'attributes.scaleio-sds-domains');
  const traversal = { 'scaleio-sds-domains': 'pd1', 'scaleio-sds-pd1': 'sp1', 'scaleio-sds-sp1': '/dev/../etc/passwd' };
  placed.set('attributes', traversal, 'attributes.scaleio-sds-sp1');
  const unchecked = { 'scaleio-sds-domains': '$(reboot)' };
  onboard.set('attributes', unchecked, 'attributes.scaleio-sds-domains');

  const device = { cluster, hostname: 'node-1', path: '/dev/sdb' };
  const d = nodeRows(rows, 'addDevice', device);
  contextRows(rows, 'addDevice', device, context);
  d.set('path', undefined, 'path', 'InvalidInput', 'missing path');
  d.set('path', 42);
  d.set('path', HUGE);
  d.set('mediaType', 'NVMe');
  d.set('storagePool', 'sp1; reboot');
  d.each('path', DEVICES);
  d.set('confirm', 'add-device node-2 /dev/sdb', 'confirm', 'ConfirmationMismatch');
  d.set('confirm', HUGE);

  const decommission = { cluster, hostname: 'node-2', confirm: 'decommission node-2' };
  const x = nodeRows(rows, 'decommissionNode', decommission, (h) => ({ confirm: `decommission ${String(h)}` }));
  x.set('confirm', undefined, 'confirm', 'ConfirmationMismatch', 'missing confirm');
  x.set('confirm', 'decommission node-3', 'confirm', 'ConfirmationMismatch');
  x.set('confirm', 42);
  x.set('confirm', HUGE);
  table(rows, 'decommissionNode', { ...decommission, context }).set(
    'context.mdms.0.role',
    'boss',
    'context.mdms[0].role'
  );

  const maintenance = { cluster, hostname: 'node-2', confirm: 'maintenance node-2' };
  const m = nodeRows(rows, 'nodeMaintenance', maintenance, (h) => ({ confirm: `maintenance ${String(h)}` }));
  m.set('confirm', undefined, 'confirm', 'ConfirmationMismatch', 'missing confirm');
  m.set('confirm', HUGE);
  m.set('timeoutMinutes', '30');
  m.set('timeoutMinutes', -5);
  m.set('context', context, 'context', 'InvalidInput', 'unknown field');
}

/** Cluster-wide procedures: no hostname, so the hostile names go into the cluster name. */
function clusterRows(rows: Row[], wf: string, base: Input) {
  const t = table(rows, wf, base, 'input');
  t.set('cluster', undefined, 'cluster', 'InvalidInput', 'missing cluster');
  t.set('cluster', 42);
  t.set('cluster', HUGE);
  t.each('cluster', NAMES);
  return t;
}

function clusterWideRows(rows: Row[], cluster: string): void {
  const u = clusterRows(rows, 'rollingUpgrade', { cluster, targetVersion: VERSION });
  u.set('targetVersion', undefined, 'targetVersion', 'InvalidInput', 'missing targetVersion');
  u.set('batchSize', '2');
  u.set('dryRun', 'yes');
  u.set('healthGate', 'strict');
  u.set('targetVersion', HUGE);
  u.set('strategy', 'all-at-once', 'strategy', 'InvalidInput', 'unknown field');
  u.set('healthGate.bogus', 1);
  const versions = [
    `${VERSION}; reboot`,
    '$(reboot)',
    '`id`',
    '../../etc/passwd',
    `${VERSION}\nreboot`,
    '２.0-12000.122',
  ];
  u.each('targetVersion', versions);

  const h = clusterRows(rows, 'healthMonitor', { cluster });
  h.set('intervalSeconds', 'fast');
  h.set('webhookUrl', `http://127.0.0.1/${HUGE}`);
  h.set('thresholds.diskFullPercent', 90);
  const hooks = [
    'http://127.0.0.1/$(reboot)',
    'http://127.0.0.1/a;reboot',
    'http://u:pw@127.0.0.1/',
    'file:///etc/passwd',
  ];
  h.each('webhookUrl', hooks);
  h.set('state', 'x');

  // The supervisor's input is checked before it does anything (it once ran idle, wedged or was terminated).
  const s = clusterRows(rows, 'clusterSupervisor', { cluster });
  s.set('policy', 'all');
  s.set('policy.autoOnboard', 'yes');
  s.set('policy.maxParallelOnboardings', 0);
  s.set('colour', 'blue', 'colour', 'InvalidInput', 'unknown field');
  // The monitor's settings too: a bad one once surfaced only as a failed monitor, with the supervisor running on.
  s.set('healthMonitor', 'on');
  s.set('healthMonitor.intervalSeconds', 0);
  s.set('healthMonitor.webhookUrl', 'http://u:pw@127.0.0.1/');
  s.set('healthMonitor.growth.maxDevicesPerDay', 1000);
  s.set('healthMonitor.thresholds.diskFullPercent', 90);
  s.set('healthMonitor.cluster', 'other', 'healthMonitor.cluster', 'InvalidInput', 'healthMonitor.cluster');
}

/** The corpus for one cluster name: every row a workflow must refuse. */
export function badInputRows(cluster: string): Row[] {
  const spec = { ...goodSpec(cluster), nodeSelection: { spreadAttribute: 'rack' } };
  const checked = validateClusterSpec(spec);
  if (!checked.ok) throw new Error(`fixture spec rejected: ${JSON.stringify(checked.problems)}`);
  const context = {
    spec: checked.spec,
    mdms: [
      { hostname: 'node-1', ip: '127.0.1.1', role: 'primary' },
      { hostname: 'node-2', ip: '127.0.1.2', role: 'secondary' },
      { hostname: 'node-3', ip: '127.0.1.3', role: 'tiebreaker' },
    ],
    gatewayEndpoint: 'https://127.0.1.1:8443/api',
  };
  const rows: Row[] = [];
  specRows(rows, spec);
  procedureRows(rows, cluster, context);
  clusterWideRows(rows, cluster);
  return rows;
}

/** Malformed supervisor signals: each must be ignored (nothing changes, no wedged workflow task) and logged. */
export const SIGNALS: [name: string, payload: unknown][] = [
  ['setPolicy', null],
  ['setPolicy', 'autoOnboard=false'],
  ['setPolicy', { autoOnboard: 'no' }],
  ['setPolicy', { requireAttributes: { rack: 7 } }],
  ['setPolicy', { maxParallelOnboardings: 1e9 }],
  ['setPolicy', { autoOnboard: true, maxParallelOnboardings: 'four' }],
  ['setPolicy', { requireAttributes: { rack: HUGE } }],
  ['setPolicy', { requireAttributes: { 'rack; rm -rf /': '$(reboot)' } }],
  ['setPolicy', { autoOnbaord: true }],
  ['onboardNode', null],
  ['onboardNode', 'node-9'],
  ['onboardNode', {}],
  ['onboardNode', { hostname: 42 }],
  ['onboardNode', { hostname: 'node-9; rm -rf /' }],
  ['onboardNode', { hostname: HUGE }],
  ['onboardNode', { hostname: 'nоde-9' }],
];

/** Malformed beginProcedure claims: the update's validator must refuse each, naming the field. */
export const CLAIMS: [label: string, claim: unknown, field: string][] = [
  ['null', null, 'claim'],
  ['a string', 'decommission', 'claim'],
  ['{}', {}, 'procedure'],
  ['unknown procedure', { procedure: 'reboot', workflowId: 'w1' }, 'procedure'],
  ['missing workflowId', { procedure: 'onboard' }, 'workflowId'],
  ['workflowId 42', { procedure: 'onboard', workflowId: 42 }, 'workflowId'],
  ['hostname 42', { procedure: 'onboard', workflowId: 'w2', hostname: 42 }, 'hostname'],
  ['huge workflowId', { procedure: 'onboard', workflowId: HUGE }, 'workflowId'],
  ['hostname "node-1; rm -rf /"', { procedure: 'onboard', workflowId: 'w3', hostname: 'node-1; rm -rf /' }, 'hostname'],
  ['hostname with a newline', { procedure: 'onboard', workflowId: 'w4', hostname: 'node-1\nreboot' }, 'hostname'],
  ['lookalike hostname', { procedure: 'onboard', workflowId: 'w5', hostname: LOOKALIKE }, 'hostname'],
];
