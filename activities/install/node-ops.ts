// Node-level operations that follow install steps: restarting the Mesos agent so it loads new module and
// isolation flags, and rebooting (new kernel on Ubuntu 14.04). Both print their result line first, because
// what they start may cut the task off.
import { MESOS_AGENT_SERVICE, osFamily, type OsInput, serviceCommand } from './os';
import { sh } from './quote';
import { script } from './snippets';
import { LIGHT_RESOURCES, type Step } from './step';

/**
 * Restarts the agent in place. With framework checkpointing the task survives the agent restart; without it
 * the task may be reported lost after its result line: the caller verifies with the probe either way.
 */
export function buildRestartAgentStep(input: { os: OsInput }): Step {
  const os = osFamily(input.os);
  const body = sh`step_result true restarted
${serviceCommand(os, 'restart', MESOS_AGENT_SERVICE)}`;
  return nodeStep(
    'restart-mesos-agent',
    os,
    body,
    'not idempotent by itself: run only when a step reported agentRestartRequired'
  );
}

/** Schedules a reboot one minute out so the task can finish and report first. */
export function buildRebootStep(input: { os: OsInput }): Step {
  const os = osFamily(input.os);
  const body = sh`step_result true reboot-scheduled "" "" true
shutdown -r +1 'scaleio-framework: reboot requested by an install step'`;
  const check =
    'not idempotent by itself: run only when a step reported rebootRequired; the caller waits for the node to come back';
  return { ...nodeStep('reboot-node', os, body, check), rebootRequired: true };
}

/** A light node-level step with no package to fetch and no secret. */
function nodeStep(name: string, os: Step['os'], body: Parameters<typeof script>[1], check: string): Step {
  return {
    name,
    role: 'node',
    os,
    command: script(undefined, body),
    uris: [],
    env: {},
    secretEnv: {},
    resources: { ...LIGHT_RESOURCES },
    timeoutMs: 2 * 60_000,
    check,
  };
}
