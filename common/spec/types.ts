// The cluster spec: the input of bootstrapCluster, normalized (every default filled in).

export const MDM_MODES = [3, 5] as const;
export type MdmMode = (typeof MDM_MODES)[number];

/** OS families we install on; centos7 is accepted as an alias of rhel7, as in the old framework. */
export const OS_FAMILIES = ['ubuntu14', 'ubuntu16', 'rhel7'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export const PACKAGE_ROLES = ['mdm', 'sds', 'sdc', 'lia', 'gw'] as const;
export type PackageRole = (typeof PACKAGE_ROLES)[number];

export type PackageUrls = Record<PackageRole, string>;

export interface PackageSpec {
  /** Base URL of the package repository; file names follow ScaleIO's naming for `version`. */
  repository: string;
  /** ScaleIO version as in the package names, e.g. 2.0-10000.2072. */
  version: string;
  /** The URL of every package for every OS family (overrides from the input applied). */
  urls: Record<OsFamily, PackageUrls>;
}

export interface NodeSelection {
  mdmMinCpus: number;
  mdmMinMemMb: number;
  dataMinCpus: number;
  dataMinMemMb: number;
  /** Agents must carry these attributes with these values to be used at all. */
  requireAttributes: Record<string, string>;
  excludeHostnames: string[];
  /** MDM roles are spread across distinct values of this agent attribute when possible. */
  spreadAttribute: string;
}

export interface PreconfiguredMdms {
  primary: string;
  secondary: string;
  tiebreaker: string;
  gateway: string;
}

/** REX-Ray (the Docker volume driver) and the DVDI isolator, installed on every data node. */
export interface VolumeDriverSpec {
  rexray: { version: string; urls: { deb: string; rpm: string } };
  /** URL of libmesos_dvdi_isolator-<version>.so */
  isolatorUrl: string;
  /** The gateway REX-Ray talks to, https://<host>[:port]/api; absent: the gateway MDM node's address. */
  gatewayEndpoint?: string;
}

export interface ClusterSpec {
  name: string;
  mdmMode: MdmMode;
  protectionDomain: string;
  storagePool: string;
  /** Where the gateway admin password lives: `env:NAME` or `file:/path`. Never the password itself. */
  passwordRef: string;
  packages: PackageSpec;
  nodeSelection: NodeSelection;
  preconfiguredMdms?: PreconfiguredMdms;
  volumeDriver: VolumeDriverSpec;
  autoOnboard: boolean;
  /**
   * Never reboot a node (the old framework's `-debug`): a procedure that needs a reboot stops there with
   * RebootRequired, naming the node, for the operator to reboot it and run the procedure again.
   */
  noReboot: boolean;
  /**
   * The ScaleIO system id (16 hex digits), the old framework's `-scaleio.clusterid`: REX-Ray then names the system
   * by id rather than by name.
   */
  systemId?: string;
}

export type SpecValidation =
  { ok: true; spec: ClusterSpec } | { ok: false; problems: { field: string; problem: string }[] };
