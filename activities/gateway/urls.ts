// Gateway base URLs: one, or several (the bootstrap installs a gateway on every MDM node), given as a
// comma-separated `url` or as `urls`. Each entry is checked alone and named by position (url[2]); the list
// must hold no duplicates and one scheme, since the client keeps one TLS setting for all of them.
import { type FieldProblem } from '../../common/errors';

export interface CheckedUrls {
  baseUrls: string[];
  https: boolean;
}

const EXAMPLE = 'e.g. https://gateway:443, or several: https://gw1:443,https://gw2:443';

/** One entry; undefined (with a problem) when unusable. */
function checkOne(
  raw: string,
  field: string,
  problems: FieldProblem[]
): { baseUrl: string; https: boolean } | undefined {
  if (raw === '') {
    problems.push({ field, problem: 'empty entry (a stray comma?)' });
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    problems.push({ field, problem: `not a URL: ${raw}` });
    return undefined;
  }
  const before = problems.length;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    problems.push({ field, problem: `must be https:// (or http://), got ${u.protocol}` });
  }
  if (u.username || u.password) problems.push({ field, problem: 'must not carry credentials' });
  if (u.search || u.hash) problems.push({ field, problem: 'must not carry a query or fragment' });
  if (problems.length > before) return undefined;
  // Endpoints are often configured with /api; paths are added by the client.
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return { baseUrl: `${u.protocol}//${u.host}${path}`, https: u.protocol === 'https:' };
}

/** The raw entries and the name each is reported under. */
function entries(url: unknown, urls: unknown, problems: FieldProblem[]): { name: string; items: string[] } | undefined {
  if (url !== undefined && urls !== undefined) {
    problems.push({ field: 'urls', problem: 'give url or urls, not both' });
    return undefined;
  }
  if (urls !== undefined) {
    if (!Array.isArray(urls) || urls.length === 0 || urls.some((x) => typeof x !== 'string')) {
      problems.push({ field: 'urls', problem: `must be a non-empty list of URLs, ${EXAMPLE}` });
      return undefined;
    }
    return { name: 'urls', items: (urls as string[]).map((s) => s.trim()) };
  }
  if (typeof url !== 'string' || url.trim() === '') {
    problems.push({ field: 'url', problem: `required, ${EXAMPLE}` });
    return undefined;
  }
  return { name: 'url', items: url.split(',').map((s) => s.trim()) };
}

export function checkUrls(url: unknown, urls: unknown, problems: FieldProblem[]): CheckedUrls {
  const list = entries(url, urls, problems);
  if (!list) return { baseUrls: [], https: true };
  // A single `url` keeps its plain name, as before lists were accepted.
  const fieldOf = (i: number) => (list.name === 'url' && list.items.length === 1 ? 'url' : `${list.name}[${i}]`);
  const accepted: { baseUrl: string; field: string }[] = [];
  let first: { https: boolean; field: string } | undefined;
  list.items.forEach((raw, i) => {
    const field = fieldOf(i);
    const one = checkOne(raw, field, problems);
    if (!one) return;
    const dup = accepted.find((a) => a.baseUrl === one.baseUrl);
    if (dup) {
      problems.push({ field, problem: `duplicate of ${dup.field} (${one.baseUrl})` });
      return;
    }
    if (first && first.https !== one.https) {
      problems.push({ field, problem: `scheme differs from ${first.field}: every gateway must use the same scheme` });
      return;
    }
    first ??= { https: one.https, field };
    accepted.push({ baseUrl: one.baseUrl, field });
  });
  const baseUrls = accepted.map((a) => a.baseUrl);
  return { baseUrls, https: first?.https ?? true };
}
