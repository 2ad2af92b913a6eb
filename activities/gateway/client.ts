// GatewayClient: logged-in sessions with the ScaleIO gateways of one cluster (one URL, or several with
// failover), and the typed object APIs on top.
//   const gw = new GatewayClient({ url: 'https://gw1:443,https://gw2:443', user, password, caFile });
//   const { id } = await gw.protectionDomains.ensure('pd1');
//   await gw.close();
import { type EndpointState, GatewayCaller } from './caller';
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
    this.caller = new GatewayCaller(opts, opts.logger);
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

  /** Logins so far, over every endpoint: 1 after first use, +1 per re-login or first login elsewhere. */
  get loginCount(): number {
    return this.caller.logins;
  }

  /** Base URL of the endpoint the next call goes to. */
  get currentEndpoint(): string {
    return this.caller.currentUrl;
  }

  /** Every endpoint in configured order, with its own login count (a copy: changing it changes nothing). */
  get endpoints(): readonly EndpointState[] {
    return this.caller.states;
  }

  /** Raw authenticated calls for what the typed API lacks; errors are typed the same way. */
  get<T>(path: string): Promise<T> {
    return this.caller.get<T>(path);
  }

  post<T>(path: string, body: object = {}): Promise<T> {
    return this.caller.post<T>(path, body);
  }

  /** Logs out of every endpoint (best effort) and closes the keep-alive sockets. */
  close(): Promise<void> {
    return this.caller.close();
  }
}
