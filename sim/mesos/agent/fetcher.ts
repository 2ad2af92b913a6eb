// The Mesos fetcher, reduced to what tasks here need: http(s), file:// and absolute-path URIs are
// copied into the sandbox; `executable` sets the mode; archives are extracted when `extract` is on.
import { spawn } from 'node:child_process';
import { createWriteStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type CommandURI } from '../json-form';

export class FetchError extends Error {}

const MAX_REDIRECTS = 5;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz|zip)$/;

function download(url: string, dest: string, ca: string | Buffer | undefined, hops = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const get = u.protocol === 'https:' ? https.get : http.get;
    const options = u.protocol === 'https:' && ca ? { ca } : {};
    const req = get(u, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && hops < MAX_REDIRECTS) {
        res.resume();
        download(new URL(res.headers.location, u).toString(), dest, ca, hops + 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(new FetchError(`Error downloading resource, received HTTP return code ${status}`));
        return;
      }
      pipeline(res, createWriteStream(dest)).then(resolve, (e: Error) => reject(new FetchError(e.message)));
    });
    req.setTimeout(60_000, () => req.destroy(new FetchError('Timed out downloading resource')));
    req.on('error', (e) => reject(e instanceof FetchError ? e : new FetchError(e.message)));
  });
}

function extract(file: string, dir: string): Promise<void> {
  const [cmd, args] = file.endsWith('.zip')
    ? ['unzip', ['-o', '-q', file, '-d', dir]]
    : ['tar', ['-xf', file, '-C', dir]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', (e) => reject(new FetchError(`Failed to extract ${file}: ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new FetchError(`Failed to extract ${file}: ${cmd} exited ${code}`))
    );
  });
}

/** Fetches one URI into `sandbox`; throws FetchError naming the URI on any failure. */
export async function fetchUri(uri: CommandURI, sandbox: string, ca?: string | Buffer): Promise<void> {
  const value = uri.value;
  try {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    const sourcePath = isUrl ? new URL(value).pathname : value;
    const name = uri.output_file ?? path.basename(decodeURIComponent(sourcePath));
    if (!name) throw new FetchError('cannot derive a file name');
    const dest = path.join(sandbox, name);
    if (isUrl && /^https?:$/.test(new URL(value).protocol)) await download(value, dest, ca);
    else if (!isUrl || value.startsWith('file://')) await fsp.copyFile(isUrl ? new URL(value).pathname : value, dest);
    else throw new FetchError(`unsupported URI scheme`);
    if (uri.executable) await fsp.chmod(dest, 0o755);
    else if ((uri.extract ?? true) && ARCHIVE.test(name)) await extract(dest, sandbox);
  } catch (e) {
    throw new FetchError(`Failed to fetch '${value}': ${(e as Error).message}`);
  }
}
