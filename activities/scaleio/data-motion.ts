// Waiting for ScaleIO to move data (rebuild after a failure, rebalance after a new device, migration out of a
// removed SDS), and maintenance mode for one SDS. Progress is heartbeated so the UI shows what is left.
import { DATA_MOTION_STATISTICS, FAILURE_STATISTICS, type StatisticsValues } from '../gateway';
import { heartbeat, notFound, pause, withGateway, type ScaleioDeps } from './gateway-call';

const sum = (v: StatisticsValues, keys: readonly string[]) => keys.reduce((acc, k) => acc + (Number(v[k]) || 0), 0);

export interface DataMotionReading {
  movingKb: number;
  degradedKb: number;
}

export function createDataMotionActivities(deps: ScaleioDeps) {
  const read = (): Promise<DataMotionReading> =>
    withGateway(deps, async (gw) => {
      const s = await gw.statistics.system([...DATA_MOTION_STATISTICS, ...FAILURE_STATISTICS]);
      return {
        movingKb: sum(s, DATA_MOTION_STATISTICS),
        degradedKb: sum(s, ['degradedHealthyCapacityInKb', 'degradedFailedCapacityInKb', 'failedCapacityInKb']),
      };
    });

  return {
    /** Polls until no rebuild, rebalance or migration is pending or active; returns how long it watched. */
    async waitForDataMotion(input: { pollMs?: number } = {}): Promise<{ polls: number; firstMovingKb: number }> {
      let polls = 0;
      let first: number | undefined;
      for (;;) {
        const r = await read();
        polls += 1;
        first ??= r.movingKb;
        heartbeat({ ...r, polls });
        if (r.movingKb === 0 && r.degradedKb === 0) return { polls, firstMovingKb: first };
        await pause(input.pollMs ?? 5000);
      }
    },

    async setSdsMaintenance(input: {
      sdsIp: string;
      enter: boolean;
      pollMs?: number;
    }): Promise<{ sdsId: string; state: string; changed: boolean }> {
      return withGateway(deps, async (gw) => {
        const sds = await gw.sds.findByIp(input.sdsIp);
        if (!sds) throw notFound(`no SDS has IP ${input.sdsIp}`);
        const want = input.enter ? 'InMaintenance' : 'NoMaintenance';
        if (sds.maintenanceState === want) return { sdsId: sds.id, state: want, changed: false };
        if (input.enter) await gw.sds.enterMaintenanceMode(sds.id);
        else await gw.sds.exitMaintenanceMode(sds.id);
        // Entering and leaving take a moment (SetMaintenanceInProgress / ExitMaintenanceInProgress).
        for (;;) {
          const now = await gw.sds.get(sds.id);
          heartbeat({ sdsId: sds.id, maintenanceState: now.maintenanceState });
          if (now.maintenanceState === want) return { sdsId: sds.id, state: want, changed: true };
          await pause(input.pollMs ?? 1000);
        }
      });
    },
  };
}
