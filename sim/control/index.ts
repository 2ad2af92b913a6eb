// The simulator's control API: what the shims inside simulated tasks call. Simulator only.
export { createControlHandler, runShim, validateShimRequest } from './handler';
export { startControlServer, type ControlServer } from './server';
export { completeReboot } from './engine/reboot';
export { connectPendingSdcs } from './engine/sdc';
export { TOOLS } from './tools';
export { SHIMS_DIR, shimEnv } from './shims-path';
export type { ControlDeps, ShimRequest, ShimResult, ToolContext, ToolDef } from './types';
