import { execFileSync } from 'node:child_process';
import { joinScripts, sh, ShellScript, shq } from '../../activities/install';

/** What /bin/sh makes of a quoted word: printf it back byte for byte. */
function roundTrip(quoted: string): string {
  return execFileSync('/bin/sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
}

const HOSTILE = [
  '; rm -rf /',
  '$(reboot)',
  '`reboot`',
  "it's",
  '"double" and \'single\'',
  'line1\nline2\n',
  '$HOME ${PATH} $((1+1))',
  'a|b&c>d<e',
  '*',
  '-n',
  '',
  ' leading and trailing ',
  "'; touch /tmp/pwned; echo '",
  '\\',
  'ünïcødé',
];

describe('shq', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('gives the shell back exactly %s', (_, v) => {
    expect(roundTrip(shq(v))).toBe(v);
  });

  it('leaves plain words readable and quotes everything else', () => {
    expect(shq('EMC-ScaleIO-sds')).toBe('EMC-ScaleIO-sds');
    expect(shq('10.0.0.1,10.0.0.2')).toBe('10.0.0.1,10.0.0.2');
    expect(shq(42)).toBe('42');
    expect(shq('a b')).toBe("'a b'");
    expect(shq("it's")).toBe("'it'\\''s'");
    expect(shq('')).toBe("''");
  });

  it('refuses a NUL byte, naming the field', () => {
    expect(() => shq('a\0b')).toThrow(/value: contains a NUL byte/);
  });
});

describe('sh template', () => {
  it('quotes every interpolated value', () => {
    const evil = '$(reboot); rm -rf /';
    const s = sh`echo ${evil}`;
    expect(s).toBeInstanceOf(ShellScript);
    expect(s.text).toBe(`echo '$(reboot); rm -rf /'`);
    expect(execFileSync('/bin/sh', ['-c', s.text], { encoding: 'utf8' })).toBe(`${evil}\n`);
  });

  it('turns arrays into separate quoted words', () => {
    const s = sh`printf '[%s]' ${['a b', 'c', "d'e"]}`;
    expect(execFileSync('/bin/sh', ['-c', s.text], { encoding: 'utf8' })).toBe("[a b][c][d'e]");
  });

  it('splices scripts built by sh, but a plain string never goes in raw', () => {
    const inner = sh`echo ${'x y'}`;
    expect(sh`${inner} && true`.text).toBe(`echo 'x y' && true`);
    const fake = { text: 'reboot' } as unknown as string;
    expect(sh`echo ${fake}`.text).not.toBe('echo reboot');
  });

  it('joinScripts accepts only separators, not code', () => {
    expect(joinScripts([sh`a`, sh`b`]).text).toBe('a\nb');
    expect(joinScripts([sh`a`, sh`b`], ' && ').text).toBe('a && b');
    expect(() => joinScripts([sh`a`], '; reboot; ')).toThrow(/separator/);
  });
});
