// Turns what an operator has of the old deployment into a LegacyInput: a Marathon app definition (its `cmd` or
// `args`, and `env`), the old command line as text, or a file of the old environment variables.
import { ErrorType, InputError, type FieldProblem } from '../errors';
import { isPlainObject, show } from '../validate';
import { ShellSyntaxError, simpleCommand, splitCommands, type SimpleCommand } from './shell-words';
import type { EnvLayer, LegacyInput, ShellWord } from './types';

const WHAT = 'old scheduler configuration';
const SCHEDULER = 'scaleio-scheduler';

function fail(problems: FieldProblem[]): never {
  throw new InputError(ErrorType.InvalidConfig, WHAT, problems);
}

const word = (text: string): ShellWord => ({ text, unresolved: [] });
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** `NAME=value` lines (optionally `export NAME=value`, quoted values); blank lines and # comments are skipped. */
export function parseEnvFile(text: string, origin: string): EnvLayer {
  const vars: Record<string, ShellWord> = {};
  const problems: FieldProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m?.[1]) {
      // The line itself is not shown: it may hold a password.
      problems.push({ field: `${origin} line ${i + 1}`, problem: 'is not NAME=value' });
      return;
    }
    let value = m[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    vars[m[1]] = word(value);
  });
  if (problems.length > 0) fail(problems);
  return { origin, vars };
}

function flatVars(layers: readonly EnvLayer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const layer of layers)
    for (const [k, v] of Object.entries(layer.vars)) if (v.unresolved.length === 0) out[k] = v.text;
  return out;
}

function commandsOf(line: string, field: string, layers: readonly EnvLayer[], used?: Set<string>): SimpleCommand[] {
  try {
    return splitCommands(line, flatVars(layers), used).map(simpleCommand);
  } catch (err) {
    if (err instanceof ShellSyntaxError) fail([{ field, problem: err.message }]);
    throw err;
  }
}

function withCommand(cmd: SimpleCommand, origin: string, layers: EnvLayer[], rest: Partial<LegacyInput>): LegacyInput {
  const env = Object.keys(cmd.assignments).length
    ? [...layers, { origin: `${origin}, before the command`, vars: cmd.assignments }]
    : layers;
  return { ...rest, args: { origin, words: cmd.args }, env };
}

/**
 * The old command line as text: a whole `cmd` (`chmod … && ./scaleio-scheduler -uri=…`), one command
 * (`./scaleio-scheduler -uri=…`) or only its flags (`-uri=… -scaleio.password=…`).
 */
export function inputFromCommandLine(line: string, origin: string, layers: EnvLayer[] = []): LegacyInput {
  const used = new Set<string>();
  const commands = commandsOf(line, origin, layers, used);
  const expanded = { expanded: [...used] };
  const schedulers = commands.filter((c) => c.program && basename(c.program.text) === SCHEDULER);
  if (schedulers.length > 1) fail([{ field: origin, problem: `runs ${SCHEDULER} ${schedulers.length} times` }]);
  if (schedulers[0]) return withCommand(schedulers[0], origin, layers, expanded);
  if (commands.length > 1)
    fail([{ field: origin, problem: `has ${commands.length} commands and none runs ${SCHEDULER}` }]);
  const only = commands[0];
  if (!only) return { args: { origin, words: [] }, env: layers, ...expanded };
  // Flags alone: the first word is already a flag; otherwise it is the program, whatever its name.
  if (only.program?.text.startsWith('-'))
    return withCommand({ ...only, args: [only.program, ...only.args] }, origin, layers, expanded);
  return withCommand(only, origin, layers, expanded);
}

/**
 * A Marathon app definition that ran the old scheduler: as posted (`POST /v2/apps`), or as Marathon answers
 * `GET /v2/apps/<id>`, wrapped in `{"app": …}`.
 */
export function inputFromMarathon(given: unknown, origin: string, layers: EnvLayer[] = []): LegacyInput {
  const app = isPlainObject(given) && Object.keys(given).length === 1 && isPlainObject(given.app) ? given.app : given;
  if (!isPlainObject(app))
    fail([{ field: origin, problem: `must be a Marathon app (a JSON object), got ${show(app)}` }]);
  const problems: FieldProblem[] = [];
  const vars: Record<string, ShellWord> = {};
  const env = app.env ?? {};
  if (!isPlainObject(env)) problems.push({ field: 'env', problem: `must be an object, got ${show(env)}` });
  else
    for (const [name, value] of Object.entries(env)) {
      if (typeof value === 'string') vars[name] = word(value);
      // A Marathon secret reference: its value is not in the file, which is fine for a secret we never print.
      else if (isPlainObject(value) && typeof value.secret === 'string')
        vars[name] = { text: '', unresolved: [`Marathon secret ${value.secret}`] };
      else problems.push({ field: `env.${name}`, problem: `must be a string or {"secret": …}, got ${show(value)}` });
    }
  const hasCmd = app.cmd !== undefined && app.cmd !== null;
  const hasArgs = app.args !== undefined && app.args !== null;
  if (hasCmd === hasArgs) problems.push({ field: 'cmd', problem: 'exactly one of cmd and args must be given' });
  if (hasCmd && typeof app.cmd !== 'string')
    problems.push({ field: 'cmd', problem: `must be a string, got ${show(app.cmd)}` });
  const args = app.args;
  if (hasArgs && !(Array.isArray(args) && args.every((a) => typeof a === 'string')))
    problems.push({ field: 'args', problem: `must be a list of strings, got ${show(args)}` });
  if (problems.length > 0) fail(problems);

  const all = [...layers, { origin: `${origin} env`, vars }];
  const ignoredFields = Object.keys(app).filter((k) => !['cmd', 'args', 'env'].includes(k));
  if (typeof app.cmd === 'string') {
    const used = new Set<string>();
    const commands = commandsOf(app.cmd, 'cmd', all, used);
    const schedulers = commands.filter((c) => c.program && basename(c.program.text) === SCHEDULER);
    if (schedulers.length !== 1)
      fail([{ field: 'cmd', problem: `must run ${SCHEDULER} once, found it ${schedulers.length} times` }]);
    return withCommand(schedulers[0] as SimpleCommand, `${origin} cmd`, all, { ignoredFields, expanded: [...used] });
  }
  // args are passed to the program as they are, without a shell: no expansion.
  const words = (args as string[]).map(word);
  const program = words[0] && basename(words[0].text) === SCHEDULER ? 1 : 0;
  return { args: { origin: `${origin} args`, words: words.slice(program) }, env: all, ignoredFields };
}
