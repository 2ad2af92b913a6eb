// Install steps as data: pure builders that return the command, package URLs, environment (secrets only as
// references) and resources of each step for runOnAgent, plus the parsers of what the steps print.
export { shq, sh, joinScripts, ShellScript, type ShellValue } from './quote';
export {
  type Step,
  type StepRole,
  type StepUri,
  type StepResult,
  STEP_RESULT_PREFIX,
  parseStepResult,
  INSTALL_RESOURCES,
  LIGHT_RESOURCES,
} from './step';
export {
  type OsInput,
  type PackageFormat,
  UnsupportedOsError,
  osFamily,
  packageFormat,
  scaleioPackageName,
  serviceCommand,
  MESOS_AGENT_SERVICE,
} from './os';
export { FieldCheck, sandboxFileName } from './validate';
export {
  buildPrerequisitesStep,
  prerequisitePackages,
  type PrerequisitesInput,
  DEFAULT_UBUNTU14_KERNEL,
} from './prereqs';
export { type PackageInstallInput, buildUninstallStep, type UninstallInput, INSTALL_TIMEOUT_MS } from './package-step';
export {
  buildMdmStep,
  buildSdsStep,
  buildSdcStep,
  buildLiaStep,
  buildGatewayStep,
  type MdmInstallInput,
  type SdcInstallInput,
  type LiaInstallInput,
  type GatewayInstallInput,
  GATEWAY_PROPERTIES,
  GATEWAY_SERVICE,
} from './roles';
export { buildProbeStep } from './probe';
export {
  parseNodeFacts,
  parsePairs,
  type NodeFacts,
  type DiskFact,
  type ProbeParseOptions,
  type ProbedOsFamily,
} from './probe-parse';
export {
  buildMdmClusterSteps,
  mdmMembers,
  type MdmClusterInput,
  type MdmMember,
  ADMIN_PASSWORD_ENV,
} from './mdm-cluster';
export { buildRexrayStep, renderRexrayConfig, type RexrayInput, REXRAY_CONFIG, REXRAY_SYSTEMD_DROPIN } from './rexray';
export {
  buildIsolatorStep,
  isolatorVersion,
  dvdiModJson,
  type IsolatorInput,
  DVDI_MODULE,
  DVDI_MOD_JSON,
  AGENT_MODULES_FILE,
  AGENT_ISOLATION_FILE,
} from './isolator';
export { buildRestartAgentStep, buildRebootStep } from './node-ops';
export { buildVerifyServicesStep, type VerifyServicesInput, VERIFY_SERVICES_STEP } from './verify-services';
export { foundIsolator, foundPackage, foundPrerequisites, foundRexray, type Found } from './probe-found';
