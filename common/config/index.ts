export { loadConfig } from './load';
export { CONFIG_FIELDS, CONFIG_FILE_ENV, type ConfigField } from './fields';
export type { AppConfig } from './types';
