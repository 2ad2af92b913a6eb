// The package repository over HTTP on 127.0.0.1: /<dir>/<file>, /<dir>/SHA256SUMS and plain-text
// listings of / and /<dir>/. Every download is counted so tests can see what was fetched.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { buildCatalog, type CatalogEntry, type CatalogVersions, REPO_DIRS, type RepoDir } from './catalog';
import { PackageRepoFaults } from './faults';
import { corruptPackage, sha256 } from './package-file';

export interface PackageRepoOptions {
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  scaleioVersions?: string[];
  rexrayVersions?: string[];
  dvdcliVersions?: string[];
  isolatorVersions?: string[];
}

export interface PackageRepo {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** Base URL of each directory, with a trailing slash (e.g. the ScaleIO `repository` of a cluster spec). */
  dirs: Record<RepoDir, string>;
  faults: PackageRepoFaults;
  /** Every file the repository holds (before faults). */
  entries: readonly CatalogEntry[];
  /** URL of a file by name; throws for a name the repository does not hold. */
  fileUrl(fileName: string): string;
  /** How many times fileName was served with 200. */
  downloads(fileName: string): number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, head: boolean): void {
  res.writeHead(status, {
    'Content-Type': status === 200 ? 'application/octet-stream' : 'text/plain',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}

export async function startPackageRepo(opts: PackageRepoOptions = {}): Promise<PackageRepo> {
  const versions: CatalogVersions = {
    scaleio: opts.scaleioVersions,
    rexray: opts.rexrayVersions,
    dvdcli: opts.dvdcliVersions,
    isolator: opts.isolatorVersions,
  };
  const entries = buildCatalog(versions);
  const byName = new Map(entries.map((e) => [`${e.dir}/${e.fileName}`, e]));
  const faults = new PackageRepoFaults();
  const counts = new Map<string, number>();
  const visible = (dir: string) =>
    entries.filter((e) => e.dir === dir && !faults.isHidden(e.fileName, e.header.version));

  const server = http.createServer((req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return send(res, 405, 'Method Not Allowed\n', head);
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    if (p === '') return send(res, 200, REPO_DIRS.map((d) => `${d}/`).join('\n') + '\n', head);
    const [dir, file, ...rest] = p.split('/');
    if (!REPO_DIRS.includes(dir as RepoDir) || rest.length > 0) return send(res, 404, 'Not Found\n', head);
    if (!file)
      return send(
        res,
        200,
        visible(dir!)
          .map((e) => e.fileName)
          .join('\n') + '\n',
        head
      );
    if (file === 'SHA256SUMS') {
      return send(
        res,
        200,
        visible(dir!)
          .map((e) => `${sha256(e.content)}  ${e.fileName}\n`)
          .join(''),
        head
      );
    }
    const e = byName.get(`${dir}/${file}`);
    if (!e || faults.isHidden(e.fileName, e.header.version)) return send(res, 404, 'Not Found\n', head);
    const mode = faults.corruptionOf(e.fileName);
    if (!head) counts.set(e.fileName, (counts.get(e.fileName) ?? 0) + 1);
    send(res, 200, mode ? corruptPackage(e.content, mode) : e.content, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dirs = Object.fromEntries(REPO_DIRS.map((d) => [d, `${url}/${d}/`])) as Record<RepoDir, string>;
  return {
    url,
    dirs,
    faults,
    entries,
    fileUrl(fileName) {
      const e = entries.find((x) => x.fileName === fileName);
      if (!e) throw new Error(`package repository: no file named ${fileName}`);
      return `${dirs[e.dir]}${encodeURIComponent(fileName)}`;
    },
    downloads: (fileName) => counts.get(fileName) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
