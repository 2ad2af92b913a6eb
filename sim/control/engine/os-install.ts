// OS packages from the distribution repositories (apt-get / yum install <name>).
import { type ToolContext } from '../types';
import { onOsPackageInstalled, osPackageVersion } from './os-packages';
import { removePackage } from './remove';

export interface OsInstallPlan {
  toInstall: { name: string; version: string }[];
  already: { name: string; version: string }[];
  unknown: string[];
}

export function planOsInstall(ctx: ToolContext, names: string[]): OsInstallPlan {
  const format = ctx.node.os.family === 'ubuntu' ? 'deb' : 'rpm';
  const plan: OsInstallPlan = { toInstall: [], already: [], unknown: [] };
  for (const name of names) {
    const version = osPackageVersion(format, name);
    if (!version) plan.unknown.push(name);
    else if (ctx.node.packages[name]) plan.already.push({ name, version: ctx.node.packages[name].version });
    else if (!plan.toInstall.some((p) => p.name === name)) plan.toInstall.push({ name, version });
  }
  return plan;
}

export function applyOsInstall(ctx: ToolContext, plan: OsInstallPlan, tool: string): void {
  const format = ctx.node.os.family === 'ubuntu' ? 'deb' : 'rpm';
  for (const { name, version } of plan.toInstall) {
    ctx.node.packages[name] = { name, version, format, role: 'os', installedAtMs: ctx.deps.registry.now() };
    ctx.deps.registry.record({
      hostname: ctx.node.hostname,
      action: 'install',
      package: name,
      version,
      previousVersion: null,
      format,
      tool,
    });
    onOsPackageInstalled(ctx.node, name);
  }
}

export function removeOsPackages(ctx: ToolContext, names: string[], tool: string): string[] {
  return names.filter((n) => removePackage(ctx, n, tool) !== undefined);
}
