import type { DevServer } from '../../scripts/lib/temporal-dev-server';

const key = '__scaleioTestTemporal';
type G = typeof globalThis & { [key]?: { server: DevServer; users: number } };

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as G;
  const shared = g[key];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete g[key];
  await shared.server.stop();
}
