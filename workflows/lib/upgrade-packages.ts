// Package URLs of another version than the cluster spec's. The spec holds one URL per OS and role for its own
// version; an upgrade (and a rollback) needs the same files at another version: the version in the URL is
// replaced, or, for a URL that does not carry it, the vendor's naming under the spec's repository is used.
import type { NodePackageRole } from '../../common/node-steps';
import { packageUrlAt } from '../../common/spec/packages';

export { packageUrlAt };
import { OS_FAMILIES, PACKAGE_ROLES, type ClusterSpec, type PackageRole } from '../../common/spec/types';

export function packageRoleOf(role: NodePackageRole): PackageRole {
  return role === 'tb' ? 'mdm' : role;
}

/**
 * The spec as it would read at `version`: the node-step planner takes URLs from the spec, so a step that installs
 * another version is planned with this copy (the URL and the version checked after the install then agree).
 */
export function specAtVersion(spec: ClusterSpec, version: string): ClusterSpec {
  if (version === spec.packages.version) return spec;
  const urls = Object.fromEntries(
    OS_FAMILIES.map((os) => [os, Object.fromEntries(PACKAGE_ROLES.map((r) => [r, packageUrlAt(spec, os, r, version)]))])
  ) as ClusterSpec['packages']['urls'];
  return { ...spec, packages: { ...spec.packages, version, urls } };
}
