// Payload encryption for every process outside the workflow sandbox (never import this from workflows/).
export { CodecError } from './errors';
export { EncryptionCodec, ENCODING_ENCRYPTED, METADATA_KEY_ID, isEncrypted } from './encryption-codec';
export { decodeKey, parseKeysFile, KEY_BYTES, type CodecKey } from './keys';
export { encryptedDataConverter, ENCODED_FAILURE_CONVERTER_PATH } from './data-converter';
export { codecFromConfig, dataConverterFromConfig, ENV_KEY_ID } from './from-config';
export { payloadsFromJson, payloadsToJson, type JsonPayload } from './json-payloads';
export { startCodecServer, type CodecServer, type CodecServerOptions } from './http-server';
