// Where the shim executables live and the environment a simulated task needs to use them.
import path from 'node:path';

/** Put this directory first on the task PATH (MesosSimOptions.pathPrefix). */
export const SHIMS_DIR = path.resolve(__dirname, '..', 'shims');

/** Env for a task on `hostname` (MesosSimOptions.taskEnv). */
export function shimEnv(controlUrl: string, hostname: string): Record<string, string> {
  return { SIM_CONTROL_URL: controlUrl, SIM_HOSTNAME: hostname };
}
