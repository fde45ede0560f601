/**
 * An error the operator can act on: the CLI prints its message alone (no stack trace) and exits 1.
 * Every message names the input (file, option or output) and what is allowed.
 */
export class VpnClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VpnClientError';
  }
}
