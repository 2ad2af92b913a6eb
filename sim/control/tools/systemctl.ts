// systemctl start|stop|restart|reload|status|is-active|is-enabled|enable|disable|daemon-reload <unit>.
// Exit codes as systemd: status 0 running / 3 stopped / 4 no such unit; is-active 0 / 3.
import { restartService, startService, stopService } from '../engine/services';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

const unitName = (u: string) => u.replace(/\.service$/, '');

export function systemctl(ctx: ToolContext): ShimResult {
  const args = ctx.args.filter(
    (a) => !['--no-pager', '-q', '--quiet', '--now', '--no-block', '-l', '--full'].includes(a)
  );
  const bad = args.find((a) => a.startsWith('-'));
  if (bad) return fail(1, `systemctl: unrecognized option '${bad}'\n`);
  const [verb, ...units] = args;
  if (!verb) return fail(1, 'Too few arguments.\n');
  if (verb === 'daemon-reload') return ok();
  if (units.length === 0) return fail(1, `Too few arguments.\n`);
  let out = '';
  let err = '';
  let code = 0;
  const now = ctx.args.includes('--now');
  for (const u of units.map(unitName)) {
    const svc = ctx.node.services[u];
    switch (verb) {
      case 'start':
      case 'restart':
      case 'reload':
      case 'try-restart': {
        if (!svc) return fail(5, `Failed to ${verb} ${u}.service: Unit ${u}.service not found.\n`);
        const r = verb === 'start' ? startService(ctx, u) : restartService(ctx, u);
        if (!r.ok) {
          err += `Job for ${u}.service failed because the control process exited with error code. See "systemctl status ${u}.service" and "journalctl -xe" for details.\n`;
          code = 1;
        }
        break;
      }
      case 'stop':
        if (!svc) return fail(5, `Failed to stop ${u}.service: Unit ${u}.service not loaded.\n`);
        stopService(ctx, u);
        break;
      case 'enable':
      case 'disable':
        if (!svc) return fail(1, `Failed to ${verb} unit: Unit file ${u}.service does not exist.\n`);
        svc.enabled = verb === 'enable';
        if (verb === 'enable')
          err += `Created symlink from /etc/systemd/system/multi-user.target.wants/${u}.service to /usr/lib/systemd/system/${u}.service.\n`;
        if (now) {
          const r = verb === 'enable' ? startService(ctx, u) : stopService(ctx, u);
          if (!r.ok) code = 1;
        }
        break;
      case 'is-active':
        out += `${svc?.active ? 'active' : svc ? 'inactive' : 'unknown'}\n`;
        if (!svc?.active) code = 3;
        break;
      case 'is-enabled':
        if (!svc) return fail(1, `Failed to get unit file state for ${u}.service: No such file or directory\n`);
        out += `${svc.enabled ? 'enabled' : 'disabled'}\n`;
        if (!svc.enabled) code = 1;
        break;
      case 'status':
        if (!svc) {
          err += `Unit ${u}.service could not be found.\n`;
          code = Math.max(code, 4);
          break;
        }
        out += `● ${u}.service\n   Loaded: loaded (/usr/lib/systemd/system/${u}.service; ${svc.enabled ? 'enabled' : 'disabled'}; vendor preset: disabled)\n`;
        out += svc.active ? `   Active: active (running)\n Main PID: ${svc.pid}\n` : '   Active: inactive (dead)\n';
        if (!svc.active) code = Math.max(code, 3);
        break;
      default:
        return fail(1, `Unknown operation '${verb}'.\n`);
    }
  }
  return code === 0 ? ok(out, err) : { exitCode: code, stdout: out, stderr: err };
}
