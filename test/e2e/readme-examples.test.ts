// The README's operator examples, run as written (the `temporal` CLI and sim-ctl against a bootstrapped cluster
// "demo"), so they stay true. Each command must succeed; the second bootstrap and the manual on-boarding install
// nothing; the new disk ends up a ScaleIO device and the decommissioned node's SDS is gone.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { REPO_ROOT, TEMPORAL_BIN } from '../../scripts/lib/temporal-dev-server';
import { startStack, type Stack } from '../support/stack';
import { testServer } from '../support/temporal';

const run = promisify(execFile);
let stack: Stack;
let cwd: string;

/** The commands of the README block after `<!-- operator-examples -->`, continuation lines joined. */
export function operatorExamples(readme: string): string[] {
  const after = readme.split('<!-- operator-examples -->')[1];
  const block = after?.split('```sh\n')[1]?.split('```')[0];
  if (!block) throw new Error('README has no operator-examples sh block');
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

beforeAll(async () => {
  stack = await startStack('demo', { agents: 4 });
  await stack.worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap('demo'),
    args: [stack.spec()],
  });
  // A directory laid out like a clone after `npm run demo`: the sources, the CLI in .tools/bin, the spec in .data.
  cwd = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  for (const entry of readdirSync(REPO_ROOT))
    if (!['.data', '.tools', '.git'].includes(entry)) symlinkSync(join(REPO_ROOT, entry), join(cwd, entry));
  mkdirSync(join(cwd, '.tools/bin'), { recursive: true });
  symlinkSync(TEMPORAL_BIN, join(cwd, '.tools/bin/temporal'));
  mkdirSync(join(cwd, '.data'));
  writeFileSync(join(cwd, '.data/cluster-spec.json'), JSON.stringify(stack.spec(), null, 2));
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

test('every operator example in the README runs and succeeds against the cluster', async () => {
  const commands = operatorExamples(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  expect(commands.length).toBeGreaterThanOrEqual(10);
  const installsBefore = stack.world.registry.installLog.list().length;
  const outputs: string[] = [];
  for (const command of commands) {
    const { stdout } = await run('sh', ['-c', command], {
      cwd,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: testServer.address,
        TEMPORAL_NAMESPACE: 'default',
        SIM_CONTROL_URL: stack.world.controlUrl,
      },
      timeout: 180_000,
    }).catch((err: { stderr?: string; message: string }) => {
      throw new Error(`README example failed: ${command}\n${err.stderr ?? err.message}`);
    });
    outputs.push(stdout);
  }
  const text = outputs.join('\n');
  expect(text).toMatch(/"status":\s*"COMPLETE"/);
  expect(text).toMatch(/"onboarding":\s*"done"/);
  // Re-running bootstrap and on-boarding a node that is already on-boarded installed nothing; the
  // decommission removed what it should.
  const changes = stack.world.registry.installLog.list().slice(installsBefore);
  expect(changes.every((e) => e.hostname === 'node-4' && e.action === 'remove')).toBe(true);
  const s = stack.world.cluster.snapshot();
  const ip = (h: string) => stack.world.registry.get(h).ip;
  const node3 = s.sds.find((x) => x.name === `sds_${ip('node-3')}`);
  expect(
    s.devices
      .filter((d) => d.sdsId === node3?.id)
      .map((d) => d.deviceCurrentPathName)
      .sort()
  ).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd']);
  expect(s.sds.some((x) => x.name === `sds_${ip('node-4')}`)).toBe(false);
}, 400_000);
