// Checks a message in Mesos JSON form against its reflected proto type and returns the
// normal in-memory form: unknown keys and nulls dropped (as the master does), numeric
// strings turned into numbers, empty repeated fields dropped (as the protobuf path never
// yields them). Every problem names the dotted path of the field.
import { Enum, MapField, Type, type Field } from 'protobufjs';
import { FieldProblem } from './errors';

type Kind = 'message' | 'enum' | 'string' | 'bool' | 'bytes' | 'double' | 'int32' | 'uint32' | 'int64' | 'uint64';

interface FieldPlan {
  readonly kind: Kind;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly keyKind: Kind;
  readonly message?: Type;
  readonly enumType?: Enum;
}

interface TypePlan {
  readonly fields: Map<string, FieldPlan>;
  readonly required: readonly string[];
}

const SCALAR_KINDS: Record<string, Kind> = {
  double: 'double',
  float: 'double',
  int32: 'int32',
  sint32: 'int32',
  sfixed32: 'int32',
  uint32: 'uint32',
  fixed32: 'uint32',
  int64: 'int64',
  sint64: 'int64',
  sfixed64: 'int64',
  uint64: 'uint64',
  fixed64: 'uint64',
  bool: 'bool',
  string: 'string',
  bytes: 'bytes',
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;

const plans = new WeakMap<Type, TypePlan>();

function kindOf(field: Field): Pick<FieldPlan, 'kind' | 'message' | 'enumType'> {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof Type) return { kind: 'message', message: resolved };
  if (resolved instanceof Enum) return { kind: 'enum', enumType: resolved };
  const kind = SCALAR_KINDS[field.type];
  if (!kind) throw new Error(`proto field ${field.fullName} has unsupported type ${field.type}`);
  return { kind };
}

function planFor(type: Type): TypePlan {
  let plan = plans.get(type);
  if (plan) return plan;
  const fields = new Map<string, FieldPlan>();
  const required: string[] = [];
  for (const field of type.fieldsArray) {
    const map = field instanceof MapField;
    const keyKind = map ? (SCALAR_KINDS[field.keyType] ?? 'string') : 'string';
    fields.set(field.name, { ...kindOf(field), repeated: field.repeated, map, keyKind });
    if (field.required) required.push(field.name);
  }
  plan = { fields, required };
  plans.set(type, plan);
  return plan;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function integer(v: unknown, path: string, what: string, min: number, max: number): number {
  const n = typeof v === 'string' && INTEGER.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new FieldProblem(path, `expected ${what}, got ${show(v)}`);
  }
  return n;
}

function convertOne(plan: FieldPlan, v: unknown, path: string): unknown {
  switch (plan.kind) {
    case 'message':
      return normalizeMessage(plan.message as Type, v, path);
    case 'enum': {
      const e = plan.enumType as Enum;
      if (typeof v !== 'string') throw new FieldProblem(path, `expected a ${e.name} enum name, got ${show(v)}`);
      if (!Object.prototype.hasOwnProperty.call(e.values, v)) {
        throw new FieldProblem(path, `unknown ${e.name} enum name ${JSON.stringify(v)}`);
      }
      return v;
    }
    case 'string':
      if (typeof v !== 'string') throw new FieldProblem(path, `expected a string, got ${show(v)}`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new FieldProblem(path, `expected a boolean, got ${show(v)}`);
      return v;
    case 'bytes':
      if (typeof v !== 'string' || !BASE64.test(v)) {
        throw new FieldProblem(path, `expected base64 bytes, got ${show(v)}`);
      }
      return v;
    case 'double':
      if (typeof v === 'number') return v;
      // Mesos accepts numeric strings and "Infinity"/"-Infinity" for doubles.
      if (typeof v === 'string' && (DECIMAL.test(v) || /^[+-]?Infinity$|^NaN$/.test(v))) return Number(v);
      throw new FieldProblem(path, `expected a number, got ${show(v)}`);
    case 'int32':
      return integer(v, path, 'a 32-bit integer', -0x80000000, 0x7fffffff);
    case 'uint32':
      return integer(v, path, 'an unsigned 32-bit integer', 0, 0xffffffff);
    case 'int64':
      return integer(v, path, 'an integer', -Infinity, Infinity);
    case 'uint64':
      return integer(v, path, 'an unsigned integer', 0, Infinity);
  }
}

function convertMap(plan: FieldPlan, v: unknown, path: string): Record<string, unknown> | undefined {
  if (!isObject(v)) throw new FieldProblem(path, `expected a JSON object (map), got ${show(v)}`);
  const keys = Object.keys(v);
  if (keys.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (plan.keyKind !== 'string' && plan.keyKind !== 'bool' && !INTEGER.test(k)) {
      throw new FieldProblem(`${path}.${k}`, 'map key is not an integer');
    }
    const item = v[k];
    if (item !== null && item !== undefined) out[k] = convertOne(plan, item, `${path}.${k}`);
  }
  return out;
}

function convertRepeated(plan: FieldPlan, v: unknown, path: string): unknown[] | undefined {
  if (!Array.isArray(v)) throw new FieldProblem(path, `expected an array, got ${show(v)}`);
  if (v.length === 0) return undefined;
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = convertOne(plan, v[i], `${path}[${i}]`);
  return out;
}

/** Checks `value` against `type`; returns its normal form or throws FieldProblem. */
export function normalizeMessage(type: Type, value: unknown, path = ''): Record<string, unknown> {
  if (!isObject(value)) {
    throw new FieldProblem(path, `expected a JSON object (${type.fullName.slice(1)}), got ${show(value)}`);
  }
  const plan = planFor(type);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = plan.fields.get(key);
    const v = value[key];
    if (!field || v === null || v === undefined) continue;
    const p = path ? `${path}.${key}` : key;
    const converted = field.map
      ? convertMap(field, v, p)
      : field.repeated
        ? convertRepeated(field, v, p)
        : convertOne(field, v, p);
    if (converted !== undefined) out[key] = converted;
  }
  for (const name of plan.required) {
    if (out[name] === undefined) throw new FieldProblem(path ? `${path}.${name}` : name, 'required field is missing');
  }
  return out;
}
