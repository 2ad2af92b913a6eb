// The TEXT attributes an agent advertises in offers: os, os_version, rack, then any extras.
import { type Attribute } from '../json-form';
import { type AgentSpec } from '../options';

function text(name: string, value: string): Attribute {
  return { name, type: 'TEXT', text: { value } };
}

export function buildAttributes(spec: AgentSpec): Attribute[] {
  const out: Attribute[] = [];
  if (spec.os) out.push(text('os', spec.os.family), text('os_version', spec.os.version));
  if (spec.rack) out.push(text('rack', spec.rack));
  for (const [k, v] of Object.entries(spec.attributes ?? {})) out.push(text(k, v));
  return out;
}
