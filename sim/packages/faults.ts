// Faults the package repository can be told to inject: a damaged file, a missing file, a version
// that is refused (withdrawn from the repository).

export type CorruptMode = 'bad-magic' | 'checksum';

export class PackageRepoFaults {
  private readonly corrupted = new Map<string, CorruptMode>();
  private readonly missing = new Set<string>();
  private readonly rejected = new Set<string>();

  /** Serve a damaged copy of fileName ('checksum': payload no longer matches SHA256SUMS). */
  corrupt(fileName: string, mode: CorruptMode = 'checksum'): void {
    this.corrupted.set(fileName, mode);
  }
  /** 404 for fileName. */
  notFound(fileName: string): void {
    this.missing.add(fileName);
  }
  /** Every file of this version answers 404 and leaves the listings. */
  rejectVersion(version: string): void {
    this.rejected.add(version);
  }
  clear(): void {
    this.corrupted.clear();
    this.missing.clear();
    this.rejected.clear();
  }

  corruptionOf(fileName: string): CorruptMode | undefined {
    return this.corrupted.get(fileName);
  }
  isHidden(fileName: string, version: string): boolean {
    return this.missing.has(fileName) || this.rejected.has(version);
  }
}
