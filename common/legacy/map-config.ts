// The worker and bridge settings (common/config/fields.ts names) from the old settings, and what the operator
// must still do by hand: store the password, trust the gateway's certificate.
import { LOG_LEVELS } from '../log';
import { cameFrom, type MapContext } from './context';
import { DEFAULT_PASSWORD_FILE, type GatewayPlan } from './map-spec';

/** The old -uri (host:port, as the old docs wrote it) → the master's base URL. */
export function masterUrl(raw: string): { url?: string; rewritten?: boolean; problem?: string } {
  const text = raw.trim();
  if (/^zk:\/\//i.test(text))
    return {
      problem:
        "is a ZooKeeper URL, which the old scheduler could not use either; give the master's host:port and list every master in MESOS_MASTERS",
    };
  const m = /^(?:([A-Za-z]+):\/\/)?([^/\s]+)(\/[^\s]*)?$/.exec(text);
  const path = m?.[3]?.replace(/\/+$/, '') ?? '';
  if (!m?.[2] || (path !== '' && path !== '/api/v1/scheduler'))
    return { problem: "must be the master's host:port (or http(s)://host:port[/api/v1/scheduler])" };
  const scheme = m[1]?.toLowerCase() ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') return { problem: 'must be an http or https address' };
  return { url: `${scheme}://${m[2]}`, rewritten: m[1] !== undefined || m[3] !== undefined };
}

function set(ctx: MapContext, config: Record<string, string>, env: string, value: string, flag?: string): void {
  config[env] = value;
  if (flag) cameFrom(ctx, `config.${env}`, flag);
}

export function mapConfig(
  ctx: MapContext,
  spec: Record<string, unknown>,
  gateway: GatewayPlan
): Record<string, string> {
  const { s } = ctx;
  const config: Record<string, string> = {};
  const level = s.text('loglevel') === 'warning' ? 'warn' : s.text('loglevel');
  if ((LOG_LEVELS as readonly string[]).includes(level)) set(ctx, config, 'SCALEIO_LOG_LEVEL', level, 'loglevel');
  else
    ctx.problems.push({
      field: s.given('loglevel')?.spelling ?? '-loglevel',
      problem: `must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`,
    });
  set(ctx, config, 'SCALEIO_CLUSTER', String(spec.name), 'scaleio.clustername');

  const uri = s.given('uri');
  const master = masterUrl(uri ? uri.value.text : '127.0.0.1:5050');
  if (master.problem) ctx.problems.push({ field: uri?.spelling ?? '-uri', problem: master.problem });
  else set(ctx, config, 'MESOS_MASTERS', master.url as string, 'uri');
  if (!uri)
    ctx.notes.push({
      kind: 'changed',
      subject: '-uri',
      message:
        'not given: the old default made the old client call a broken URL (it added http:// and /api/v1/scheduler to a value that had them); MESOS_MASTERS is http://127.0.0.1:5050, set it to your masters',
    });
  else if (master.rewritten)
    ctx.notes.push({
      kind: 'changed',
      subject: uri.origin,
      message: `the old client added http:// and /api/v1/scheduler to this value, which makes a broken URL; carried as the master's base URL ${master.url}`,
    });

  if (gateway.url) {
    config.SCALEIO_GATEWAY_URL = gateway.url;
    ctx.origins.set('config.SCALEIO_GATEWAY_URL', gateway.origin ?? 'the pre-configured MDMs');
  } else if (ctx.problems.length === 0)
    ctx.instructions.push(
      'Set SCALEIO_GATEWAY_URL for the worker to https://<primary MDM> once bootstrap has chosen the MDMs (the old framework used the primary MDM, or -scaleio.lbgateway when given).'
    );
  config.SCALEIO_GATEWAY_USER = 'admin'; // the old framework logged in to the gateway as admin
  const ref = String(spec.passwordRef);
  const file = ref.startsWith('file:') ? ref.slice('file:'.length) : DEFAULT_PASSWORD_FILE;
  set(ctx, config, 'SCALEIO_GATEWAY_PASSWORD_FILE', file);
  ctx.origins.set('config.SCALEIO_GATEWAY_PASSWORD_FILE', ctx.options.passwordRef ? '--password-ref' : 'the default');
  ctx.instructions.push(passwordInstruction(ctx, ref, file));
  ctx.instructions.push(
    'The old framework never verified the gateway TLS certificate; the worker does. Put the CA that signs the gateway certificate in a file and set SCALEIO_GATEWAY_CA_FILE (or, knowingly, SCALEIO_GATEWAY_INSECURE=true).'
  );
  return config;
}

function passwordInstruction(ctx: MapContext, ref: string, file: string): string {
  const given = ctx.s.given('scaleio.password');
  // The value is never printed: name only where it was.
  const what = given
    ? `the admin password, given as ${given.origin},`
    : 'the admin password, the old default of -scaleio.password (it was not given),';
  const where = ref.startsWith('env:')
    ? `in the environment variable ${ref.slice('env:'.length)} of the bridge (passwordRef ${ref}) and in the file ${file} for the worker (SCALEIO_GATEWAY_PASSWORD_FILE)`
    : `in the file ${file} (mode 0600) where the worker and the bridge run: the worker reads it through SCALEIO_GATEWAY_PASSWORD_FILE, the bridge through passwordRef ${ref}`;
  const cleanup = given ? ' Then remove it from the old configuration, which holds it in clear.' : '';
  return `Store ${what} ${where}.${cleanup}`;
}
