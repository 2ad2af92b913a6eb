// Splits a POSIX shell command line (a Marathon app's `cmd`) into commands and words, the way sh would:
// quotes, backslashes, $NAME / ${NAME} expansion from known variables, `&&` `||` `;` `|` separators and
// redirections (dropped). Anything that would need running code (command substitution) is refused.
import type { ShellWord } from './types';

export class ShellSyntaxError extends Error {}

type Vars = Record<string, string | undefined>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class WordBuilder {
  text = '';
  unresolved: string[] = [];
  started = false;
  add(s: string): void {
    this.text += s;
    this.started = true;
  }
}

/** `used` collects the names of the variables that were expanded. */
export function splitCommands(line: string, vars: Vars, used?: Set<string>): ShellWord[][] {
  const commands: ShellWord[][] = [[]];
  let word = new WordBuilder();
  let dropNext = false; // the next word is a redirection target
  const endWord = () => {
    if (word.started) {
      if (dropNext) dropNext = false;
      else commands[commands.length - 1]?.push({ text: word.text, unresolved: word.unresolved });
    }
    word = new WordBuilder();
  };
  const expand = (at: number): number => {
    const next = line[at + 1] ?? '';
    if (next === '(') throw new ShellSyntaxError('command substitution $(…) cannot be evaluated here');
    let name: string;
    let end: number;
    if (next === '{') {
      const close = line.indexOf('}', at + 2);
      name = close < 0 ? '' : line.slice(at + 2, close);
      if (!NAME.test(name)) throw new ShellSyntaxError('only ${NAME} is supported among ${…} forms');
      end = close;
    } else if (/[A-Za-z_]/.test(next)) {
      name = /^[A-Za-z0-9_]+/.exec(line.slice(at + 1))?.[0] ?? '';
      end = at + name.length;
    } else if (/[0-9@*#?$!-]/.test(next)) {
      name = next;
      end = at + 1;
    } else {
      word.add('$');
      return at;
    }
    const value = NAME.test(name) ? vars[name] : undefined;
    if (value !== undefined) {
      word.add(value);
      used?.add(name);
    } else {
      word.add(`$${name}`);
      word.unresolved.push(name);
    }
    return end;
  };

  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') endWord();
    else if (c === '\n' || c === ';' || c === '&' || c === '|') {
      endWord();
      if ((c === '&' || c === '|') && line[i + 1] === c) i++;
      if (dropNext) throw new ShellSyntaxError('a redirection has no target');
      commands.push([]);
    } else if (c === '>' || c === '<') {
      // `2>&1`, `> log`: the digits before belong to the redirection, the next word is its target.
      if (/^\d*$/.test(word.text) && word.unresolved.length === 0) word = new WordBuilder();
      else endWord();
      while (line[i + 1] === '>' || line[i + 1] === '&') i++;
      dropNext = true;
    } else if (c === '\\') {
      if (line[i + 1] !== '\n') word.add(line[i + 1] ?? '');
      i++;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError('a single quote is not closed');
      word.add(line.slice(i + 1, close));
      i = close;
    } else if (c === '"') {
      word.started = true;
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new ShellSyntaxError('a double quote is not closed');
        const d = line[i] as string;
        if (d === '\\' && '$`"\\\n'.includes(line[i + 1] ?? '')) {
          if (line[i + 1] !== '\n') word.add(line[i + 1] as string);
          i++;
        } else if (d === '$') i = expand(i);
        else if (d === '`') throw new ShellSyntaxError('command substitution `…` cannot be evaluated here');
        else word.add(d);
      }
    } else if (c === '$') i = expand(i);
    else if (c === '`') throw new ShellSyntaxError('command substitution `…` cannot be evaluated here');
    else if (c === '#' && !word.started) {
      const eol = line.indexOf('\n', i);
      i = eol < 0 ? line.length : eol - 1;
    } else word.add(c);
  }
  endWord();
  if (dropNext) throw new ShellSyntaxError('a redirection has no target');
  return commands.filter((c) => c.length > 0);
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** A command split into its leading `NAME=value` assignments, its program word and its arguments. */
export interface SimpleCommand {
  assignments: Record<string, ShellWord>;
  program?: ShellWord;
  args: ShellWord[];
}

export function simpleCommand(words: ShellWord[]): SimpleCommand {
  const assignments: Record<string, ShellWord> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i] as ShellWord;
    const m = ASSIGNMENT.exec(w.text);
    if (m?.[1]) assignments[m[1]] = { text: w.text.slice(m[0].length), unresolved: w.unresolved };
    else if (w.text === 'exec' || w.text === 'env') continue;
    else break;
  }
  const program = words[i];
  return { assignments, ...(program ? { program } : {}), args: words.slice(i + 1) };
}
