'use strict';
// The shims' fallback (see _shim.bash), run as `node _forward.js <tool> <0|1: send stdin> args...`:
// post argv/env/cwd (and stdin when asked) to the simulator's control API at
// $SIM_CONTROL_URL/sim/shim/<tool> for node $SIM_HOSTNAME, print what comes back, exit with its code.
// Plain JS on purpose: no TS loader to pay for on top of the Node start.
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function die(tool, message) {
  process.stderr.write(`${tool}: simulator shim: ${message}\n`);
  process.exit(1);
}

function realCommand(tool) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir || path.resolve(dir) === __dirname) continue;
    const candidate = path.join(dir, tool);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function passthrough(tool, argv, stdin) {
  const real = realCommand(tool);
  if (!real) die(tool, 'no real command on PATH to run');
  // Standard input already read for the call goes on to the real command, from a file: Node's
  // 'pipe' is a socket, which `install /dev/stdin` cannot open.
  let stdio = 'inherit';
  if (stdin !== undefined) {
    const file = path.join(os.tmpdir(), `sim-shim-stdin-${process.pid}`);
    fs.writeFileSync(file, stdin, { mode: 0o600 });
    stdio = [fs.openSync(file, 'r'), 'inherit', 'inherit'];
    fs.unlinkSync(file);
  }
  const r = spawnSync(real, argv, { stdio });
  process.exit(r.status === null ? 1 : r.status);
}

function post(tool, body) {
  const base = process.env.SIM_CONTROL_URL;
  if (!base) die(tool, 'SIM_CONTROL_URL is not set');
  if (!process.env.SIM_HOSTNAME) die(tool, 'SIM_HOSTNAME is not set');
  const url = new URL(`/sim/shim/${encodeURIComponent(tool)}`, base);
  const data = Buffer.from(JSON.stringify(body));
  const req = http.request(
    url,
    { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': data.length }, agent: false },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let r;
        try {
          r = JSON.parse(text);
        } catch {
          die(tool, `bad reply from ${url.origin} (HTTP ${res.statusCode})`);
        }
        if (res.statusCode !== 200) die(tool, r.error || `HTTP ${res.statusCode}`);
        if (r.passthrough) return passthrough(tool, body.argv, body.stdin);
        process.stdout.write(r.stdout || '', () =>
          process.stderr.write(r.stderr || '', () => process.exit(r.exitCode))
        );
      });
    }
  );
  req.on('error', (e) => die(tool, `cannot reach ${url.origin}: ${e.message}`));
  req.end(data);
}

function main() {
  const [tool, wantsStdin, ...argv] = process.argv.slice(2);
  if (!tool) die('shim', 'usage: _forward.js <tool> <0|1> args...');
  const body = { hostname: process.env.SIM_HOSTNAME || '', argv, env: { ...process.env }, cwd: process.cwd() };
  if (wantsStdin === '1') {
    try {
      body.stdin = fs.readFileSync(0, 'utf8');
    } catch {
      body.stdin = '';
    }
  }
  post(tool, body);
}

main();
