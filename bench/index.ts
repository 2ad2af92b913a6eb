import { benchBridge } from './bridge';
import { benchOnboard } from './onboard';
import { benchSim } from './sim';

export const BENCHMARKS = { sim: benchSim, bridge: benchBridge, onboard: benchOnboard } as const;
