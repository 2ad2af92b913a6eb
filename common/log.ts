// Structured logs: one JSON object per line on stderr. Secrets are redacted twice over: by field name
// (password, secret, token, authorization…) and by value (every secret the process loaded is registered,
// so it is masked even inside a free-text message or an error from a library).

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const REDACTED = '[REDACTED]';
const SECRET_KEY = /pass(word|wd)?$|secret|token|authorization|api[-_]?key|credential|private[-_]?key/i;
const secretValues = new Set<string>();

/** Masks this value wherever it appears in any later log line. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secretValues.add(value);
}

export function redactText(text: string): string {
  let out = text;
  for (const s of secretValues) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (depth > 6 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1);
  return out;
}

export type LogSink = (line: string) => void;
const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

export function createLogger(
  component: string,
  level: LogLevel = 'info',
  sink: LogSink = stderrSink,
  base: LogFields = {}
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const write = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const record = redact({ ...base, ...fields }) as LogFields;
    sink(JSON.stringify({ ts: new Date().toISOString(), level: lvl, component, msg: redactText(msg), ...record }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(component, level, sink, { ...base, ...fields }),
  };
}
