// The agent's /files endpoints (src/files/files.cpp): read, browse and download of sandbox files,
// addressed by the virtual path /frameworks/<fid>/executors/<eid>/runs/latest/... or the real path.
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { type SimAgent } from './agent';

const READ_CAP_BYTES = 16 * 4096;

function reply(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function replyJson(res: http.ServerResponse, value: unknown, jsonp: string | null): void {
  const json = JSON.stringify(value);
  if (jsonp) reply(res, 200, `${jsonp}(${json});`, 'text/javascript');
  else reply(res, 200, json, 'application/json');
}

/** Maps a requested path to a real file below one of the agent's sandbox roots, or undefined. */
async function resolveSandboxPath(agent: SimAgent, workDir: string, requested: string): Promise<string | undefined> {
  const candidates: string[] = [];
  const roots = agent.allIds().map((id) => path.join(workDir, 'slaves', id));
  if (requested.startsWith('/frameworks/')) {
    for (const root of roots) candidates.push(path.join(root, requested));
  } else if (path.isAbsolute(requested)) {
    candidates.push(path.resolve(requested));
  }
  for (const c of candidates) {
    const inside = roots.find((r) => c === r || c.startsWith(r + path.sep));
    if (!inside) continue;
    try {
      const real = await fsp.realpath(c);
      const realRoot = await fsp.realpath(inside);
      if (real === realRoot || real.startsWith(realRoot + path.sep)) return real;
    } catch {
      // not there under this root; try the next
    }
  }
  return undefined;
}

/** Parses offset/length: absent → -1; not an integer or below -1 → an error message. */
function parseNumber(q: URLSearchParams, name: string): number | string {
  const raw = q.get(name);
  if (raw === null) return -1;
  if (!/^-?\d+$/.test(raw)) return `Failed to parse ${name}: Failed to convert '${raw}' to number`;
  const n = Number(raw);
  if (n < -1) return `Negative ${name} provided: ${n}`;
  return n;
}

async function read(agent: SimAgent, workDir: string, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
  const requested = q.get('path');
  if (!requested) return reply(res, 400, "Expecting 'path=value' in query.\n");
  const offset = parseNumber(q, 'offset');
  if (typeof offset === 'string') return reply(res, 400, offset + '\n');
  const length = parseNumber(q, 'length');
  if (typeof length === 'string') return reply(res, 400, length + '\n');
  const file = await resolveSandboxPath(agent, workDir, requested);
  if (!file) return reply(res, 404, '');
  const st = await fsp.stat(file);
  if (st.isDirectory()) return reply(res, 400, 'Cannot read a directory.\n');
  const jsonp = q.get('jsonp');
  if (offset === -1) return replyJson(res, { data: '', offset: st.size }, jsonp);
  if (offset >= st.size) return replyJson(res, { data: '', offset }, jsonp);
  const want = Math.min(length === -1 ? st.size - offset : length, READ_CAP_BYTES, st.size - offset);
  const buf = Buffer.alloc(want);
  const fh = await fsp.open(file, 'r');
  try {
    const { bytesRead } = await fh.read(buf, 0, want, offset);
    replyJson(res, { data: buf.subarray(0, bytesRead).toString('utf8'), offset }, jsonp);
  } finally {
    await fh.close();
  }
}

function modeString(st: Stats): string {
  const kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : '-';
  const bits = 'rwxrwxrwx';
  let out = kind;
  for (let i = 0; i < 9; i++) out += st.mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}

async function browse(agent: SimAgent, workDir: string, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
  const requested = q.get('path');
  if (!requested) return reply(res, 400, "Expecting 'path=value' in query.\n");
  const dir = await resolveSandboxPath(agent, workDir, requested);
  if (!dir) return reply(res, 404, '');
  const st = await fsp.stat(dir);
  const names = st.isDirectory() ? await fsp.readdir(dir) : [path.basename(dir)];
  const base = st.isDirectory() ? dir : path.dirname(dir);
  const shownBase = st.isDirectory() ? requested.replace(/\/+$/, '') : path.dirname(requested);
  const entries = [];
  for (const name of names.sort()) {
    const s = await fsp.lstat(path.join(base, name));
    entries.push({
      path: `${shownBase}/${name}`,
      nlink: s.nlink,
      size: s.size,
      mtime: Math.floor(s.mtimeMs / 1000),
      mode: modeString(s),
      uid: String(s.uid),
      gid: String(s.gid),
    });
  }
  replyJson(res, entries, q.get('jsonp'));
}

async function download(agent: SimAgent, workDir: string, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
  const requested = q.get('path');
  if (!requested) return reply(res, 400, "Expecting 'path=value' in query.\n");
  const file = await resolveSandboxPath(agent, workDir, requested);
  if (!file) return reply(res, 404, '');
  const st = await fsp.stat(file);
  if (st.isDirectory()) return reply(res, 400, 'Cannot download a directory.\n');
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': st.size,
    'Content-Disposition': `attachment; filename=${path.basename(file)}`,
  });
  createReadStream(file).pipe(res);
}

/** Handles /files/{read,browse,download}[.json]; returns false for other paths. */
export function handleFilesRequest(
  agent: SimAgent,
  workDir: string,
  pathname: string,
  q: URLSearchParams,
  res: http.ServerResponse
): boolean {
  const route = pathname.replace(/\.json$/, '');
  const handler =
    route === '/files/read'
      ? read
      : route === '/files/browse'
        ? browse
        : route === '/files/download'
          ? download
          : undefined;
  if (!handler) return false;
  handler(agent, workDir, q, res).catch((e: Error) => {
    if (!res.headersSent) reply(res, 500, e.message);
    else res.destroy();
  });
  return true;
}
