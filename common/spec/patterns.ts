// Shapes of the names and addresses that reach shell commands, gateway calls and workflow ids.
// Tight patterns here are the first line of defence against injection (`; rm -rf /`).

export const CLUSTER_NAME = {
  pattern: /^[a-z][a-z0-9-]{0,39}$/,
  patternText: 'a lowercase letter then up to 39 lowercase letters, digits or dashes',
};
export const SCALEIO_OBJECT_NAME = {
  pattern: /^[A-Za-z0-9_.-]{1,31}$/,
  patternText: '1 to 31 letters, digits, dots, dashes or underscores',
};
export const HOSTNAME = {
  pattern: /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
  patternText: 'a hostname or IPv4 address (letters, digits, dashes, dots)',
};
export const PASSWORD_REF = {
  pattern: /^(env:[A-Z_][A-Z0-9_]{0,127}|file:\/[^\s;|&$`'"<>]{1,1023})$/,
  patternText: 'env:VARIABLE_NAME or file:/absolute/path',
};
export const VERSION = {
  pattern: /^\d{1,3}\.\d{1,3}-\d{1,6}\.\d{1,6}$/,
  patternText: 'a ScaleIO package version like 2.0-10000.2072',
};
export const TOOL_VERSION = {
  pattern: /^\d{1,4}(\.\d{1,6}){1,3}$/,
  patternText: 'a dotted version like 0.8.2',
};
export const HTTP_URL = {
  pattern: /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~%/+-]*)?$/,
  patternText: 'an http(s) URL without spaces or shell characters',
};
export const ATTRIBUTE_NAME = {
  pattern: /^[A-Za-z0-9_.-]{1,64}$/,
  patternText: 'letters, digits, dots, dashes or underscores',
};
/** A ScaleIO system id, as scli --query_all prints it ("System ID"). */
export const SYSTEM_ID = {
  pattern: /^[0-9a-f]{16}$/,
  patternText: '16 lowercase hex digits (scli --query_all: "System ID")',
};
