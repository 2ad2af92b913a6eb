// Gateway base URLs, checked by one rule for the client and for the configuration loader: one URL, or several
// (the bootstrap installs a gateway on every MDM node). Each entry alone must be http(s) with no credentials,
// query or fragment; the list must hold no duplicates and one scheme, since the client keeps one TLS setting for
// all of them. Entries are named by the caller (url[2], SCALEIO_GATEWAY_URL[2]).
import type { FieldProblem } from './errors';

export interface CheckedUrls {
  /** Without a trailing slash or /api (the client adds its paths). */
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
    problems.push({ field, problem: 'is empty (a stray comma?)' });
    return undefined;
  }
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch {
    u = undefined;
  }
  const before = problems.length;
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:'))
    problems.push({ field, problem: `must be an http(s) URL, got ${JSON.stringify(raw)}` });
  if (!u) return undefined;
  if (u.username || u.password) problems.push({ field, problem: 'must not carry credentials' });
  if (u.search || u.hash) problems.push({ field, problem: 'must not carry a query or fragment' });
  if (problems.length > before) return undefined;
  // Endpoints are often configured with /api; paths are added by the client.
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return { baseUrl: `${u.protocol}//${u.host}${path}`, https: u.protocol === 'https:' };
}

/** Checks a list of entries, entry i reported as `nameOf(i)`; problems name the entry and say what is wrong. */
export function checkUrlList(items: readonly string[], nameOf: (i: number) => string, problems: FieldProblem[]) {
  const accepted: { baseUrl: string; field: string }[] = [];
  let first: { https: boolean; field: string } | undefined;
  items.forEach((raw, i) => {
    const field = nameOf(i);
    const one = checkOne(raw.trim(), field, problems);
    if (!one) return;
    const dup = accepted.find((a) => a.baseUrl === one.baseUrl);
    if (dup) {
      problems.push({ field, problem: `repeats ${dup.field} (${one.baseUrl})` });
      return;
    }
    if (first && first.https !== one.https) {
      const scheme = first.https ? 'https' : 'http';
      problems.push({
        field,
        problem: `must use ${scheme}:// like ${first.field} (one TLS setting for every gateway), got ${JSON.stringify(raw.trim())}`,
      });
      return;
    }
    first ??= { https: one.https, field };
    accepted.push({ baseUrl: one.baseUrl, field });
  });
  return { baseUrls: accepted.map((a) => a.baseUrl), https: first?.https ?? true };
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
    return { name: 'urls', items: urls as string[] };
  }
  if (typeof url !== 'string' || url.trim() === '') {
    problems.push({ field: 'url', problem: `required, ${EXAMPLE}` });
    return undefined;
  }
  return { name: 'url', items: url.split(',') };
}

/** The client's options: a comma-separated `url` or a `urls` list. */
export function checkUrls(url: unknown, urls: unknown, problems: FieldProblem[]): CheckedUrls {
  const list = entries(url, urls, problems);
  if (!list) return { baseUrls: [], https: true };
  // A single `url` keeps its plain name, as before lists were accepted.
  const single = list.name === 'url' && list.items.length === 1;
  return checkUrlList(list.items, (i) => (single ? 'url' : `${list.name}[${i}]`), problems);
}
