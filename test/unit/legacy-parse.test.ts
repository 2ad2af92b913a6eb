// Reading the old configuration: shell words of a Marathon cmd, Go flag syntax, env files, Marathon apps.
import { InputError } from '../../common/errors';
import {
  inputFromCommandLine,
  inputFromMarathon,
  parseEnvFile,
  parseGoBool,
  parseGoFlags,
  ShellSyntaxError,
  splitCommands,
} from '../../common/legacy';
import type { ShellWord } from '../../common/legacy';

const texts = (commands: ShellWord[][]) => commands.map((c) => c.map((w) => w.text));
const words = (...t: string[]): ShellWord[] => t.map((text) => ({ text, unresolved: [] }));
const BOOLS = new Set(['debug', 'experimental']);
const KNOWN = new Set(['uri', 'loglevel', 'scaleio.password', ...BOOLS]);
const isBool = (name: string) => (KNOWN.has(name) ? BOOLS.has(name) : undefined);

describe('shell words', () => {
  test.each([
    [
      'chmod u+x s && ./s -a=1',
      [
        ['chmod', 'u+x', 's'],
        ['./s', '-a=1'],
      ],
    ],
    ['a "two words" \'x $Y\' b\\ c', [['a', 'two words', 'x $Y', 'b c']]],
    ['a -p=$P -q=${Q}x "-r=$P"', [['a', '-p=pp', '-q=qqx', '-r=pp']]],
    ['a; b || c | d\ne', [['a'], ['b'], ['c'], ['d'], ['e']]],
    ['./s -a=1 > /tmp/log 2>&1', [['./s', '-a=1']]],
    ['./s -a=1 # a comment', [['./s', '-a=1']]],
    ['a ""', [['a', '']]],
  ])('%s', (line, expected) => {
    expect(texts(splitCommands(line, { P: 'pp', Q: 'qq' }))).toEqual(expected);
  });

  test('a variable nobody defines stays as written and is named', () => {
    const [cmd] = splitCommands('./s -rest.port=$PORT -x=${HOST}', {});
    expect(cmd?.slice(1)).toEqual([
      { text: '-rest.port=$PORT', unresolved: ['PORT'] },
      { text: '-x=$HOST', unresolved: ['HOST'] },
    ]);
  });

  test.each(['a $(id)', 'a `id`', "a 'open", 'a "open', 'a > ', 'a ${X:-y}'])('%s is refused', (line) => {
    expect(() => splitCommands(line, {})).toThrow(ShellSyntaxError);
  });
});

describe('Go flag syntax', () => {
  test.each([
    [['-uri=m:5050'], [['-uri', 'uri', 'm:5050']]],
    [['--uri=m:5050'], [['--uri', 'uri', 'm:5050']]],
    [['-uri', 'm:5050'], [['-uri', 'uri', 'm:5050']]],
    [['--uri', '-odd'], [['--uri', 'uri', '-odd']]],
    [['-debug'], [['-debug', 'debug', 'true']]],
    [
      ['-debug=false', '-experimental'],
      [
        ['-debug', 'debug', 'false'],
        ['-experimental', 'experimental', 'true'],
      ],
    ],
    [['-uri=a=b'], [['-uri', 'uri', 'a=b']]],
    [['-uri='], [['-uri', 'uri', '']]],
  ])('%j', (args, expected) => {
    const { flags, problems } = parseGoFlags(words(...args), isBool, 'test');
    expect(problems).toEqual([]);
    expect(flags.map((f) => [f.spelled, f.name, f.value.text])).toEqual(expected);
  });

  test.each([
    [['-nope=1'], '-nope', 'not a flag of the old scheduler'],
    [['-nope', 'value', '-debug'], '-nope', 'not a flag of the old scheduler'],
    [['-uri'], '-uri', 'needs a value'],
    [['-debug', 'false'], 'argument 2', 'write -debug=false'],
    [['-uri=x', 'stray', '-debug'], 'argument 2', 'ignored 2 argument(s)'],
    [['--', '-debug'], 'argument 2', 'stopped reading flags'],
    [['---x'], 'argument 1', 'bad flag syntax'],
    [['-h'], '-h', 'usage'],
  ])('%j is refused, naming %s', (args, field, problem) => {
    const { problems } = parseGoFlags(words(...args), isBool, 'test');
    expect(problems).toEqual([{ field, problem: expect.stringContaining(problem) }]);
  });

  test('the value of an unknown flag is not echoed', () => {
    const { problems } = parseGoFlags(words('-scaleio.pasword', 's3cret'), isBool, 'test');
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  test.each([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['F', false],
    ['false', false],
    ['yes', undefined],
    ['tRUE', undefined],
  ])('ParseBool(%s) = %p', (text, value) => expect(parseGoBool(text)).toBe(value));
});

describe('env files', () => {
  test('NAME=value lines, export, quotes and comments', () => {
    const layer = parseEnvFile('# old\nexport A=1\nB="two words"\n\nC=\'x$y\'\nD=a=b\nE="q\\"q"\n', 'f');
    expect(Object.fromEntries(Object.entries(layer.vars).map(([k, v]) => [k, v.text]))).toEqual({
      A: '1',
      B: 'two words',
      C: 'x$y',
      D: 'a=b',
      E: 'q"q',
    });
  });

  test('a bad line is named by its number, its content is not shown', () => {
    expect(() => parseEnvFile('A=1\nnot a line with s3cret\n', 'old.env')).toThrow(InputError);
    try {
      parseEnvFile('A=1\nnot a line with s3cret\n', 'old.env');
    } catch (err) {
      expect((err as InputError).problems).toEqual([{ field: 'old.env line 2', problem: 'is not NAME=value' }]);
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
});

describe('Marathon apps and command lines', () => {
  test('cmd: the scheduler command, its assignments and the env used to expand it', () => {
    const input = inputFromMarathon(
      { id: 'x', cmd: 'chmod u+x scaleio-scheduler && DEBUG=true ./scaleio-scheduler -uri=$M:5050', env: { M: 'm1' } },
      'app.json'
    );
    expect(input.args?.words.map((w) => w.text)).toEqual(['-uri=m1:5050']);
    expect(input.env.map((l) => [l.origin, Object.keys(l.vars)])).toEqual([
      ['app.json env', ['M']],
      ['app.json cmd, before the command', ['DEBUG']],
    ]);
    expect(input.expanded).toEqual(['M']);
    expect(input.ignoredFields).toEqual(['id']);
  });

  test('the app as Marathon answers GET /v2/apps/<id>, wrapped in {"app": …}, reads as the app itself', () => {
    const app = { id: '/scaleio-scheduler', cmd: './scaleio-scheduler -uri=$M', env: { M: 'm1' } };
    const wrapped = inputFromMarathon({ app }, 'app.json');
    expect(wrapped).toEqual(inputFromMarathon(app, 'app.json'));
    expect(wrapped.args?.words.map((w) => w.text)).toEqual(['-uri=m1']);
  });

  test('args are taken as they are, without the program and without expansion', () => {
    const input = inputFromMarathon({ args: ['/opt/scaleio-scheduler', '-uri=$M'] }, 'app.json');
    expect(input.args?.words).toEqual([{ text: '-uri=$M', unresolved: [] }]);
  });

  test('a Marathon secret in env is known by name only', () => {
    const input = inputFromMarathon({ cmd: './scaleio-scheduler', env: { ADMIN_PASSWORD: { secret: 'pw' } } }, 'a');
    expect(input.env[0]?.vars.ADMIN_PASSWORD).toEqual({ text: '', unresolved: ['Marathon secret pw'] });
  });

  test.each([
    [[], 'a', 'must be a Marathon app'],
    [{ env: {} }, 'cmd', 'exactly one of cmd and args'],
    [{ cmd: 'x', args: ['y'] }, 'cmd', 'exactly one of cmd and args'],
    [{ cmd: 'sleep 1' }, 'cmd', 'must run scaleio-scheduler once'],
    [{ cmd: './scaleio-scheduler; ./scaleio-scheduler' }, 'cmd', 'found it 2 times'],
    [{ cmd: './scaleio-scheduler $(cat pw)' }, 'cmd', 'command substitution'],
    [{ args: [1] }, 'args', 'list of strings'],
    [{ cmd: './scaleio-scheduler', env: { A: 1 } }, 'env.A', 'must be a string'],
  ])('%j is refused, naming %s', (app, field, problem) => {
    expect(() => inputFromMarathon(app, 'a')).toThrow(InputError);
    try {
      inputFromMarathon(app, 'a');
    } catch (err) {
      expect((err as InputError).problems).toContainEqual({ field, problem: expect.stringContaining(problem) });
    }
  });

  test.each([
    ['-uri=m:5050 -debug', ['-uri=m:5050', '-debug']],
    ['./scaleio-scheduler -uri=m:5050', ['-uri=m:5050']],
    ['/opt/bin/sched -uri=m:5050', ['-uri=m:5050']],
    ['cd /x && ./scaleio-scheduler -uri=m:5050', ['-uri=m:5050']],
  ])('command line %s', (line, args) => {
    expect(inputFromCommandLine(line, '--flags').args?.words.map((w) => w.text)).toEqual(args);
  });

  test('a command line with several commands must run the scheduler', () => {
    expect(() => inputFromCommandLine('cd /x && ./other -uri=m', '--flags')).toThrow(/none runs scaleio-scheduler/);
  });
});
