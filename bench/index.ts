import { benchBridge } from './bridge';
import { benchSim } from './sim';

export const BENCHMARKS = { sim: benchSim, bridge: benchBridge } as const;
