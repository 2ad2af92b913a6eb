// Parses an argument list the way Go's `flag` package did for the old scheduler: -name=value, --name=value,
// -name value, boolean -name (true) or -name=false; parsing stops at the first word that is not a flag. Where
// Go would have stopped silently (e.g. `-debug false`), we report the stray word instead.
import type { FieldProblem } from '../errors';
import type { ShellWord } from './types';

export interface ParsedFlag {
  /** The flag as written, without its value: `-uri`, `--scaleio.password`. */
  spelled: string;
  name: string;
  value: ShellWord;
}

const HELP = new Set(['h', 'help']);
const GO_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: the spellings the old scheduler accepted for booleans (flags and variables alike). */
export function parseGoBool(text: string): boolean | undefined {
  if (!GO_BOOL.has(text)) return undefined;
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text);
}

/** The variables of a word that appear in the part after `from`. */
function valuePart(word: ShellWord, from: number): ShellWord {
  const text = word.text.slice(from);
  return { text, unresolved: word.unresolved.filter((v) => text.includes(`$${v}`)) };
}

/**
 * `isBool(name)` says whether a known flag is boolean, and returns undefined for a flag the old scheduler did not
 * define. Problems name the argument by its position (1 = first argument), never by a value that may be a secret.
 */
export function parseGoFlags(
  words: readonly ShellWord[],
  isBool: (name: string) => boolean | undefined,
  where: string
): { flags: ParsedFlag[]; problems: FieldProblem[] } {
  const flags: ParsedFlag[] = [];
  const problems: FieldProblem[] = [];
  const fail = (field: string, problem: string) => problems.push({ field, problem: `${problem} (${where})` });
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as ShellWord;
    const text = word.text;
    if (text === '--' || text.length < 2 || !text.startsWith('-')) {
      const at = text === '--' ? i + 1 : i;
      if (at < words.length) strayWord(words, at, flags, fail);
      break;
    }
    const dashes = text.startsWith('--') ? 2 : 1;
    const body = text.slice(dashes);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) {
      fail(`argument ${i + 1}`, 'is not a flag: bad flag syntax');
      continue;
    }
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const spelled = `${'-'.repeat(dashes)}${name}`;
    if (HELP.has(name)) {
      fail(spelled, 'asks the old scheduler for its usage text; it is not configuration');
      continue;
    }
    const bool = isBool(name);
    if (bool === undefined) {
      fail(
        spelled,
        'is not a flag of the old scheduler (it refused to start with it: "flag provided but not defined")'
      );
      // Its value, if written as the next word, is not a stray word of its own.
      const next = words[i + 1];
      if (eq < 0 && next && !next.text.startsWith('-')) i++;
      continue;
    }
    if (eq >= 0) flags.push({ spelled, name, value: valuePart(word, dashes + eq + 1) });
    else if (bool) flags.push({ spelled, name, value: { text: 'true', unresolved: [] } });
    else if (i + 1 < words.length) flags.push({ spelled, name, value: words[++i] as ShellWord });
    else fail(spelled, 'needs a value');
  }
  return { flags, problems };
}

function strayWord(
  words: readonly ShellWord[],
  at: number,
  flags: readonly ParsedFlag[],
  fail: (field: string, problem: string) => void
): void {
  const text = (words[at] as ShellWord).text;
  const previous = flags[flags.length - 1];
  const afterBool = previous && words[at - 1]?.text === previous.spelled && parseGoBool(text) !== undefined;
  fail(
    `argument ${at + 1}`,
    afterBool
      ? `"${text}" is not a flag: a boolean flag takes its value after "=", write ${previous.spelled}=${text} (the old scheduler stopped reading flags here and ignored the rest)`
      : `is not a flag: the old scheduler stopped reading flags there and ignored ${words.length - at} argument(s); remove them or fix the flag before`
  );
}
