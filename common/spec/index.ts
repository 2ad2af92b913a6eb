export * from './types';
export { validateClusterSpec } from './validate';
export { packageFileName, defaultPackageUrls, DEFAULT_SCALEIO_VERSION } from './packages';
