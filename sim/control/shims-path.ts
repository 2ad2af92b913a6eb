// Where the shim executables live and the environment a simulated task needs to use them.
import path from 'node:path';

/** Put this directory first on the task PATH (MesosSimOptions.pathPrefix). */
export const SHIMS_DIR = path.resolve(__dirname, '..', 'shims');

/**
 * Env for a task on `hostname` (MesosSimOptions.taskEnv). Without `shimAddr` (the shim wire's
 * 127.0.0.1:<port>) the shims fall back to Node and the HTTP route, which costs a Node start per call.
 */
export function shimEnv(controlUrl: string, hostname: string, shimAddr?: string): Record<string, string> {
  return { SIM_CONTROL_URL: controlUrl, SIM_HOSTNAME: hostname, ...(shimAddr ? { SIM_SHIM_ADDR: shimAddr } : {}) };
}
