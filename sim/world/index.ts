export { startWorld, type World, type WorldOptions } from './world';
export { applyFault, FAULTS, FaultError } from './faults';
export { defaultAgent, defaultFleet } from './fleet';
export { loadScenario, ScenarioError } from './scenario';
