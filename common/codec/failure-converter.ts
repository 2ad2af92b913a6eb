// Failure messages and stack traces moved into an encoded payload (so the codec encrypts them): history then
// shows "Encoded failure" to anyone without the key. Loaded by path (DataConverter.failureConverterPath), so
// the worker also bundles it into the workflow sandbox: keep this module free of Node APIs.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
