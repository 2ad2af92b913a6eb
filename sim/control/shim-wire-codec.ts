// The shim wire format (sim/shims/_shim.bash speaks the other end). Bash can write NUL-terminated
// fields with one `printf '%s\0'` and can read a length-prefixed reply with one `read -N`, so both
// directions need no subprocess in the shim.
//
// Request, every field NUL-terminated:
//   SIMSHIM1, tool, hostname, cwd, argc, argv × argc, envc, NAME=value × envc,
//   stdin flag (0|1), and when 1: byte length, then exactly that many bytes (and the NUL).
// Reply: "<byte length>\n" then a bash snippet the shim evals (prints stdout/stderr and exits, or
// runs the real command).
import { validateShimRequest } from './handler';
import { type ShimRequest, type ShimResult } from './types';

export const WIRE_MAGIC = 'SIMSHIM1';
/** Same bound as the HTTP route's body. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
const MAX_COUNT = 1_000_000;
const TOOL_NAME = /^[A-Za-z0-9_.-]+$/;
const COUNT = /^(0|[1-9][0-9]{0,8})$/;
/** Runs the real command with the call's arguments (the function is in _shim.bash). */
export const PASSTHROUGH_COMMAND = 'sim_shim_passthrough "$@"';

export interface ParseError {
  kind: 'error';
  tool?: string;
  message: string;
}
export type ParseOutcome = { kind: 'more' } | { kind: 'request'; tool: string; request: ShimRequest } | ParseError;

type Step =
  'magic' | 'tool' | 'hostname' | 'cwd' | 'argc' | 'argv' | 'envc' | 'env' | 'stdinFlag' | 'stdinLen' | 'stdin';

/** Incremental parser of one request: push() each chunk until it returns a request or an error. */
export class ShimRequestParser {
  private buf = Buffer.alloc(4096);
  private len = 0;
  private pos = 0;
  private step: Step = 'magic';
  private left = 0;
  private stdinBytes = 0;
  private tool?: string;
  private hostname = '';
  private cwd = '';
  private readonly argv: string[] = [];
  private readonly env: Record<string, string> = {};
  private stdin?: string;

  push(chunk: Buffer): ParseOutcome {
    if (this.len + chunk.length > MAX_REQUEST_BYTES)
      return this.fail(`request: larger than ${MAX_REQUEST_BYTES} bytes`);
    this.append(chunk);
    // A peer that is not a shim (e.g. an HTTP client) is told so at once, not after it fills a field.
    const head = Math.min(this.len, WIRE_MAGIC.length);
    if (this.step === 'magic' && this.buf.toString('latin1', 0, head) !== WIRE_MAGIC.slice(0, head)) {
      return this.fail(`magic: expected ${WIRE_MAGIC}`);
    }
    for (;;) {
      if (this.step === 'stdin') {
        if (this.len - this.pos < this.stdinBytes + 1) return { kind: 'more' };
        if (this.buf[this.pos + this.stdinBytes] !== 0) return this.fail('stdin: content longer than its length field');
        this.stdin = this.buf.toString('utf8', this.pos, this.pos + this.stdinBytes);
        this.pos += this.stdinBytes + 1;
        return this.finish();
      }
      const nul = this.buf.indexOf(0, this.pos);
      if (nul < 0 || nul >= this.len) return { kind: 'more' };
      const field = this.buf.toString('utf8', this.pos, nul);
      this.pos = nul + 1;
      const outcome = this.take(field);
      if (outcome) return outcome;
    }
  }

  /** The peer stopped sending: a request still being read is truncated. */
  end(): ParseError {
    return this.fail(`request: truncated (ended while reading ${this.step})`);
  }

  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }

  private take(field: string): ParseOutcome | undefined {
    switch (this.step) {
      case 'magic':
        if (field !== WIRE_MAGIC) return this.fail(`magic: expected ${WIRE_MAGIC}`);
        this.step = 'tool';
        return undefined;
      case 'tool':
        if (!TOOL_NAME.test(field)) return this.fail('tool: must be a command name ([A-Za-z0-9_.-]+)');
        this.tool = field;
        this.step = 'hostname';
        return undefined;
      case 'hostname':
        this.hostname = field;
        this.step = 'cwd';
        return undefined;
      case 'cwd':
        this.cwd = field;
        this.step = 'argc';
        return undefined;
      case 'argc':
        return this.count('argc', field, 'argv', 'envc');
      case 'argv':
        this.argv.push(field);
        if (--this.left === 0) this.step = 'envc';
        return undefined;
      case 'envc':
        return this.count('envc', field, 'env', 'stdinFlag');
      case 'env': {
        // As in Node's process.env, an entry without a name (possible in a raw environment) is skipped.
        const eq = field.indexOf('=');
        if (eq > 0) this.env[field.slice(0, eq)] = field.slice(eq + 1);
        if (--this.left === 0) this.step = 'stdinFlag';
        return undefined;
      }
      case 'stdinFlag':
        if (field === '0') return this.finish();
        if (field !== '1') return this.fail('stdin flag: must be 0 or 1');
        this.step = 'stdinLen';
        return undefined;
      case 'stdinLen':
        if (!COUNT.test(field) || Number(field) > MAX_REQUEST_BYTES) {
          return this.fail(`stdin length: must be a byte count up to ${MAX_REQUEST_BYTES}`);
        }
        this.stdinBytes = Number(field);
        this.step = 'stdin';
        return undefined;
      default:
        return this.fail(`request: unexpected field while reading ${this.step}`);
    }
  }

  private count(name: 'argc' | 'envc', field: string, items: Step, after: Step): ParseOutcome | undefined {
    if (!COUNT.test(field) || Number(field) > MAX_COUNT)
      return this.fail(`${name}: must be a count up to ${MAX_COUNT}`);
    this.left = Number(field);
    this.step = this.left > 0 ? items : after;
    return undefined;
  }

  private finish(): ParseOutcome {
    if (this.pos !== this.len) return this.fail('request: bytes after the last field');
    const checked = validateShimRequest({
      hostname: this.hostname,
      argv: this.argv,
      env: this.env,
      cwd: this.cwd,
      ...(this.stdin !== undefined ? { stdin: this.stdin } : {}),
    });
    if (typeof checked === 'string') return this.fail(checked);
    return { kind: 'request', tool: this.tool as string, request: checked };
  }

  private fail(message: string): ParseError {
    return { kind: 'error', message, ...(this.tool !== undefined ? { tool: this.tool } : {}) };
  }
}

/** Single-quoted for bash: nothing inside is expanded; a quote becomes '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** printf commands writing `text` exactly (a NUL cannot sit in a bash word, so it gets its own printf). */
function printText(text: string, redirect: string): string {
  return text
    .split('\0')
    .map((part) => (part === '' ? '' : `printf '%s' ${shellQuote(part)}${redirect}\n`))
    .join(`printf '\\0'${redirect}\n`);
}

function frame(script: string): string {
  return `${Buffer.byteLength(script)}\n${script}`;
}

/** The reply for a tool's result. */
export function encodeReply(r: ShimResult): string {
  if (r.passthrough) return frame(`${PASSTHROUGH_COMMAND}\n`);
  const code = Number.isInteger(r.exitCode) ? r.exitCode : 1;
  return frame(`${printText(r.stdout ?? '', '')}${printText(r.stderr ?? '', ' >&2')}exit ${code}\n`);
}

/** The reply for a request that could not run: the message on stderr, exit 1 (as the Node shim dies). */
export function encodeError(tool: string | undefined, message: string): string {
  return frame(`printf '%s\\n' ${shellQuote(`${tool ?? 'shim'}: simulator shim: ${message}`)} >&2\nexit 1\n`);
}
