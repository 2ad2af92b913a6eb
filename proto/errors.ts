// Typed errors of the wire layer, so the bridge and the simulator can tell a peer's bad
// bytes (answer 400 / drop the stream) from their own bugs, and see which field was wrong.

export type WireFormat = 'application/json' | 'application/x-protobuf';

function describe(what: string, field: string | undefined, problem: string): string {
  return field ? `${what}: ${field}: ${problem}` : `${what}: ${problem}`;
}

/** Bytes received from a peer do not form a valid message of the expected type. */
export class WireDecodeError extends Error {
  override readonly name = 'WireDecodeError';
  constructor(
    readonly messageType: string,
    readonly format: WireFormat,
    /** Dotted path of the offending field (e.g. `update.status.state`), when known. */
    readonly field: string | undefined,
    readonly problem: string
  ) {
    super(describe(`cannot decode ${messageType} (${format})`, field, problem));
  }
}

/** An in-memory message handed to an encoder does not fit its proto type. */
export class WireEncodeError extends Error {
  override readonly name = 'WireEncodeError';
  constructor(
    readonly messageType: string,
    readonly format: WireFormat,
    readonly field: string | undefined,
    readonly problem: string
  ) {
    super(describe(`cannot encode ${messageType} (${format})`, field, problem));
  }
}

/** A RecordIO stream is malformed (bad or oversized length header, truncated record). */
export class RecordIoError extends Error {
  override readonly name = 'RecordIoError';
  constructor(readonly problem: string) {
    super(`RecordIO: ${problem}`);
  }
}

/** Internal: one problem at one field path, raised by the JSON form checker. */
export class FieldProblem extends Error {
  constructor(
    readonly field: string,
    readonly problem: string
  ) {
    super(`${field}: ${problem}`);
  }
}
