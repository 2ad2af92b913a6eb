import { createLogger, registerSecret, REDACTED } from '../../common/log';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  return { lines, log: createLogger('test', level, (l) => lines.push(l)) };
}

test('one JSON object per line with level, component and fields', () => {
  const { lines, log } = capture();
  log.info('node on-boarded', { hostname: 'node-4' });
  log.debug('not shown at info');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] as string)).toMatchObject({
    level: 'info',
    component: 'test',
    msg: 'node on-boarded',
    hostname: 'node-4',
  });
});

test('secret fields are redacted by name, at any depth', () => {
  const { lines, log } = capture();
  log.info('login', {
    user: 'admin',
    password: 'p@ss',
    nested: { Authorization: 'Basic xyz', list: [{ mesosSecret: 's' }] },
  });
  const rec = JSON.parse(lines[0] as string);
  expect(rec.password).toBe(REDACTED);
  expect(rec.nested.Authorization).toBe(REDACTED);
  expect(rec.nested.list[0].mesosSecret).toBe(REDACTED);
  expect(rec.user).toBe('admin');
});

test('registered secret values are masked inside free text and errors', () => {
  registerSecret('Sup3rS3cret!');
  const { lines, log } = capture();
  log.error('scli --password Sup3rS3cret! failed', { error: new Error('bad password Sup3rS3cret!') });
  expect(lines[0]).not.toContain('Sup3rS3cret!');
  expect(lines[0]).toContain(REDACTED);
});
