// The simulator's capacity provider: "plugs" a new raw disk into a simulated node through the simulator's control
// API (POST <SIM_CONTROL_URL>/sim/faults/add-disk), as a cloud provider would attach a volume. It speaks HTTP only;
// production code never imports the simulator.
import axios from 'axios';
import { CapacityProviderError, type CapacityProvider, type CapacityRequest, type ProvisionedVolume } from './provider';

/** The simulator names disks like Linux SCSI disks: sdb, sdc, ... */
const LETTERS = 'bcdefghijklmnopqrstuvwxyz';

/** The first /dev/sdX the node does not have yet. */
export function nextDevicePath(existing: readonly string[]): string | undefined {
  for (const l of LETTERS) {
    const path = `/dev/sd${l}`;
    if (!existing.includes(path)) return path;
  }
  return undefined;
}

export function simulatorCapacityProvider(controlUrl: string, timeoutMs = 10_000): CapacityProvider {
  const base = controlUrl.replace(/\/+$/, '');
  return {
    name: 'simulator',
    describe: () => ({ available: true, detail: `simulator control API at ${base}` }),
    async provision(req: CapacityRequest, signal: AbortSignal): Promise<ProvisionedVolume> {
      const path = nextDevicePath(req.existingDevices);
      if (!path) throw new CapacityProviderError(`${req.hostname} has no free /dev/sdX name left`, false);
      let res: { status: number; data: unknown };
      try {
        res = await axios.post(
          `${base}/sim/faults/add-disk`,
          { hostname: req.hostname, path, sizeGb: req.sizeGb },
          { timeout: timeoutMs, maxRedirects: 0, validateStatus: () => true, signal }
        );
      } catch (err) {
        // Only the code: an axios error carries the whole request.
        const code = (err as { code?: string }).code ?? 'network error';
        throw new CapacityProviderError(`simulator control API ${base} unreachable: ${code}`, true);
      }
      const message = (res.data as { message?: unknown } | undefined)?.message;
      const text = typeof message === 'string' ? message.slice(0, 300) : `HTTP ${res.status}`;
      const made = { hostname: req.hostname, devicePath: path, sizeGb: req.sizeGb };
      if (res.status === 200)
        return { ...made, detail: `simulator plugged ${path} (${req.sizeGb} GB) into ${req.hostname}` };
      // The disk is there already: this request's first attempt plugged it and its answer was lost.
      if (res.status === 400 && text.includes(`already has ${path}`))
        return { ...made, detail: `simulator: ${req.hostname} has ${path} already (an earlier attempt plugged it)` };
      throw new CapacityProviderError(`simulator refused add-disk for ${req.hostname}: ${text}`, res.status >= 500);
    },
  };
}
