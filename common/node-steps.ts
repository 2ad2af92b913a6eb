// What a workflow asks the `planNodeSteps` activity for: install steps by kind, for one node. The activity turns
// them into runOnAgent requests with the builders of the node's OS and the cluster's spec.
import type { ClusterSpec, OsFamily, PackageRole } from './spec/types';
import type { RunOnAgentInput } from './mesos-activities';

/** The package roles of a node: `tb` is the MDM package installed as a tie-breaker. */
export type NodePackageRole = 'mdm' | 'tb' | 'sds' | 'sdc' | 'lia' | 'gw';

export type NodeStepRequest =
  | { kind: 'prereqs'; withGateway?: boolean }
  | {
      kind: 'package';
      role: NodePackageRole;
      /** sdc and gw: the MDM addresses (primary first). */
      mdmIps?: string[];
      /** Another version than the spec's (upgrades, rollbacks). */
      version?: string;
      allowDowngrade?: boolean;
    }
  | { kind: 'mdm-cluster'; primaryIp: string; managerIps: string[]; tieBreakerIps: string[] }
  | {
      kind: 'rexray';
      gatewayEndpoint: string;
      /** The pool REX-Ray provisions from on this node (default: the spec's PD/SP). */
      protectionDomain?: string;
      storagePool?: string;
    }
  | { kind: 'isolator' }
  | { kind: 'uninstall'; role: PackageRole }
  | { kind: 'reboot' }
  | { kind: 'restart-agent' }
  /** After a reboot or agent restart: is the Mesos agent up, and scini and rexray where installed? */
  | { kind: 'verify-services' };

export interface PlanNodeStepsInput {
  hostname: string;
  /** The OS family the probe found (centos7 accepted as rhel7). */
  os: OsFamily | 'centos7';
  spec: ClusterSpec;
  steps: NodeStepRequest[];
  /** Appended to every task name (a re-run of a step within one workflow run needs a new Mesos task). */
  suffix?: string;
}

/** A planned step; `foundByProbe` says what the node's probe showed already done, and then it is not launched. */
export type PlannedStep = RunOnAgentInput & { foundByProbe?: string };

/** The services a verify-services result names in its detail (`down: a b` or `up: a b`). */
export function servicesIn(detail: string | undefined, which: 'down' | 'up'): string[] {
  const m = new RegExp(`^${which}:(.*)$`).exec(detail ?? '');
  return m ? (m[1] ?? '').trim().split(/\s+/).filter(Boolean) : [];
}
