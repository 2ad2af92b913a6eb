// Version arithmetic for package versions such as 2.0-10000.2072 or 0.6.3.

/** Negative when a < b, 0 when equal, positive when a > b; numeric segments compare as numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-~+:]/);
  const pb = b.split(/[.\-~+:]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The MDM's versionInfo for a package version: 2.0-10000.2072 -> R2_0.10000.2072; undefined if not ScaleIO-shaped. */
export function scaleioVersionInfo(pkgVersion: string): string | undefined {
  const m = /^(\d+)\.(\d+)-(\d+)\.(\d+)$/.exec(pkgVersion);
  return m ? `R${m[1]}_${m[2]}.${m[3]}.${m[4]}` : undefined;
}
