// Leader redirects. A non-leading master answers 307 with a protocol-relative Location
// (`//leader:5050/api/v1/scheduler`); /master/redirect answers with the bare base (`//leader:5050`).

export const SCHEDULER_PATH = '/api/v1/scheduler';

/** The scheduler endpoint under a master base URL (keeps a path prefix, e.g. behind a proxy). */
export function schedulerEndpoint(base: URL): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${SCHEDULER_PATH}`;
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * Where a 307 points, resolved against the URL that answered it: a protocol-relative Location
 * inherits that URL's scheme; a bare base gets the scheduler path. Undefined if unusable.
 */
export function resolveRedirect(from: URL, location: string | undefined): URL | undefined {
  if (!location) return undefined;
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  if (target.pathname === '' || target.pathname === '/') target.pathname = SCHEDULER_PATH;
  return target;
}

/** A short printable form of a URL for messages and logs (no query, never credentials). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
