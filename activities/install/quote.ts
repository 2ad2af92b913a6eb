// The one way values enter a shell command. `shq` single-quotes a value; the `sh` template quotes every
// interpolation with it, except fragments that were themselves built by `sh` (so composition stays safe and
// there is no way to splice an unchecked string in raw).
import { ErrorType, InputError } from '../../common/errors';

/** A piece of shell script whose every value was quoted by `shq`. */
export class ShellScript {
  /** Only `sh` and `joinScripts` create these. */
  private constructor(readonly text: string) {}

  /** @internal */
  static unsafeFromTrustedText(text: string): ShellScript {
    return new ShellScript(text);
  }

  toString(): string {
    return this.text;
  }
}

/** What may be interpolated into `sh`: values (quoted) or scripts (spliced as they are). */
export type ShellValue = string | number | ShellScript | readonly (string | number | ShellScript)[];

/**
 * POSIX single-quoting: inside '...' nothing is special except the closing quote, which is written as '\''.
 * Newlines, `$(...)`, backticks and `;` all stay literal. A NUL byte cannot be passed in argv, so it is refused.
 */
export function shq(value: string | number): string {
  const s = String(value);
  if (s.includes('\0')) {
    throw new InputError(ErrorType.InvalidInput, 'shell value', [{ field: 'value', problem: 'contains a NUL byte' }]);
  }
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function render(v: ShellValue): string {
  if (v instanceof ShellScript) return v.text;
  if (Array.isArray(v)) return v.map((x: string | number | ShellScript) => render(x)).join(' ');
  return shq(v as string | number);
}

/** Tagged template: sh`rpm -q ${name}` quotes `name`; arrays become space-separated quoted words. */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): ShellScript {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return ShellScript.unsafeFromTrustedText(out);
}

/** Scripts joined by a separator (default: newline). */
export function joinScripts(parts: readonly ShellScript[], separator = '\n'): ShellScript {
  if (!/^[\s;&|]*$/.test(separator)) {
    throw new InputError(ErrorType.InvalidInput, 'shell script', [
      { field: 'separator', problem: 'must be whitespace or ; & |' },
    ]);
  }
  return ShellScript.unsafeFromTrustedText(parts.map((p) => p.text).join(separator));
}
