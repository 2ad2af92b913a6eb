import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../common/names';
import { DevServerError, startDevServer } from '../../scripts/lib/temporal-dev-server';

test('a port already taken (e.g. by a stale server) gives a clear message and starts nothing', async () => {
  const squatter: Server = createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const port = (squatter.address() as { port: number }).port;
  try {
    const err = await startDevServer({
      dbFile: join(mkdtempSync(join(tmpdir(), 'dev-')), 'db.sqlite'),
      port,
      headless: true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevServerError);
    expect((err as Error).message).toContain(`port ${port} (Temporal gRPC) is already in use`);
  } finally {
    await new Promise((r) => squatter.close(r));
  }
});

test('a database from an older version gets the search attributes added since (start-dev adds none to it)', async () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'dev-')), 'db.sqlite');
  const customOf = async (address: string) => {
    const connection = await Connection.connect({ address });
    try {
      const r = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      return Object.keys(r.customAttributes ?? {}).filter((k) => k.startsWith('Scaleio'));
    } finally {
      await connection.close();
    }
  };
  // An older version's database: its server knew one search attribute fewer.
  const first = await startDevServer({ dbFile, freePorts: true, headless: true });
  const connection = await Connection.connect({ address: first.address });
  await connection.operatorService.removeSearchAttributes({
    namespace: 'default',
    searchAttributes: ['ScaleioAlerts'],
  });
  await connection.close();
  expect(await customOf(first.address)).not.toContain('ScaleioAlerts');
  await first.stop();

  const again = await startDevServer({ dbFile, freePorts: true, headless: true });
  try {
    expect((await customOf(again.address)).sort()).toEqual([...SEARCH_ATTRIBUTES].sort());
  } finally {
    await again.stop();
  }
});
