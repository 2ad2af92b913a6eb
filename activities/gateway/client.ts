// GatewayClient: one logged-in session with one ScaleIO gateway, and the typed object APIs on top.
//   const gw = new GatewayClient({ url, user, password, caFile });
//   const { id } = await gw.protectionDomains.ensure('pd1');
//   await gw.close();
import { GatewayCaller } from './caller';
import { Devices } from './objects/devices';
import { Mdm } from './objects/mdm';
import { ProtectionDomains } from './objects/protection-domains';
import { SdsApi } from './objects/sds';
import { Sdcs } from './objects/sdcs';
import { StoragePools } from './objects/storage-pools';
import { Volumes } from './objects/volumes';
import { type GatewayClientOptions, resolveOptions } from './options';
import { Statistics } from './statistics';
import { type MdmCluster, type System } from './types';
import { type ApiVersion } from './version';

export class GatewayClient {
  readonly mdm: Mdm;
  readonly protectionDomains: ProtectionDomains;
  readonly storagePools: StoragePools;
  readonly sds: SdsApi;
  readonly devices: Devices;
  readonly sdcs: Sdcs;
  readonly volumes: Volumes;
  readonly statistics: Statistics;
  private readonly caller: GatewayCaller;

  /** Throws InputError (InvalidConfig) naming every bad option; makes no network call. */
  constructor(options: GatewayClientOptions) {
    const opts = resolveOptions(options);
    const log = opts.logger?.child({ gateway: opts.baseUrl });
    this.caller = new GatewayCaller(opts, log);
    this.mdm = new Mdm(this.caller);
    this.protectionDomains = new ProtectionDomains(this.caller);
    this.storagePools = new StoragePools(this.caller);
    this.devices = new Devices(this.caller);
    this.sds = new SdsApi(this.caller, this.devices);
    this.sdcs = new Sdcs(this.caller);
    this.volumes = new Volumes(this.caller);
    this.statistics = new Statistics(this.caller);
  }

  /** The System object (NotFound before the MDM cluster exists). */
  system(): Promise<System> {
    return this.mdm.system();
  }

  /** The MDM cluster: System.mdmCluster when embedded, else queryMdmCluster. */
  mdmCluster(): Promise<MdmCluster> {
    return this.mdm.mdmCluster();
  }

  /** The gateway's API version (checked to be < 4.0 before the first call). */
  apiVersion(): Promise<ApiVersion> {
    return this.caller.apiVersion();
  }

  /** Logins so far: 1 after first use, +1 per re-login after an expired token. */
  get loginCount(): number {
    return this.caller.session.logins;
  }

  /** Raw authenticated calls for what the typed API lacks; errors are typed the same way. */
  get<T>(path: string): Promise<T> {
    return this.caller.get<T>(path);
  }

  post<T>(path: string, body: object = {}): Promise<T> {
    return this.caller.post<T>(path, body);
  }

  /** Logs out (best effort) and closes the keep-alive sockets. */
  close(): Promise<void> {
    return this.caller.close();
  }
}
