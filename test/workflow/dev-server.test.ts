import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
