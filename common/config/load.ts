// Loads process configuration: defaults < config file (YAML or JSON, keys as in CONFIG_FIELDS) < environment.
// Every bad field is reported at once, in one InvalidConfig error, before the process does anything.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import { ErrorType, InputError, type FieldProblem } from '../errors';
import { LOG_LEVELS } from '../log';
import { HOSTNAME } from '../spec/patterns';
import { checkUrlList } from '../gateway-urls';
import { isPlainObject, show } from '../validate';
import { CONFIG_FIELDS, CONFIG_FILE_ENV, type ConfigField } from './fields';
import type { AppConfig } from './types';

type Env = Record<string, string | undefined>;
type Raw = Record<string, unknown>;

function flatten(obj: Raw, prefix = '', out: Raw = {}): Raw {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

function readFile(path: string, problems: FieldProblem[]): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push({
      field: CONFIG_FILE_ENV,
      problem: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    });
    return {};
  }
  try {
    const doc: unknown = parseYaml(text);
    if (doc === null || doc === undefined) return {};
    if (!isPlainObject(doc)) throw new Error('top level must be a mapping');
    const flat = flatten(doc);
    const known = new Set(CONFIG_FIELDS.map((f) => f.key));
    for (const k of Object.keys(flat))
      if (!known.has(k)) problems.push({ field: k, problem: `is not a known setting (in ${path})` });
    return flat;
  } catch (err) {
    problems.push({
      field: CONFIG_FILE_ENV,
      problem: `${path} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`,
    });
    return {};
  }
}

/** Names entry i of a list value: SCALEIO_GATEWAY_URL[1], or gateway.url[1] (in file). */
function entryName(source: string, i: number): string {
  return source.replace(/^(\S+)/, `$1[${i}]`);
}

/**
 * One or more gateway URLs (a `url` field with list: true), by the gateway client's own rule (common/gateway-urls),
 * each entry named by its position when there are several. Kept as one comma-joined string, so a single URL reads
 * as before.
 */
function urlSet(raw: unknown, text: unknown, source: string): { value?: unknown; problem?: string } {
  const items: string[] = Array.isArray(text) ? text.map(String) : typeof text === 'string' ? text.split(',') : [''];
  if (items.length === 1 && items[0]!.trim() === '')
    return { problem: `${source} must be an http(s) URL, got ${show(raw)}` };
  const problems: FieldProblem[] = [];
  checkUrlList(items, (i) => (items.length === 1 ? source : entryName(source, i)), problems);
  // As the operator wrote them (the client normalises when it reads them).
  if (problems.length === 0) return { value: items.map((x) => x.trim().replace(/\/+$/, '')).join(',') };
  return { problem: problems.map((p) => `${p.field} ${p.problem}`).join('; ') };
}

function httpUrl(text: string): URL | undefined {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Converts one raw value (a string from the environment, or a typed value from the file) to the field's kind. */
function convert(f: ConfigField, raw: unknown, source: string): { value?: unknown; problem?: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const bad = (what: string) => ({ problem: `${source} must be ${what}, got ${show(raw)}` });
  if (f.kind === 'url' && f.list) return urlSet(raw, text, source);
  switch (f.kind) {
    case 'string':
    case 'path':
      return typeof text === 'string' && text !== '' ? { value: text } : bad('a non-empty string');
    case 'logLevel':
      return (LOG_LEVELS as readonly unknown[]).includes(text)
        ? { value: text }
        : bad(`one of ${LOG_LEVELS.join(', ')}`);
    case 'wireFormat':
      return text === 'protobuf' || text === 'json' ? { value: text } : bad('protobuf or json');
    case 'bool':
      if (text === true || text === 'true' || text === '1') return { value: true };
      if (text === false || text === 'false' || text === '0') return { value: false };
      return bad('true or false');
    case 'int': {
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n)) return bad('a whole number');
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max))
        return bad(`between ${f.min} and ${f.max}`);
      return { value: n };
    }
    case 'hostList': {
      const items = Array.isArray(text) ? text : typeof text === 'string' ? text.split(',').map((s) => s.trim()) : [];
      const hosts = items.map(String).filter((h) => h !== '');
      if (hosts.length === 0 || !hosts.every((h) => HOSTNAME.pattern.test(h)))
        return bad('a comma-separated list of hostnames');
      return { value: [...new Set(hosts)] };
    }
    case 'url':
    case 'urlList': {
      const items = Array.isArray(text) ? text : typeof text === 'string' ? text.split(',').map((s) => s.trim()) : [];
      if (items.length === 0 || (f.kind === 'url' && items.length !== 1))
        return bad(f.kind === 'url' ? 'a URL' : 'a comma-separated list of URLs');
      for (const item of items) {
        if (!httpUrl(String(item)))
          return bad(f.kind === 'url' ? 'an http(s) URL' : 'a comma-separated list of http(s) URLs');
      }
      return {
        value:
          f.kind === 'url' ? String(items[0]).replace(/\/+$/, '') : items.map((s) => String(s).replace(/\/+$/, '')),
      };
    }
  }
}

function setPath(target: Raw, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Raw;
  node[parts[parts.length - 1] as string] = value;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: FieldProblem[] = [];
  const filePath = env[CONFIG_FILE_ENV];
  const fromFile = filePath ? readFile(filePath, problems) : {};
  const out: Raw = {};
  for (const f of CONFIG_FIELDS) {
    const envValue = env[f.env];
    const [raw, source] =
      envValue !== undefined && envValue !== '' ? [envValue, f.env] : [fromFile[f.key], `${f.key} (in ${filePath})`];
    if (raw === undefined) {
      if (f.default !== undefined) setPath(out, f.key, f.default);
      continue;
    }
    const { value, problem } = convert(f, raw, source);
    if (problem) problems.push({ field: f.env, problem });
    else setPath(out, f.key, value);
  }
  let temporal: ClientConnectConfig | undefined;
  try {
    temporal = loadClientConnectConfig({
      overrideEnvVars: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    });
  } catch (err) {
    problems.push({ field: 'TEMPORAL_*', problem: (err as Error).message });
  }
  if (problems.length > 0) throw new InputError(ErrorType.InvalidConfig, 'configuration', problems);
  const connectionOptions = {
    ...temporal?.connectionOptions,
    address: temporal?.connectionOptions.address ?? 'localhost:7233',
  };
  return {
    ...(out as Omit<AppConfig, 'temporal'>),
    temporal: { connectionOptions, namespace: temporal?.namespace ?? 'default' },
  };
}
