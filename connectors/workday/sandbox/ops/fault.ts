import type { SchemaError } from '../validate.js';

/** Thrown by an operation handler; the server turns it into Workday's fault envelope. */
export class OpFault extends Error {
  constructor(
    readonly kind: 'validation' | 'processing',
    readonly errors: SchemaError[],
  ) {
    super(errors[0]?.message ?? kind);
  }
}

export const invalid = (message: string, xpath: string): OpFault => new OpFault('validation', [{ message, xpath }]);
