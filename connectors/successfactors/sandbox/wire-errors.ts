import { SandboxError } from '../../../src/connector-kit/sandbox-kit.js';

/** The error bodies a SuccessFactors tenant answers with (research notes, "Error payload"). */
export class WireError extends SandboxError {
  constructor(
    status: number,
    readonly code: string | null,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(status, message, headers);
  }

  /** OData errors: `{"error":{"code","message":{"lang","value"}}}`; the OAuth endpoints: `{"message": "..."}`. */
  body(): unknown {
    return this.code === null
      ? { message: this.message }
      : { error: { code: this.code, message: { lang: 'en-US', value: this.message } } };
  }
}

export const entityNotFound = (name: string) =>
  new WireError(404, 'COE_ENTITY_NOT_FOUND', `[COE0007]invalid entity (or function) name: ${name}`);
export const badProperty = (expr: string, why: string) =>
  new WireError(400, 'COE_BAD_PROPERTY_EXPRESSION', `[COE0003]Bad property expression: ${expr}; ${why}`);
export const propertyNotFound = (entity: string, names: readonly string[]) =>
  new WireError(400, 'COE_PROPERTY_NOT_FOUND', `[COE0021]Invalid property names: ${entity}/${names.join(',')}`);
export const badRequest = (message: string) => new WireError(400, 'COE_GENERAL_BAD_REQUEST', message);
export const unauthorized = (message: string) => new WireError(401, 'LGN0022', message);
export const oauthError = (status: number, message: string) => new WireError(status, null, message);
