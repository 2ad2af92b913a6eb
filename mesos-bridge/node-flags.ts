// How Node runs the bridge, wherever it is started (npm run bridge, the demo, tests, benches, the Dockerfile's
// compose command, the Marathon app). The bridge keeps a view of every agent and decodes OFFERS events of
// thousands of offers at once; V8's default heap growth keeps the peak of that decoding resident long after.
// --optimize-for-size grows the heap in smaller steps and gives memory back sooner: with 10,000 agents the
// process stays near 130 MB instead of 170 MB, for a slower first pass over a large fleet (bench bridge).
export const BRIDGE_ENTRY = 'mesos-bridge/main.ts';
export const BRIDGE_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];
