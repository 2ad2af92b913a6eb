import type { ClientConnectConfig } from '@temporalio/envconfig';
import type { LogLevel } from '../log';

export interface AppConfig {
  logLevel: LogLevel;
  stateDir: string;
  cluster: string;
  gateway: {
    /** One base URL, or several joined by commas (checked: distinct, one scheme); GatewayClient fails over. */
    url?: string;
    user: string;
    passwordFile?: string;
    caFile?: string;
    insecure: boolean;
    timeoutMs: number;
  };
  mesos: {
    masters: string[];
    role: string;
    discoveryIntervalS: number;
    reviveOffersPerS: number;
    principal?: string;
    secretFile?: string;
    caFile?: string;
    wireFormat: 'protobuf' | 'json';
    failoverTimeoutS: number;
  };
  /** Agents that host our worker or bridge, besides those the task queues' pollers name (rebooted last). */
  controlPlane?: { hosts: string[] };
  metrics: { workerPort: number; bridgePort: number };
  /** Automatic capacity growth: provider name (checked by activities/capacity/from-config.ts). */
  capacity: { provider: string; simulatorUrl?: string };
  codec: {
    keysFile?: string;
    key?: string;
    server: { host: string; port: number; corsOrigins: string[]; tokenFile?: string };
  };
  temporal: Required<Pick<ClientConnectConfig, 'namespace'>> & ClientConnectConfig;
}
