import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { toError as sfError } from '../../../connectors/successfactors/to-error.js';
import { toError as workdayError } from '../../../connectors/workday/to-error.js';

/**
 * An answer that breaks off half way (its status line said 200, then the connection dropped; found by the fault
 * matrix's `truncated` cells) is a transport failure: a read is sent again, a create's outcome is unknown. Both
 * connectors called it a rejection or a shape error, which stopped the plan on a read that one retry would have made.
 */
const aborted = () => {
  const config = { headers: new AxiosHeaders(), url: 'odata/v2/User' };
  return new AxiosError('stream has been aborted', 'ERR_BAD_RESPONSE', config, null, {
    status: 200,
    statusText: 'OK',
    headers: new AxiosHeaders({ 'Content-Type': 'application/json' }),
    config,
    data: undefined,
  });
};

describe('a truncated answer is a network failure', () => {
  it('SuccessFactors', () => {
    const e = sfError(aborted(), { connector: 'eu', where: 'GET User' });
    expect(e.code).toBe('FF_NETWORK');
    expect(e.message).toContain('stream has been aborted');
  });

  it('Workday', () => {
    const e = workdayError(aborted(), { connector: 'us', where: 'GET customObjects/{alias}/{ID}' });
    expect(e.code).toBe('FF_NETWORK');
  });
});
