// Defence in depth: every value a builder puts into a command is checked again here, even though the
// cluster spec was validated on the way in. Problems are collected and thrown together, each naming its field.
import { ErrorType, type FieldProblem, InputError } from '../../common/errors';
import { HOSTNAME, HTTP_URL, PASSWORD_REF, SCALEIO_OBJECT_NAME, VERSION } from '../../common/spec/patterns';
import { show } from '../../common/validate';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DEVICE_PATH = /^\/dev\/[A-Za-z0-9][A-Za-z0-9_/.-]{0,127}$/;
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,254}$/;
const LOOSE_VERSION = /^[0-9][0-9A-Za-z.+~-]{0,63}$/;
const KERNEL = /^[0-9][0-9A-Za-z.+_-]{0,63}$/;

/** Collects problems for one input; `done()` throws them all at once. */
export class FieldCheck {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly what: string) {}

  private test(field: string, value: unknown, re: RegExp, text: string): string {
    if (typeof value !== 'string' || !re.test(value) || value.includes('\n')) {
      this.problems.push({ field, problem: `must be ${text}, got ${show(value)}` });
    }
    return value as string;
  }

  hostname(field: string, v: unknown): string {
    return this.test(field, v, HOSTNAME.pattern, HOSTNAME.patternText);
  }
  ip(field: string, v: unknown): string {
    return this.test(field, v, IPV4, 'an IPv4 address like 10.0.0.1');
  }
  ipList(field: string, v: unknown): string[] {
    if (!Array.isArray(v) || v.length === 0) {
      this.problems.push({ field, problem: `must be a non-empty list of IPv4 addresses, got ${show(v)}` });
      return [];
    }
    v.forEach((x, i) => this.ip(`${field}[${i}]`, x));
    if (new Set(v).size !== v.length) this.problems.push({ field, problem: 'must not repeat an address' });
    return v as string[];
  }
  devicePath(field: string, v: unknown): string {
    const s = this.test(field, v, DEVICE_PATH, 'a device path under /dev/ (letters, digits, _ - . /)');
    if (typeof s === 'string' && s.split('/').some((seg) => seg === '..' || seg === '.')) {
      this.problems.push({ field, problem: `must not contain . or .. segments, got ${show(s)}` });
    }
    return s;
  }
  scaleioVersion(field: string, v: unknown): string {
    return this.test(field, v, VERSION.pattern, VERSION.patternText);
  }
  looseVersion(field: string, v: unknown): string {
    return this.test(field, v, LOOSE_VERSION, 'a version like 0.8.2 (digits, letters, . + ~ -)');
  }
  kernel(field: string, v: unknown): string {
    return this.test(field, v, KERNEL, 'a kernel release like 4.4.0-38-generic');
  }
  url(field: string, v: unknown, suffixes: readonly string[] = []): string {
    if (typeof v === 'string' && v.length > 1024) {
      this.problems.push({ field, problem: `must be at most 1024 characters, got ${v.length}` });
      return v;
    }
    const s = this.test(field, v, HTTP_URL.pattern, HTTP_URL.patternText);
    if (typeof s !== 'string' || !HTTP_URL.pattern.test(s)) return s;
    const name = s.slice(s.lastIndexOf('/') + 1);
    if (!FILE_NAME.test(name)) {
      this.problems.push({ field, problem: `must end in a plain file name (no %-escapes), got ${show(name)}` });
    } else if (suffixes.length > 0 && !suffixes.some((x) => name.endsWith(x))) {
      this.problems.push({ field, problem: `must name a ${suffixes.join(' or ')} file, got ${show(name)}` });
    }
    return s;
  }
  objectName(field: string, v: unknown): string {
    return this.test(field, v, SCALEIO_OBJECT_NAME.pattern, SCALEIO_OBJECT_NAME.patternText);
  }
  packageName(field: string, v: unknown): string {
    return this.test(field, v, PACKAGE_NAME, 'a package name (letters, digits, . + _ -)');
  }
  secretRef(field: string, v: unknown): string {
    // Only the forms runOnAgent resolves; anything else might be a password pasted in by mistake, so it is
    // neither accepted nor echoed.
    if (typeof v !== 'string' || !PASSWORD_REF.pattern.test(v)) {
      this.problems.push({ field, problem: `must be a secret reference: ${PASSWORD_REF.patternText}` });
    }
    return v as string;
  }

  done(): void {
    if (this.problems.length > 0) throw new InputError(ErrorType.InvalidInput, this.what, this.problems);
  }
}

/** The file name Mesos's fetcher gives a URL in the sandbox. */
export function sandboxFileName(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}
