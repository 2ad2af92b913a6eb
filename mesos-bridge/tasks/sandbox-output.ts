// Reads a task's stdout/stderr through the agent's /files/read API, at the virtual path
// /frameworks/<fid>/executors/<eid>/runs/latest/<file>. The agent returns at most 64 KiB per
// call, so we loop; only the last `capBytes` of a larger file are kept (errors are at the end).
import http from 'node:http';
import https from 'node:https';

export interface SandboxFile {
  text: string;
  /** Size of the whole file in bytes. */
  size: number;
  truncated: boolean;
}

const CHUNK = 64 * 1024;

function getJson(url: string, timeoutMs: number): Promise<{ data?: unknown; offset?: unknown }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200)
          return reject(new Error(`HTTP ${res.statusCode} from ${url}: ${body.slice(0, 200)}`));
        try {
          resolve(JSON.parse(body) as { data?: unknown; offset?: unknown });
        } catch {
          reject(new Error(`invalid JSON from ${url}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export async function readSandboxFile(
  agentUrl: string,
  frameworkId: string,
  executorId: string,
  file: 'stdout' | 'stderr',
  options: { capBytes: number; timeoutMs: number }
): Promise<SandboxFile> {
  const filePath = `/frameworks/${frameworkId}/executors/${executorId}/runs/latest/${file}`;
  const at = (offset: number, length?: number): string => {
    const q = new URLSearchParams({ path: filePath, offset: String(offset) });
    if (length !== undefined) q.set('length', String(length));
    return `${agentUrl.replace(/\/+$/, '')}/files/read?${q.toString()}`;
  };
  // offset=-1 answers with the file's size and no data.
  const head = await getJson(at(-1), options.timeoutMs);
  const size = typeof head.offset === 'number' ? head.offset : 0;
  const start = Math.max(0, size - options.capBytes);
  const parts: string[] = [];
  let offset = start;
  while (offset < size) {
    const want = Math.min(CHUNK, size - offset);
    const got = await getJson(at(offset, want), options.timeoutMs);
    const data = typeof got.data === 'string' ? got.data : '';
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes === 0) break;
    parts.push(data);
    // A multi-byte character split at a chunk edge decodes to U+FFFD, whose length differs from
    // the bytes it replaced; when the agent served about what we asked for, trust the request.
    offset += Math.abs(bytes - want) <= 3 ? want : bytes;
  }
  return { text: parts.join(''), size, truncated: start > 0 };
}
