// Self-signed certificate for the simulated gateway, made with the openssl command line
// (no npm dependency). Callers can instead pass their own {cert, key, ca}.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** PEM a client should trust (the self-signed cert itself, or the supplied CA). */
  ca: string;
}

const run = promisify(execFile);

export async function generateSelfSigned(host = '127.0.0.1'): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-gateway-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=IP:${host}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { cert, key, ca: cert };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      throw new Error('sim gateway: the openssl command is not installed; install openssl or pass tls {cert, key, ca}');
    }
    throw new Error(`sim gateway: openssl failed to make a self-signed certificate: ${err.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
