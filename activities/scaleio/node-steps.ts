// Node-side steps: the step builders turn a request into commands for runOnAgent (recorded in history as the
// activity's result, so the operator reads exactly what will run), and the probe's output is read back into facts.
// Planning is an activity, not workflow code, so a change to a builder never breaks the replay of a running
// procedure: what a run planned is in its history.
import { ApplicationFailure } from '@temporalio/common';
import { describeProblems, InputError } from '../../common/errors';
import type { RunOnAgentInput } from '../../common/mesos-activities';
import type { NodeStepRequest, PlannedStep, PlanNodeStepsInput } from '../../common/node-steps';
import type { ClusterSpec, OsFamily } from '../../common/spec/types';
import { packageUrlAt } from '../../common/spec/packages';
import { packageFormat } from '../install/os';
import { FieldCheck } from '../install/validate';
import { foundIsolator, foundPackage, foundPrerequisites, foundRexray, type Found } from '../install/probe-found';
import type { IsolatorInput } from '../install/isolator';
import type { RexrayInput } from '../install/rexray';
import {
  buildGatewayStep,
  buildIsolatorStep,
  buildLiaStep,
  buildMdmClusterSteps,
  buildMdmStep,
  buildPrerequisitesStep,
  buildProbeStep,
  buildRebootStep,
  buildRestartAgentStep,
  buildRexrayStep,
  buildSdcStep,
  buildSdsStep,
  buildUninstallStep,
  buildVerifyServicesStep,
  osFamily,
  parseNodeFacts,
  type NodeFacts,
  type Step,
} from '../install';

/** The runOnAgent request of a step on one node. */
export function runInputOf(hostname: string, step: Step): RunOnAgentInput {
  return {
    hostname,
    taskName: step.name,
    command: step.command,
    uris: step.uris.map((u) => ({ value: u.value, ...(u.executable ? { executable: true } : {}) })),
    env: step.env,
    secretEnv: step.secretEnv,
    resources: step.resources,
    timeoutMs: step.timeoutMs,
  };
}

function asFailure(err: unknown): unknown {
  return err instanceof InputError
    ? ApplicationFailure.create({
        message: describeProblems(err.what, err.problems),
        type: err.type,
        nonRetryable: true,
      })
    : err;
}

/** The node and task-name suffix reach task ids and shell commands: checked before anything is planned. */
function checkTarget(input: { hostname: unknown; suffix?: unknown; steps?: unknown }, needsSteps = false): void {
  const c = new FieldCheck('node step request');
  if (needsSteps && !(Array.isArray(input.steps) && input.steps.every((x) => typeof x === 'object' && x !== null)))
    c.problems.push({ field: 'steps', problem: 'must be a list of step requests' });
  c.hostname('hostname', input.hostname);
  if (
    input.suffix !== undefined &&
    !(typeof input.suffix === 'string' && /^[a-z0-9][a-z0-9-]{0,30}$/.test(input.suffix))
  )
    c.problems.push({ field: 'suffix', problem: 'must be 1 to 31 lowercase letters, digits or dashes' });
  c.done();
}

function rexrayInputOf(spec: ClusterSpec, os: OsFamily, req: NodeStepRequest & { kind: 'rexray' }): RexrayInput {
  const { rexray } = spec.volumeDriver;
  return {
    os,
    url: rexray.urls[packageFormat(os)],
    version: rexray.version,
    gatewayEndpoint: req.gatewayEndpoint,
    protectionDomain: req.protectionDomain ?? spec.protectionDomain,
    storagePool: req.storagePool ?? spec.storagePool,
    systemName: spec.name,
    ...(spec.systemId ? { systemId: spec.systemId } : {}),
    adminPasswordRef: spec.passwordRef,
  };
}

function isolatorInputOf(spec: ClusterSpec, os: OsFamily): IsolatorInput {
  return { os, url: spec.volumeDriver.isolatorUrl };
}

/**
 * What the probe's facts prove already done for a request, or undefined. Only what the step itself would find
 * unchanged and the probe can see: the gateway's properties file and cluster-level steps are never skipped.
 */
export function foundByProbe(input: PlanNodeStepsInput, req: NodeStepRequest, facts: NodeFacts): Found {
  const { spec } = input;
  const os = osFamily(input.os);
  switch (req.kind) {
    case 'prereqs':
      return foundPrerequisites({ os, ...(req.withGateway ? { withGateway: true } : {}) }, facts);
    case 'package':
      if (req.role === 'gw' || req.allowDowngrade) return undefined;
      return foundPackage(req.role === 'tb' ? 'mdm' : req.role, req.version ?? spec.packages.version, facts);
    case 'rexray':
      return foundRexray(rexrayInputOf(spec, os, req), facts);
    case 'isolator':
      return foundIsolator(isolatorInputOf(spec, os), facts);
    default:
      return undefined;
  }
}

/** The builder steps of one request, for the node's OS and the cluster's spec. */
export function stepsOf(input: PlanNodeStepsInput, req: NodeStepRequest): Step[] {
  const { spec } = input;
  const os = osFamily(input.os);
  const version = req.kind === 'package' && req.version ? req.version : spec.packages.version;
  const pkg = (role: 'mdm' | 'sds' | 'sdc' | 'lia' | 'gw') => ({
    os,
    // Another version than the spec's (upgrade, rollback) fetches that version's file.
    url: packageUrlAt(spec, os, role, version),
    version,
    ...(req.kind === 'package' && req.allowDowngrade ? { allowDowngrade: true } : {}),
  });
  switch (req.kind) {
    case 'prereqs':
      return [buildPrerequisitesStep({ os, ...(req.withGateway ? { withGateway: true } : {}) })];
    case 'package':
      switch (req.role) {
        case 'mdm':
        case 'tb':
          return [buildMdmStep({ ...pkg('mdm'), manager: req.role === 'mdm' })];
        case 'sds':
          return [buildSdsStep(pkg('sds'))];
        case 'sdc':
          return [buildSdcStep({ ...pkg('sdc'), mdmIps: req.mdmIps ?? [] })];
        case 'lia':
          return [buildLiaStep({ ...pkg('lia'), tokenRef: spec.passwordRef })];
        case 'gw':
          return [buildGatewayStep({ ...pkg('gw'), adminPasswordRef: spec.passwordRef, mdmIps: req.mdmIps ?? [] })];
      }
      break;
    case 'mdm-cluster':
      return buildMdmClusterSteps({
        mode: spec.mdmMode,
        primaryIp: req.primaryIp,
        managerIps: req.managerIps,
        tieBreakerIps: req.tieBreakerIps,
        systemName: spec.name,
        adminPasswordRef: spec.passwordRef,
      });
    case 'rexray':
      return [buildRexrayStep(rexrayInputOf(spec, os, req))];
    case 'isolator':
      return [buildIsolatorStep(isolatorInputOf(spec, os))];
    case 'uninstall':
      return [buildUninstallStep({ os, role: req.role })];
    case 'reboot':
      return [buildRebootStep({ os })];
    case 'restart-agent':
      return [buildRestartAgentStep({ os })];
    case 'verify-services':
      return [buildVerifyServicesStep({ os })];
  }
  throw new InputError('InvalidInput', 'node step request', [
    { field: 'kind', problem: `unknown step kind ${JSON.stringify((req as { kind: unknown }).kind)}` },
  ]);
}

export function createNodeStepActivities() {
  return {
    async planNodeProbe(input: { hostname: string }): Promise<RunOnAgentInput> {
      try {
        checkTarget(input);
        return runInputOf(input.hostname, buildProbeStep());
      } catch (err) {
        throw asFailure(err);
      }
    },

    /**
     * The commands of the requested steps on one node, in order. Each result's taskName is the step's name plus
     * `input.suffix` when given (a re-run of the same step in one workflow needs its own Mesos task).
     */
    async planNodeSteps(input: PlanNodeStepsInput & { facts?: NodeFacts }): Promise<PlannedStep[]> {
      try {
        checkTarget(input, true);
        return input.steps.flatMap((req) => {
          const found = input.facts ? foundByProbe(input, req, input.facts) : undefined;
          // Taking a node down happens in the cluster's reboot turn, which every other reboot waits for.
          const inTurn = req.kind === 'reboot' || req.kind === 'restart-agent';
          return stepsOf(input, req).map((step): PlannedStep => {
            const run = runInputOf(input.hostname, step);
            const named = input.suffix ? { ...run, taskName: `${run.taskName}-${input.suffix}` } : run;
            const marked = inTurn ? { ...named, urgent: true } : named;
            return found ? { ...marked, foundByProbe: found } : marked;
          });
        });
      } catch (err) {
        throw asFailure(err);
      }
    },

    async readNodeFacts(input: { stdout: string; scaleioDevices?: string[] }): Promise<NodeFacts> {
      try {
        return parseNodeFacts(input.stdout, input.scaleioDevices ? { scaleioDevices: input.scaleioDevices } : {});
      } catch (err) {
        throw asFailure(err);
      }
    },
  };
}
