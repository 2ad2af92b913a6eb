// service <name> start|stop|restart|status. Upstart wording on Ubuntu 14.04; elsewhere the wrapper
// hands over to systemctl, as the real one does.
import { restartService, startService, stopService } from '../engine/services';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';
import { systemctl } from './systemctl';

export function service(ctx: ToolContext): ShimResult {
  const [name, action] = ctx.args;
  if (!name || !action)
    return fail(1, 'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n');
  const upstart = ctx.node.os.family === 'ubuntu' && ctx.node.os.version.startsWith('14.04');
  if (!upstart) {
    const r = systemctl({ ...ctx, args: [action, name] });
    return action === 'status'
      ? r
      : { ...r, stderr: `Redirecting to /bin/systemctl ${action} ${name}.service\n${r.stderr}` };
  }
  const svc = ctx.node.services[name];
  if (!svc) return fail(1, `${name}: unrecognized service\n`);
  const state = () => (svc.active ? `${name} start/running, process ${svc.pid}\n` : `${name} stop/waiting\n`);
  switch (action) {
    case 'start':
      if (svc.active) return fail(1, 'start: Job is already running: ' + name + '\n');
      return startService(ctx, name).ok ? ok(state()) : fail(1, `start: Job failed to start\n`);
    case 'stop':
      if (!svc.active) return fail(1, 'stop: Unknown instance: \n');
      stopService(ctx, name);
      return ok(state());
    case 'restart':
      return restartService(ctx, name).ok ? ok(state()) : fail(1, 'restart: Job failed to restart\n');
    case 'status':
      return ok(state());
    default:
      return fail(1, `Usage: /etc/init.d/${name} {start|stop|restart|status}\n`);
  }
}
