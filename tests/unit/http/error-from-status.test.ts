import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  FluencyError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  RejectedError,
  ResponseShapeError,
} from '../../../src/errors.js';
import {
  errorFromStatus,
  errorOfKind,
  parseRetryAfter,
  registerSecret,
  transportError,
} from '../../../src/http/index.js';

const at = { connector: 'eu', where: 'PUT goals/{id}' };

describe('errorFromStatus: the one status ladder', () => {
  it.each([
    [400, RejectedError, 'FF_REJECTED'],
    [406, RejectedError, 'FF_REJECTED'],
    [409, RejectedError, 'FF_REJECTED'],
    [412, RejectedError, 'FF_REJECTED'],
    [413, RejectedError, 'FF_REJECTED'],
    [422, RejectedError, 'FF_REJECTED'],
    [401, AuthenticationError, 'FF_AUTH_FAILED'],
    [403, PermissionError, 'FF_FORBIDDEN'],
    [404, NotFoundError, 'FF_NOT_FOUND'],
    [410, NotFoundError, 'FF_NOT_FOUND'],
    [429, RateLimitError, 'FF_RATE_LIMITED'],
    [500, ProviderError, 'FF_PROVIDER_ERROR'],
    [502, ProviderError, 'FF_PROVIDER_ERROR'],
    [503, ProviderError, 'FF_PROVIDER_ERROR'],
    [504, ProviderError, 'FF_PROVIDER_ERROR'],
    [302, ResponseShapeError, 'FF_UNEXPECTED_RESPONSE'],
  ])('%i is a %s with %s, naming the connection and the operation', (status, cls, code) => {
    const err = errorFromStatus(status, { ...at, message: 'the HRIS said so', requestId: 'r-1' });
    expect(err).toBeInstanceOf(cls);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.connector).toBe('eu');
    expect(err.where).toBe('PUT goals/{id}');
    expect(err.requestId).toBe('r-1');
    expect(err.message).toMatch(new RegExp(`^PUT goals/\\{id\\}: .* \\(HTTP ${status}\\): the HRIS said so$`));
  });

  it('a 503 with Retry-After is throttling, in seconds or as an HTTP date; without it a server error', () => {
    const now = Date.parse('2027-03-01T12:00:00Z');
    const seconds = errorFromStatus(503, { ...at, retryAfterMs: parseRetryAfter('7', now) });
    expect(seconds).toBeInstanceOf(RateLimitError);
    expect(seconds.retryAfterMs).toBe(7000);
    const date = errorFromStatus(503, { ...at, retryAfterMs: parseRetryAfter('Mon, 01 Mar 2027 12:01:30 GMT', now) });
    expect(date).toBeInstanceOf(RateLimitError);
    expect(date.retryAfterMs).toBe(90_000);
    expect(errorFromStatus(503, { ...at, retryAfterMs: parseRetryAfter(undefined, now) })).toBeInstanceOf(
      ProviderError,
    );
  });

  it('a 429 carries the wait; other classes never do', () => {
    expect(errorFromStatus(429, { ...at, retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
    expect(errorFromStatus(429, at).retryAfterMs).toBeUndefined();
    expect(errorFromStatus(500, { ...at, retryAfterMs: 1500 }).retryAfterMs).toBeUndefined();
  });

  it('the field the provider blamed becomes `where`; the message keeps the operation', () => {
    const err = errorFromStatus(400, { ...at, message: 'bad value', field: '[3].eligible' });
    expect(err.where).toBe('[3].eligible');
    expect(err.message).toBe('PUT goals/{id}: rejected (HTTP 400): bad value');
  });

  it('the kind a provider decides wins over the status (a SOAP Validation_Fault comes as 500)', () => {
    const err = errorOfKind('rejected', 500, { ...at, message: 'Validation_Fault: Invalid ID value' });
    expect(err).toBeInstanceOf(RejectedError);
    expect(err.status).toBe(500);
  });

  it('masks a secret the provider echoed, and keeps a huge page short', () => {
    const secret = 'sk-error-factory-0123456789';
    registerSecret(secret);
    const err = errorFromStatus(401, { ...at, message: `Invalid key ${secret} ${'x'.repeat(10_000)}` });
    expect(`${JSON.stringify(err)} ${err.message}`).not.toContain(secret);
    expect(err.message.length).toBeLessThanOrEqual(2000);
  });
});

describe('transportError: no usable answer', () => {
  const config = { headers: new AxiosHeaders(), url: 'v1/employees/7' };

  it('a connection never made keeps its code for the retry decision', () => {
    const err = transportError(new AxiosError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', config), at);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err?.connector).toBe('eu');
    expect(err?.message).toBe('PUT goals/{id}: no answer (ECONNREFUSED)');
    expect(err?.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it("axios' own timeout is ETIMEDOUT", () => {
    const err = transportError(new AxiosError('timeout of 10ms exceeded', 'ECONNABORTED', config), at);
    expect(err?.cause).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('an answer that broke off after its status line is a network failure, whatever the status said', () => {
    const response = { status: 200, statusText: 'OK', headers: new AxiosHeaders(), config, data: undefined };
    const err = transportError(
      new AxiosError('stream has been aborted', 'ERR_BAD_RESPONSE', config, null, response),
      at,
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(err?.message).toContain('stream has been aborted');
  });

  it('leaves an answer with a failing status, and a failure that is not a call, to the translator', () => {
    const response = { status: 400, statusText: 'Bad Request', headers: new AxiosHeaders(), config, data: '' };
    expect(
      transportError(new AxiosError('Request failed', 'ERR_BAD_REQUEST', config, null, response), at),
    ).toBeUndefined();
    expect(transportError(new TypeError('x is undefined'), at)).toBeUndefined();
  });

  it('never carries the request: its headers hold the credentials', () => {
    const withAuth = { headers: new AxiosHeaders({ Authorization: 'Basic c2VjcmV0LWtleS0xMjM0NTY3ODk=' }), url: 'x' };
    const err = transportError(new AxiosError('socket hang up', 'ECONNRESET', withAuth), at);
    expect(err).toBeInstanceOf(FluencyError);
    expect(JSON.stringify({ err, cause: err?.cause })).not.toContain('c2VjcmV0');
  });
});
