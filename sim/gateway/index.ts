// Simulated ScaleIO REST gateway (test double; production never imports sim/).
export { startGateway, type Gateway, type GatewayOptions } from './server';
export { MAX_GATEWAYS, startGateways } from './group';
export { GatewayFaults } from './faults';
export { TokenStore } from './tokens';
export { generateSelfSigned, type TlsMaterial } from './tls';
