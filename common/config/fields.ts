// Every setting of our processes, in one table: its key in the config file, its environment variable, its
// kind, default and meaning. The loader, the README table and the docker-compose check all read this table.
// Temporal connection settings are not here: they use the ecosystem's own names (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_PROFILE, TEMPORAL_TLS_*, TEMPORAL_API_KEY) through @temporalio/envconfig.

export type FieldKind = 'string' | 'url' | 'urlList' | 'hostList' | 'int' | 'bool' | 'logLevel' | 'path' | 'wireFormat';

export interface ConfigField {
  key: string;
  env: string;
  kind: FieldKind;
  default?: string | number | boolean | string[];
  doc: string;
  /** Used by: worker, bridge, the codec server (worker and bridge when absent). */
  usedBy?: 'worker' | 'bridge' | 'codec-server';
  min?: number;
  max?: number;
  /**
   * kind 'url' only: one or more URLs, comma-separated (or a list in the file), each checked and named by
   * position, no duplicates, one scheme; the value stays one string, the entries joined by commas.
   */
  list?: boolean;
}

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { key: 'logLevel', env: 'SCALEIO_LOG_LEVEL', kind: 'logLevel', default: 'info', doc: 'debug, info, warn or error' },
  {
    key: 'stateDir',
    env: 'SCALEIO_STATE_DIR',
    kind: 'path',
    default: '.data/state',
    doc: 'where the bridge keeps its FrameworkID and other local state',
  },
  {
    key: 'cluster',
    env: 'SCALEIO_CLUSTER',
    kind: 'string',
    default: 'scaleio',
    doc: 'name of the ScaleIO cluster this deployment manages',
  },
  {
    key: 'gateway.url',
    env: 'SCALEIO_GATEWAY_URL',
    kind: 'url',
    list: true,
    doc: 'ScaleIO gateway base URL, e.g. https://gw.example:443; several comma-separated (one per MDM node) fail over',
    usedBy: 'worker',
  },
  {
    key: 'gateway.user',
    env: 'SCALEIO_GATEWAY_USER',
    kind: 'string',
    default: 'admin',
    doc: 'gateway user',
    usedBy: 'worker',
  },
  {
    key: 'gateway.passwordFile',
    env: 'SCALEIO_GATEWAY_PASSWORD_FILE',
    kind: 'path',
    doc: 'file holding the gateway password (never the password itself)',
    usedBy: 'worker',
  },
  {
    key: 'gateway.caFile',
    env: 'SCALEIO_GATEWAY_CA_FILE',
    kind: 'path',
    doc: 'CA bundle that signs the gateway certificate',
    usedBy: 'worker',
  },
  {
    key: 'gateway.insecure',
    env: 'SCALEIO_GATEWAY_INSECURE',
    kind: 'bool',
    default: false,
    doc: 'skip TLS verification of the gateway (explicit opt-in only)',
    usedBy: 'worker',
  },
  {
    key: 'gateway.timeoutMs',
    env: 'SCALEIO_GATEWAY_TIMEOUT_MS',
    kind: 'int',
    default: 30000,
    min: 100,
    max: 600000,
    doc: 'per-call gateway timeout',
    usedBy: 'worker',
  },
  {
    key: 'mesos.masters',
    env: 'MESOS_MASTERS',
    kind: 'urlList',
    default: ['http://127.0.0.1:5050'],
    doc: 'comma-separated Mesos master URLs, tried in turn',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.role',
    env: 'MESOS_ROLE',
    kind: 'string',
    default: '*',
    doc: 'role the framework subscribes with (MULTI_ROLE); `*` takes unreserved resources',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.discoveryIntervalS',
    env: 'MESOS_DISCOVERY_INTERVAL_S',
    kind: 'int',
    default: 30,
    min: 1,
    max: 3600,
    doc: 'while idle, how often offers are revived to see agents that joined',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.reviveOffersPerS',
    env: 'MESOS_REVIVE_OFFERS_PER_S',
    kind: 'int',
    default: 200,
    min: 0,
    max: 100000,
    doc: 'REVIVE pacing: after a REVIVE the next waits a second per this many agents it offers again (at most 5 s); 0: no pacing',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.principal',
    env: 'MESOS_PRINCIPAL',
    kind: 'string',
    doc: 'principal for HTTP basic authentication to the master',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.secretFile',
    env: 'MESOS_SECRET_FILE',
    kind: 'path',
    doc: 'file holding the principal secret',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.caFile',
    env: 'MESOS_CA_FILE',
    kind: 'path',
    doc: "CA bundle that signs the masters' certificates (https master URLs)",
    usedBy: 'bridge',
  },
  {
    key: 'mesos.wireFormat',
    env: 'MESOS_WIRE_FORMAT',
    kind: 'wireFormat',
    default: 'protobuf',
    doc: 'protobuf or json on the scheduler API',
    usedBy: 'bridge',
  },
  {
    key: 'mesos.failoverTimeoutS',
    env: 'MESOS_FAILOVER_TIMEOUT_S',
    kind: 'int',
    default: 604800,
    min: 60,
    max: 31536000,
    doc: 'how long Mesos keeps our tasks while the bridge is away',
    usedBy: 'bridge',
  },
  {
    key: 'controlPlane.hosts',
    env: 'SCALEIO_CONTROL_PLANE_HOSTS',
    kind: 'hostList',
    doc: 'comma-separated hostnames of agents that run our worker or bridge (rebooted last); added to those read from the task queues',
    usedBy: 'worker',
  },
  {
    key: 'metrics.workerPort',
    env: 'SCALEIO_WORKER_METRICS_PORT',
    kind: 'int',
    default: 0,
    min: 0,
    max: 65535,
    doc: 'Prometheus port of the worker (0 = off)',
    usedBy: 'worker',
  },
  {
    key: 'metrics.bridgePort',
    env: 'SCALEIO_BRIDGE_METRICS_PORT',
    kind: 'int',
    default: 0,
    min: 0,
    max: 65535,
    doc: 'Prometheus/health port of the bridge (0 = off)',
    usedBy: 'bridge',
  },
  // Automatic capacity growth (healthMonitor growth policy): where a new volume comes from once no node has a free
  // disk left (activities/capacity; docs/capacity-growth.md).
  {
    key: 'capacity.provider',
    env: 'SCALEIO_CAPACITY_PROVIDER',
    kind: 'string',
    default: 'none',
    doc: 'capacity provider for automatic growth: none or simulator',
    usedBy: 'worker',
  },
  {
    key: 'capacity.simulatorUrl',
    env: 'SIM_CONTROL_URL',
    kind: 'url',
    doc: "the simulator's control API, for the simulator capacity provider",
    usedBy: 'worker',
  },
  // Payload encryption (common/codec): off unless a key is configured; worker, bridge, clients and the codec
  // server must then all hold the keys.
  {
    key: 'codec.keysFile',
    env: 'SCALEIO_CODEC_KEYS_FILE',
    kind: 'path',
    doc: 'file of `id=base64key` lines (AES-256), oldest first: the last key encrypts, all decrypt',
  },
  {
    key: 'codec.key',
    env: 'SCALEIO_CODEC_KEY',
    kind: 'string',
    doc: 'one base64 AES-256 key (key id `env`) instead of a keys file, for development',
  },
  {
    key: 'codec.server.host',
    env: 'SCALEIO_CODEC_SERVER_HOST',
    kind: 'string',
    default: '127.0.0.1',
    doc: 'address the codec server listens on',
    usedBy: 'codec-server',
  },
  {
    key: 'codec.server.port',
    env: 'SCALEIO_CODEC_SERVER_PORT',
    kind: 'int',
    default: 8888,
    min: 0,
    max: 65535,
    doc: 'port of the codec server for the Temporal UI (0 = any free port)',
    usedBy: 'codec-server',
  },
  {
    key: 'codec.server.corsOrigins',
    env: 'SCALEIO_CODEC_SERVER_CORS_ORIGINS',
    kind: 'urlList',
    default: ['http://localhost:8233', 'http://127.0.0.1:8233'],
    doc: 'comma-separated Temporal UI origins allowed to call the codec server',
    usedBy: 'codec-server',
  },
  {
    key: 'codec.server.tokenFile',
    env: 'SCALEIO_CODEC_SERVER_TOKEN_FILE',
    kind: 'path',
    doc: 'file holding a token; when set, codec requests must send `Authorization: Bearer <token>`',
    usedBy: 'codec-server',
  },
];

export const CONFIG_FILE_ENV = 'SCALEIO_CONFIG_FILE';
