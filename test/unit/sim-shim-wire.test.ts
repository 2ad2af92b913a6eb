// The bash shims' fast path: a shim talks to the control side's TCP listener through bash's /dev/tcp
// (no Node start), and falls back to the Node shim over HTTP when it cannot.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHIMS_DIR, type ShimRequest } from '../../sim/control';
import { MAX_REQUEST_BYTES, ShimRequestParser } from '../../sim/control/shim-wire-codec';
import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

// Quotes, backslashes, $, backticks, printf formats, tabs, non-ASCII, inner and trailing newlines.
const HOSTILE = `it's "q" \\ \\n $HOME $(reboot) \`id\` %s %% ünïcødé 日本 \t-x\n'\n\n`;

function connectTo(addr: string): net.Socket {
  const [host, port] = addr.split(':');
  return net.connect(Number(port), host);
}

/** Sends raw bytes to the shim listener and collects what comes back until it closes. */
function exchange(addr: string, data: Buffer | string, opts: { halfClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connectTo(addr);
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => {
      s.end();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    s.on('error', reject);
    s.write(data);
    if (opts.halfClose) s.end();
  });
}

function fields(...f: string[]): string {
  return f.map((x) => `${x}\0`).join('');
}

describe('shim wire: bash shims over TCP', () => {
  let w: ShimWorld;
  let stubDir: string;
  let marker: string;
  let calls: { tool: string; req: ShimRequest }[];
  beforeAll(async () => {
    w = await startShimWorld([
      { hostname: 'ub16', ip: '10.0.2.1', os: { family: 'ubuntu', version: '16.04' } },
      { hostname: 'el7', ip: '10.0.2.3', os: { family: 'rhel', version: '7.3' } },
    ]);
    calls = [];
    w.deps.onShimCall = (req, tool) => calls.push({ tool, req });
    // A `node` that records each start, then is the real one (the fallback still has to work).
    stubDir = mkdtempSync(path.join(tmpdir(), 'sim-shim-wire-'));
    marker = path.join(stubDir, 'node-starts');
    writeFileSync(marker, '');
    writeFileSync(
      path.join(stubDir, 'node'),
      `#!/bin/sh\necho "$*" >> '${marker}'\nexec '${process.execPath}' "$@"\n`,
      { mode: 0o755 }
    );
  });
  afterAll(async () => {
    await w.close();
    rmSync(stubDir, { recursive: true, force: true });
  });
  const withStub = (env: Record<string, string> = {}) => ({
    PATH: `${SHIMS_DIR}:${stubDir}:${process.env.PATH ?? ''}`,
    ...env,
  });
  const nodeStarts = () => readFileSync(marker, 'utf8').split('\n').filter(Boolean);

  it('every shim is a bash script that sources the shared body', () => {
    for (const tool of ['apt-get', 'cat', 'dpkg', 'install', 'scli', 'sim-write-file', 'systemctl', 'uname', 'yum']) {
      const text = readFileSync(path.join(SHIMS_DIR, tool), 'utf8');
      expect(text.startsWith('#!/bin/bash\n')).toBe(true);
      expect(text).toContain('_shim.bash');
    }
  });

  it('round-trips exit codes, hostile stdout/stderr, stdin, argv, env and cwd without starting Node', async () => {
    const before = nodeStarts().length;
    expect(await w.run('ub16', 'uname -r', withStub())).toEqual({ code: 0, stdout: '4.4.0-21-generic\n', stderr: '' });

    // stdin (sim-write-file) into a node file, then stdout (cat of it) back, byte for byte.
    writeFileSync(path.join(stubDir, 'hostile-src'), HOSTILE);
    const write = await w.run('ub16', 'sim-write-file /etc/hostile.txt 0600 <"$SRC"', {
      ...withStub(),
      SRC: path.join(stubDir, 'hostile-src'),
    });
    expect(write).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(w.registry.get('ub16').files['/etc/hostile.txt']?.content).toBe(HOSTILE);
    expect(await w.run('ub16', 'cat /etc/hostile.txt', withStub())).toEqual({ code: 0, stdout: HOSTILE, stderr: '' });

    // Hostile argv comes back in stderr, with the tool's own exit code.
    const unit = `a'b"c$d\\e ü\n`;
    const r = await w.run('ub16', 'systemctl status "$UNIT"', withStub({ UNIT: unit }));
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Unit ${unit}.service could not be found.\n`);
    const sent = calls[calls.length - 1]!;
    expect(sent.tool).toBe('systemctl');
    expect(sent.req.argv).toEqual(['status', unit]);
    expect(sent.req.env.UNIT).toBe(unit);
    expect(sent.req.env.SIM_HOSTNAME).toBe('ub16');
    expect(sent.req.cwd).toMatch(/\/ub16$/);
    expect(sent.req.stdin).toBeUndefined();

    // stdout and stderr together, and a tool that is not installed (127).
    const both = await w.run('ub16', 'cat /etc/hostile.txt /etc/missing', withStub());
    expect(both).toEqual({ code: 1, stdout: HOSTILE, stderr: 'cat: /etc/missing: No such file or directory\n' });
    expect((await w.run('el7', 'rexray version', withStub())).code).toBe(127);

    // A NUL in a tool's output survives (bash words cannot hold one; the reply prints it apart).
    const nul = await w.run(
      'ub16',
      "printf 'a\\000b\\n' > nul.bin && install nul.bin /etc/nul && cat /etc/nul",
      withStub()
    );
    expect(nul).toEqual({ code: 0, stdout: 'a\0b\n', stderr: '' });
    expect(nodeStarts().length).toBe(before);
  });

  it('passthrough runs the real command, with the standard input the shim already read', async () => {
    const before = nodeStarts().length;
    const r = await w.run('ub16', "printf 'x\\ny\\n' | install /dev/stdin local.txt && cat local.txt", withStub());
    expect(r).toEqual({ code: 0, stdout: 'x\ny\n', stderr: '' });
    expect(await w.run('ub16', 'cat no-such-local-file', withStub())).toMatchObject({ code: 1 });
    expect(nodeStarts().length).toBe(before);
  });

  it('falls back to the Node shim over HTTP without SIM_SHIM_ADDR or when the listener is gone', async () => {
    const before = nodeStarts().length;
    expect(await w.run('ub16', 'uname -r', withStub({ SIM_SHIM_ADDR: '' }))).toEqual({
      code: 0,
      stdout: '4.4.0-21-generic\n',
      stderr: '',
    });
    expect(nodeStarts().length).toBe(before + 1);
    expect(nodeStarts()[before]).toMatch(/_forward\.js uname 0 -r$/);

    // A closed port: connect fails at once and the call still gets its answer.
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const viaHttp = await w.run('ub16', 'cat /etc/hostile.txt', withStub({ SIM_SHIM_ADDR: `127.0.0.1:${port}` }));
    expect(viaHttp).toEqual({ code: 0, stdout: HOSTILE, stderr: '' });
    expect(nodeStarts().length).toBe(before + 2);

    // Stdin goes through the fallback too, and a passthrough there gets it as well.
    const piped = await w.run(
      'ub16',
      "printf 'p\\nq' | install /dev/stdin fb.txt && cat fb.txt && printf 'z' | sim-write-file /etc/fb && cat /etc/fb",
      withStub({ SIM_SHIM_ADDR: '' })
    );
    expect(piped).toEqual({ code: 0, stdout: 'p\nqz', stderr: '' });
  });

  it('a shim call for an unknown node or without SIM_HOSTNAME fails with the reason', async () => {
    const unknown = await w.run('ub16', 'uname -r', withStub({ SIM_HOSTNAME: 'nowhere' }));
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: 'uname: simulator shim: node nowhere is not known to the simulator\n',
    });
    const unset = await w.run('ub16', 'unset SIM_HOSTNAME; uname -r', withStub());
    expect(unset.code).toBe(1);
    expect(unset.stderr).toBe('uname: simulator shim: hostname: must be a non-empty string (SIM_HOSTNAME)\n');
  });

  it('answers malformed requests with an error and keeps serving', async () => {
    const addr = w.control.shimAddr;
    const err = (tool: string, msg: string) => {
      const script = `printf '%s\\n' '${tool}: simulator shim: ${msg}' >&2\nexit 1\n`;
      return `${Buffer.byteLength(script)}\n${script}`;
    };
    expect(await exchange(addr, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(err('shim', 'magic: expected SIMSHIM1'));
    expect(await exchange(addr, fields('SIMSHIM1', 'uname', 'ub16', '/', 'lots'))).toBe(
      err('uname', 'argc: must be a count up to 1000000')
    );
    expect(await exchange(addr, fields('SIMSHIM1', 'un/ame'))).toBe(
      err('shim', 'tool: must be a command name ([A-Za-z0-9_.-]+)')
    );
    expect(await exchange(addr, fields('SIMSHIM1', 'uname', 'ub16', 'rel', '0', '0', '0'))).toBe(
      err('uname', 'cwd: must be an absolute path')
    );
    expect(
      await exchange(addr, fields('SIMSHIM1', 'uname', 'ub16', '/', '0', '0', '1', String(MAX_REQUEST_BYTES + 1)))
    ).toBe(err('uname', `stdin length: must be a byte count up to ${MAX_REQUEST_BYTES}`));
    // More than the limit in total: answered while the client is still sending.
    const huge = Buffer.concat([
      Buffer.from(fields('SIMSHIM1', 'uname', 'ub16', '/', '1')),
      Buffer.alloc(9 << 20, 'a'),
    ]);
    expect(await exchange(addr, huge)).toBe(err('uname', `request: larger than ${MAX_REQUEST_BYTES} bytes`));
    // A request cut short and half-closed.
    expect(await exchange(addr, fields('SIMSHIM1', 'uname', 'ub16', '/', '2', '-r'), { halfClose: true })).toBe(
      err('uname', 'request: truncated (ended while reading argv)')
    );
    // A client that disconnects mid-request, and one that resets: nothing to answer, no crash.
    const gone = connectTo(addr);
    gone.write(fields('SIMSHIM1', 'uname', 'ub16'));
    gone.destroy();
    const reset = connectTo(addr);
    await new Promise<void>((r) => reset.once('connect', () => r()));
    reset.write('SIMSHIM1\0uname\0');
    reset.resetAndDestroy();
    // A well-formed request straight over the socket still works; a nameless env entry is skipped, as Node does.
    const script = "printf '%s' '4.4.0-21-generic\n'\nexit 0\n";
    const ok = await exchange(addr, fields('SIMSHIM1', 'uname', 'ub16', '/', '1', '-r', '2', 'NOEQUALS', 'A=b', '0'));
    expect(ok).toBe(`${script.length}\n${script}`);
    expect(calls[calls.length - 1]!.req).toEqual({ hostname: 'ub16', argv: ['-r'], env: { A: 'b' }, cwd: '/' });
    expect((await w.run('ub16', 'uname -r', withStub())).stdout).toBe('4.4.0-21-generic\n');
  });

  it('the parser takes a request in any split of chunks', () => {
    const stdin = 'ü\nx';
    const wire = Buffer.from(
      fields('SIMSHIM1', 'install', 'ub16', '/s', '2', '/dev/stdin', '/etc/f', '1', 'K=v=w', '1', '4', stdin)
    );
    const want = {
      kind: 'request',
      tool: 'install',
      request: { hostname: 'ub16', argv: ['/dev/stdin', '/etc/f'], env: { K: 'v=w' }, cwd: '/s', stdin },
    };
    const p = new ShimRequestParser();
    for (let i = 0; i < wire.length - 1; i++) expect(p.push(wire.subarray(i, i + 1))).toEqual({ kind: 'more' });
    expect(p.push(wire.subarray(wire.length - 1))).toEqual(want);
    expect(new ShimRequestParser().push(wire)).toEqual(want);
    // A length field that disagrees with the content is caught.
    const long = Buffer.from(fields('SIMSHIM1', 'x', 'h', '/', '0', '0', '1', '1', 'ab'));
    expect(new ShimRequestParser().push(long)).toEqual({
      kind: 'error',
      tool: 'x',
      message: 'stdin: content longer than its length field',
    });
  });
});
