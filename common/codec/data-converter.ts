// The DataConverter that client, worker and bridge share when keys are configured: the encryption codec on
// every payload, and failure messages encoded so they are encrypted too.
import type { DataConverter, PayloadCodec } from '@temporalio/common';

export const ENCODED_FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function encryptedDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH };
}
