import { benchSim } from './sim';

export const BENCHMARKS = { sim: benchSim } as const;
