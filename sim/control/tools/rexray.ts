// rexray version | rexray service start|stop|restart|status | rexray start|stop|status, and dvdcli version.
import { REXRAY_CONFIG, startService, stopService } from '../engine/services';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

function versionText(ctx: ToolContext, name: 'rexray' | 'dvdcli'): string {
  const v = ctx.node.packages[name]?.version ?? '0.0.0';
  const title = name === 'rexray' ? 'REX-Ray\n-------\n' : '';
  return `${title}Binary: /usr/bin/${name}\nSemVer: ${v}\nOsArch: Linux-x86_64\nBranch: v${v}\nCommit: 0000000000000000000000000000000000000000\nFormed: Tue, 01 Nov 2016 00:00:00 UTC\n`;
}

export function rexray(ctx: ToolContext): ShimResult {
  const args = ctx.args[0] === 'service' ? ctx.args.slice(1) : ctx.args;
  const [cmd] = args;
  const svc = ctx.node.services.rexray;
  if (cmd === 'version' || cmd === '--version') return ok(versionText(ctx, 'rexray'));
  if (!svc) return fail(1, 'rexray: the rexray service is not installed\n');
  switch (cmd) {
    case 'start': {
      if (svc.active) return ok(`REX-Ray already running at PID ${svc.pid}\n`);
      const r = startService(ctx, 'rexray');
      if (!r.ok)
        return fail(
          1,
          `time="2017-01-01T00:00:00Z" level=error msg="${r.reason}" config=${REXRAY_CONFIG}\n`,
          'Starting REX-Ray...FAILURE!\n'
        );
      return ok(
        `Starting REX-Ray...SUCCESS!\n\n  The REX-Ray daemon is now running at PID ${svc.pid}. To\n  shut down the daemon execute the following command:\n\n    sudo /usr/bin/rexray stop\n\n`
      );
    }
    case 'stop':
      stopService(ctx, 'rexray');
      return ok('Shutting down REX-Ray...SUCCESS!\n');
    case 'restart': {
      stopService(ctx, 'rexray');
      const r = startService(ctx, 'rexray');
      return r.ok ? ok(`REX-Ray is running at PID ${svc.pid}.\n`) : fail(1, `level=error msg="${r.reason}"\n`);
    }
    case 'status':
      return svc.active
        ? ok(`REX-Ray is running at PID ${svc.pid}.\n`)
        : { exitCode: 1, stdout: 'REX-Ray is stopped\n', stderr: '' };
    default:
      return fail(1, `Error: unknown command "${cmd ?? ''}" for "rexray"\nRun 'rexray --help' for usage.\n`);
  }
}

export function dvdcli(ctx: ToolContext): ShimResult {
  const [cmd] = ctx.args;
  if (cmd === 'version' || cmd === '--version') return ok(versionText(ctx, 'dvdcli'));
  if (cmd === 'mount' || cmd === 'unmount' || cmd === 'path') {
    if (!ctx.node.services.rexray?.active)
      return fail(1, 'Error: Error looking up volume plugin rexray: plugin not found\n');
    return ok(cmd === 'unmount' ? '' : '/var/lib/rexray/volumes/vol/data\n');
  }
  return fail(1, `Error: unknown command "${cmd ?? ''}" for "dvdcli"\nRun 'dvdcli --help' for usage.\n`);
}
