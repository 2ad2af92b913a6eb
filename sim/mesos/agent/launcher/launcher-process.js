'use strict';
// The task launcher: a small long-lived Node process that creates sandboxes and forks the task
// shells for every simulated agent of one cluster, so the big simulator process never forks (fork
// cost grows with the parent's memory). Plain JS so it starts without a TypeScript loader.
// Protocol (IPC, one JSON object per message) is described in launcher-protocol.ts.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** id → live ChildProcess (spawned, not yet exited). */
const children = new Map();
/** Directories known to exist, so a sandbox costs three mkdirs rather than a recursive walk. */
const knownDirs = new Set();
let disconnected = false;

function send(msg) {
  // The simulator may go away between the check and the write (a test ending): with a callback, that EPIPE is
  // handed to it instead of crashing this process with an unhandled 'error' event.
  if (process.connected) process.send(msg, () => undefined);
}

function mkdirKnown(dir) {
  if (knownDirs.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  knownDirs.add(dir);
}

/**
 * Creates `<executorDir>/runs/<containerId>` and points `<executorDir>/runs/latest` at it. A new
 * executor directory cannot hold a `latest` link yet, which saves the unlink on the common path.
 */
function prepareSandbox(sandbox) {
  const runs = path.dirname(sandbox);
  const executorDir = path.dirname(runs);
  const latest = path.join(runs, 'latest');
  mkdirKnown(path.dirname(executorDir));
  let fresh = true;
  try {
    fs.mkdirSync(executorDir);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    fresh = false;
  }
  if (fresh) {
    fs.mkdirSync(runs);
    fs.mkdirSync(sandbox);
  } else {
    fs.mkdirSync(sandbox, { recursive: true });
    try {
      fs.unlinkSync(latest);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  fs.symlinkSync(path.basename(sandbox), latest);
}

function run(m) {
  let out;
  let err;
  try {
    if (m.prepare) prepareSandbox(m.sandbox);
    out = fs.openSync(path.join(m.sandbox, 'stdout'), 'a');
    err = fs.openSync(path.join(m.sandbox, 'stderr'), 'a');
  } catch (e) {
    if (out !== undefined) fs.closeSync(out);
    send({ t: 'failed', id: m.id, stage: 'sandbox', message: e.message });
    return;
  }
  let child;
  try {
    child = spawn(m.file, m.args, {
      cwd: m.sandbox,
      env: m.env,
      detached: true, // its own process group, so a kill reaches everything the task started
      stdio: ['ignore', out, err],
      argv0: m.argv0,
    });
  } catch (e) {
    send({ t: 'failed', id: m.id, stage: 'exec', message: e.message });
    return;
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
  }
  let spawned = false;
  child.on('spawn', () => {
    spawned = true;
    children.set(m.id, child);
    send({ t: 'spawned', id: m.id, pid: child.pid });
    if (disconnected) signalGroup(child, 'SIGKILL');
  });
  child.on('error', (e) => {
    if (!spawned) send({ t: 'failed', id: m.id, stage: 'exec', message: e.message });
  });
  child.on('exit', (code, signal) => {
    children.delete(m.id);
    send({ t: 'exit', id: m.id, code, signal });
  });
}

function signalGroup(child, sig) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // the group is already gone
  }
}

process.on('message', (m) => {
  if (m.t === 'run') run(m);
  else if (m.t === 'signal') {
    const child = children.get(m.id);
    if (child) signalGroup(child, m.sig);
  } else if (m.t === 'prepare') {
    try {
      prepareSandbox(m.sandbox);
      send({ t: 'prepared', id: m.id });
    } catch (e) {
      send({ t: 'failed', id: m.id, stage: 'sandbox', message: e.message });
    }
  }
});

// The simulator closed (or died): no task outlives it. The process then ends by itself once every
// child has been reaped, so none is left a zombie or an orphan.
process.on('disconnect', () => {
  disconnected = true;
  for (const child of children.values()) signalGroup(child, 'SIGKILL');
});
