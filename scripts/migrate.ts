// Migrates the old Go scheduler's configuration (Marathon app, command line or environment) to a cluster spec and
// worker/bridge settings, naming what it cannot carry over. The admin password is never printed.
//
//   npm run migrate -- --marathon old-app.json [--env old.env] [--repository URL] [--password-ref REF] [--json] [--out DIR]
//   npm run migrate -- --flags '-uri=master:5050 -scaleio.preconfig.primary=…'
//
// Exit 0 with the result on stdout; 2 with a message naming every problem on bad input.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors';
import {
  envFile,
  inputFromCommandLine,
  inputFromMarathon,
  migrateLegacy,
  notesText,
  parseEnvFile,
  renderText,
  type EnvLayer,
  type LegacyInput,
  type Migration,
} from '../common/legacy';

const USAGE = `usage: npm run migrate -- (--marathon FILE | --flags TEXT | --env FILE) [options]
  --marathon FILE     a Marathon app definition that ran the old scheduler (its cmd or args, and env)
  --flags TEXT        the old command line: the whole cmd, or only its flags
  --env FILE          the old scheduler's environment variables (NAME=value lines); flags override them
  --repository URL    your package repository, for every package the old configuration left at its default
  --password-ref REF  where the admin password will live: file:/path (default file:/run/secrets/scaleio_gateway_password) or env:NAME
  --json              print {spec, config, notes, instructions} as JSON
  --out DIR           also write cluster-spec.json, worker.env, bridge.env and MIGRATION-NOTES.txt into DIR
  -h, --help          this text`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

const VALUE_OPTIONS = ['marathon', 'flags', 'env', 'repository', 'password-ref', 'out'] as const;
type Options = Partial<Record<(typeof VALUE_OPTIONS)[number], string>> & { json?: boolean; help?: boolean };

/** `--name value` or `--name=value`; a value may start with a dash (the old flags do). */
function parseOptions(argv: readonly string[]): Options {
  const out: Options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name = '', inline] = arg.startsWith('--')
      ? [arg.slice(2).split('=')[0], arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined]
      : [];
    if (arg === '-h' || name === 'help') out.help = true;
    else if (name === 'json' && inline === undefined) out.json = true;
    else if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (out[name as (typeof VALUE_OPTIONS)[number]] !== undefined) throw new UsageError(`--${name} is given twice`);
      out[name as (typeof VALUE_OPTIONS)[number]] = value;
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg.split('=')[0])}`);
  }
  return out;
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function inputOf(values: { marathon?: string; flags?: string; env?: string }): { input: LegacyInput; source: string } {
  if (values.marathon !== undefined && values.flags !== undefined)
    throw new UsageError('give --marathon or --flags, not both');
  const layers: EnvLayer[] = values.env ? [parseEnvFile(read(values.env, 'the env file'), values.env)] : [];
  if (values.marathon !== undefined) {
    let app: unknown;
    try {
      app = JSON.parse(read(values.marathon, 'the Marathon app'));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${values.marathon} is not JSON: ${(err as Error).message}`);
    }
    return { input: inputFromMarathon(app, values.marathon, layers), source: values.marathon };
  }
  if (values.flags !== undefined)
    return { input: inputFromCommandLine(values.flags, '--flags', layers), source: '--flags' };
  if (values.env !== undefined) return { input: { env: layers }, source: values.env };
  throw new UsageError('nothing to migrate: give --marathon, --flags or --env');
}

function writeOut(dir: string, m: Migration): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['cluster-spec.json', `${JSON.stringify(m.spec, null, 2)}\n`],
    ['worker.env', envFile(m, 'worker')],
    ['bridge.env', envFile(m, 'bridge')],
    ['MIGRATION-NOTES.txt', notesText(m)],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

export function runMigrate(argv: string[], io: Io): number {
  try {
    const values = parseOptions(argv);
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const { input, source } = inputOf(values);
    const m = migrateLegacy(input, {
      ...(values.repository !== undefined ? { repository: values.repository } : {}),
      ...(values['password-ref'] !== undefined ? { passwordRef: values['password-ref'] } : {}),
    });
    const { normalizedSpec: _normalized, ...shown } = m;
    io.stdout(values.json ? `${JSON.stringify(shown, null, 2)}\n` : renderText(m, source));
    if (values.out) io.stderr(`wrote ${writeOut(values.out, m).join(', ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`migrate: the ${err.what} cannot be carried over:\n`);
      for (const p of err.problems) io.stderr(`  - ${p.field}: ${p.problem}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`migrate: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = runMigrate(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
