// A small, dependency-free field checker. It collects every problem of an input instead of stopping at the
// first, names each field by its path (e.g. `packages.rhel7.sds`), and never echoes more than a short
// excerpt of a bad value (inputs may be hostile or huge). Workflows may use it: it is pure.
import type { FieldProblem } from './errors';

const MAX_SHOWN = 40;

/** A short, safe rendering of a value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const s = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}… (${value.length} chars)` : value;
    return JSON.stringify(s);
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface StringRule {
  required?: boolean;
  pattern?: RegExp;
  /** What the pattern means, for the message, e.g. 'lowercase letters, digits and dashes'. */
  patternText?: string;
  maxLength?: number;
}

export class Checker {
  constructor(
    private readonly input: Record<string, unknown>,
    private readonly problems: FieldProblem[] = [],
    private readonly prefix = ''
  ) {}

  static of(input: unknown, what: string, problems: FieldProblem[] = []): Checker | undefined {
    if (isPlainObject(input)) return new Checker(input, problems);
    problems.push({ field: what, problem: `must be a JSON object, got ${show(input)}` });
    return undefined;
  }

  get allProblems(): readonly FieldProblem[] {
    return this.problems;
  }

  path(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  fail(field: string, problem: string): undefined {
    this.problems.push({ field: this.path(field), problem });
    return undefined;
  }

  has(field: string): boolean {
    return this.input[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.input[field];
  }

  string(field: string, rule: StringRule = {}): string | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return rule.required ? this.fail(field, 'is required') : undefined;
    if (typeof v !== 'string') return this.fail(field, `must be a string, got ${show(v)}`);
    const max = rule.maxLength ?? 256;
    if (v.length > max) return this.fail(field, `must be at most ${max} characters, got ${v.length}`);
    if (rule.required && v.trim() === '') return this.fail(field, 'must not be empty');
    if (rule.pattern && !rule.pattern.test(v)) {
      return this.fail(field, `must be ${rule.patternText ?? `like ${rule.pattern.source}`}, got ${show(v)}`);
    }
    return v;
  }

  number(field: string, rule: { required?: boolean; min?: number; max?: number; integer?: boolean } = {}) {
    const v = this.input[field];
    if (v === undefined || v === null) return rule.required ? this.fail(field, 'is required') : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(field, `must be a number, got ${show(v)}`);
    if (rule.integer && !Number.isInteger(v)) return this.fail(field, `must be a whole number, got ${v}`);
    if (rule.min !== undefined && v < rule.min) return this.fail(field, `must be at least ${rule.min}, got ${v}`);
    if (rule.max !== undefined && v > rule.max) return this.fail(field, `must be at most ${rule.max}, got ${v}`);
    return v;
  }

  boolean(field: string): boolean | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.fail(field, `must be true or false, got ${show(v)}`);
    return v;
  }

  oneOf<T extends string | number>(field: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return required ? this.fail(field, 'is required') : undefined;
    if (!allowed.includes(v as T)) {
      return this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${show(v)}`);
    }
    return v as T;
  }

  stringList(field: string, rule: StringRule & { maxItems?: number; unique?: boolean } = {}): string[] | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return rule.required ? this.fail(field, 'is required') : undefined;
    if (!Array.isArray(v)) return this.fail(field, `must be a list of strings, got ${show(v)}`);
    const max = rule.maxItems ?? 1000;
    if (v.length > max) return this.fail(field, `must have at most ${max} items, got ${v.length}`);
    const items = new Checker(Object.fromEntries(v.map((x, i) => [String(i), x])), this.problems, this.path(field));
    const out = v.map((_, i) => items.string(String(i), { ...rule, required: true }));
    if (rule.unique) {
      const seen = new Set<string>();
      out.forEach((s, i) => {
        if (s === undefined) return;
        if (seen.has(s)) items.fail(String(i), `duplicates ${show(s)}`);
        seen.add(s);
      });
    }
    return out.every((s): s is string => s !== undefined) ? out : undefined;
  }

  /** A nested object, checked by its own Checker whose problems land in the same list. */
  object(field: string, required = false): Checker | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return required ? this.fail(field, 'is required') : undefined;
    if (!isPlainObject(v)) return this.fail(field, `must be an object, got ${show(v)}`);
    return new Checker(v, this.problems, this.path(field));
  }

  keys(): string[] {
    return Object.keys(this.input);
  }

  /** Unknown keys are usually typos; naming them beats silently ignoring them. */
  noUnknownKeys(allowed: readonly string[]): void {
    for (const k of Object.keys(this.input)) {
      if (!allowed.includes(k)) this.fail(k, `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}
