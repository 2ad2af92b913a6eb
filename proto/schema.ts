// Loads the Mesos v1 .proto subset once, at module load, from the files next to this module.
// Field names keep their proto spelling (keepCase) because that is the Mesos JSON form.
import path from 'node:path';
import { Root, type Type } from 'protobufjs';

const PROTO_DIR = __dirname;
const ENTRY = path.join(PROTO_DIR, 'mesos', 'v1', 'scheduler', 'scheduler.proto');

function loadRoot(): Root {
  const root = new Root();
  // Imports are written as in upstream ("mesos/v1/mesos.proto"), relative to proto/.
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(ENTRY, { keepCase: true });
  root.resolveAll();
  return root;
}

export const mesosRoot: Root = loadRoot();

export const CALL_TYPE = 'mesos.v1.scheduler.Call';
export const EVENT_TYPE = 'mesos.v1.scheduler.Event';

/** The reflected message type for a fully qualified name, e.g. `mesos.v1.TaskStatus`. */
export function messageType(fullName: string): Type {
  return mesosRoot.lookupType(fullName);
}
