// GET /api/version answers "2.5", 2.5 or "3.6.700.103" (quoted or not). Compared as numbers: "2.10" > "2.9".

export interface ApiVersion {
  major: number;
  minor: number;
  /** The reply as sent, trimmed of whitespace and quotes. */
  text: string;
}

/** Parses the reply; undefined when it is not a version at all. */
export function parseApiVersion(body: string): ApiVersion | undefined {
  const text = body
    .trim()
    .replace(/^"+|"+$/g, '')
    .trim();
  const m = /^(\d+)\.(\d+)(?:\.|$)/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), text };
}

export function compareVersions(
  a: Pick<ApiVersion, 'major' | 'minor'>,
  b: Pick<ApiVersion, 'major' | 'minor'>
): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** From 4.0 the API sits behind PFMP with Bearer-token login; this client speaks the v3 Basic scheme only. */
export const FIRST_UNSUPPORTED = { major: 4, minor: 0 } as const;

export function usesBasicAuth(v: ApiVersion): boolean {
  return compareVersions(v, FIRST_UNSUPPORTED) < 0;
}
