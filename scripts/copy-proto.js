// The Mesos .proto files are loaded at run time from next to the compiled codec; copy them into dist/.
const { cpSync } = require('node:fs');
cpSync('proto/mesos', 'dist/proto/mesos', { recursive: true });
