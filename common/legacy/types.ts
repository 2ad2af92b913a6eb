// Shapes shared by the migration from the old Go scheduler's flags and environment (see flags.ts for the table).

export type LegacyType = 'string' | 'bool' | 'float' | 'int';

/**
 * What becomes of an old flag here:
 * - mapped: carried into the cluster spec or the worker/bridge config (`to`);
 * - renamed: an older spelling the old scheduler itself renamed; taken as `aliasOf`, with a note;
 * - deprecated: no meaning any more (accepted, and named in a note whenever it is given);
 * - not-carried: it meant something we cannot express yet (named in a note when it differs from its default).
 */
export type LegacyFate = 'mapped' | 'renamed' | 'deprecated' | 'not-carried';

export interface LegacyFlag {
  /** The flag's name without its dash, as the old scheduler defined it, e.g. `scaleio.rhel7.mdm`. */
  name: string;
  /** The environment variable the old scheduler read first (its flag overrides it). */
  env?: string;
  type: LegacyType;
  /** The old default (v0.3.1). */
  default: string | number | boolean;
  /** When the old scheduler computed its default at start-up: how. */
  dynamicDefault?: string;
  fate: LegacyFate;
  /** Where a mapped flag lands: `spec.<path>` (ClusterSpec input) or `config.<ENV>` (common/config/fields.ts). */
  to: readonly string[];
  /** How it maps, or why it is deprecated or cannot be carried. */
  why: string;
  /** centos7 spells rhel7; a renamed flag names its new name. */
  aliasOf?: string;
  /** Its value is a secret: never shown in a message, never printed. */
  secret?: boolean;
}

/** A word of a command line after shell expansion; `unresolved` names the variables it could not expand. */
export interface ShellWord {
  text: string;
  unresolved: string[];
}

/** One layer of old environment variables (a file, a Marathon app's `env`, assignments before the command). */
export interface EnvLayer {
  origin: string;
  vars: Record<string, ShellWord>;
}

/** What the old scheduler was started with: its arguments and its environment, lowest priority layer first. */
export interface LegacyInput {
  args?: { origin: string; words: ShellWord[] };
  env: EnvLayer[];
  /** Facts about how the old scheduler itself ran (Marathon fields) that have no counterpart; named in a note. */
  ignoredFields?: string[];
  /** Variables the command line expanded ($NAME): used, so not reported as ignored. */
  expanded?: string[];
}

/** One value the operator gave, under the flag's canonical name. */
export interface GivenValue {
  name: string;
  value: ShellWord;
  /** How it was spelled and where: `-scaleio.centos7.mdm (command line)`, `ADMIN_PASSWORD (Marathon env)`. */
  origin: string;
  /** The spelling alone (`-uri` or `MESOS_MASTER_HTTP`), the field of an error about it. */
  spelling: string;
}

export type NoteKind = 'deprecated' | 'not-carried' | 'changed' | 'info';

export interface MigrationNote {
  kind: NoteKind;
  /** The old flag or variable the note is about (or a short topic). */
  subject: string;
  message: string;
}

export interface MigrateOptions {
  /** Where the admin password will live: `file:/path` (default /run/secrets/scaleio_gateway_password) or `env:NAME`. */
  passwordRef?: string;
  /** A package repository that replaces the old download sites for every URL the old command line left default. */
  repository?: string;
}
