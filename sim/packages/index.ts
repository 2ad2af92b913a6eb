// Fake package repository (ScaleIO, REX-Ray, DVDCLI, DVDI isolator) for the simulator.
export { startPackageRepo, type PackageRepo, type PackageRepoOptions } from './server';
export { PackageRepoFaults, type CorruptMode } from './faults';
export {
  buildCatalog,
  REPO_DIRS,
  DEFAULT_SCALEIO_VERSIONS,
  DEFAULT_REXRAY_VERSIONS,
  DEFAULT_DVDCLI_VERSIONS,
  DEFAULT_ISOLATOR_VERSIONS,
  type CatalogEntry,
  type RepoDir,
} from './catalog';
export {
  PACKAGE_MAGIC,
  parsePackage,
  encodePackage,
  corruptPackage,
  sha256,
  type PackageHeader,
  type PackageKind,
  type ParsedPackage,
  type PackageProblem,
} from './package-file';
