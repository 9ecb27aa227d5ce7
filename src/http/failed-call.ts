/**
 * What a translator may read from a failed call (axios, or node-soap's axios underneath): the low-level code, the
 * message and the answer. Never the request: its headers and body hold the credentials.
 */
import { NetworkError } from '../errors.js';
import type { FailureAt } from './error-from-status.js';
import { knownSecrets, redactText } from './redact.js';

export interface FailedCall {
  /** The low-level code: ECONNREFUSED, ETIMEDOUT, ERR_BAD_RESPONSE... */
  code: string | undefined;
  message: string | undefined;
  /** Set by axios on every error it raises, with or without an answer. */
  fromHttpClient: boolean;
  /** Undefined when no answer came at all. */
  status: number | undefined;
  headers: unknown;
  data: unknown;
}

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? Reflect.get(o, key) : undefined;

export const readFailedCall = (e: unknown): FailedCall => {
  const code = field(e, 'code');
  const message = field(e, 'message');
  const response = field(e, 'response');
  const status = field(response, 'status');
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    fromHttpClient: field(e, 'isAxiosError') === true,
    status: typeof status === 'number' ? status : undefined,
    headers: field(response, 'headers'),
    data: field(response, 'data'),
  };
};

const NETWORK_CODE = /^(E[A-Z]+|ERR_)/;
const BROKEN_OFF = /aborted|socket hang up|ECONNRESET/i;

/**
 * A NetworkError when the call got no usable answer: no answer at all (refused, reset, timed out), or one that broke
 * off after its status line (whatever that status said). Undefined when there is an answer to translate.
 * The cause keeps only the code, which the retry decision reads (a connection never made may be retried, even a
 * create).
 */
export const transportError = (e: unknown, at: FailureAt): NetworkError | undefined => {
  const f = readFailedCall(e);
  const said = redactText(f.message ?? '', knownSecrets()).slice(0, 300);
  const cause = Object.assign(new Error(said), { code: f.code });
  if (f.status === undefined) {
    if (!f.fromHttpClient && !(f.code !== undefined && NETWORK_CODE.test(f.code))) return undefined;
    // axios names its own timeout ECONNABORTED; the retry decision knows it as ETIMEDOUT.
    const code = f.code === 'ECONNABORTED' ? 'ETIMEDOUT' : f.code;
    return new NetworkError(`${at.where}: no answer (${code ?? (said || 'connection failed')})`, {
      ...at,
      cause: Object.assign(cause, { code }),
    });
  }
  if (f.status < 400 && BROKEN_OFF.test(`${f.code ?? ''} ${f.message ?? ''}`))
    return new NetworkError(`${at.where}: the answer broke off (${said || 'aborted'})`, { ...at, cause });
  return undefined;
};
