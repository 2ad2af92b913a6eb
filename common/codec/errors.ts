// A payload this process cannot decrypt: unknown key id, missing metadata, or failed authentication.
// The message names the key id (never key material) so an operator knows which key is missing.
export class CodecError extends Error {
  constructor(
    message: string,
    readonly keyId?: string
  ) {
    super(message);
    this.name = 'CodecError';
  }
}
