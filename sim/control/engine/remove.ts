// Removing an installed package (dpkg -r/-P, rpm -e, apt-get/yum remove): stop its services, take its
// daemon out of the node's record in the cluster model, log it.
import { type InstalledPackage } from '../../nodes';
import { type ToolContext } from '../types';
import { applyRemove } from './package-effects';

export function removePackage(ctx: ToolContext, name: string, tool: string): InstalledPackage | undefined {
  const pkg = ctx.node.packages[name];
  if (!pkg) return undefined;
  applyRemove(ctx, pkg);
  delete ctx.node.packages[name];
  ctx.deps.registry.record({
    hostname: ctx.node.hostname,
    action: 'remove',
    package: name,
    version: pkg.version,
    previousVersion: pkg.version,
    format: pkg.format,
    tool,
  });
  return pkg;
}
