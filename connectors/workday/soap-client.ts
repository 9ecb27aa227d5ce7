import type { Client } from 'soap';
import type { ConnectorContext } from '../../src/connector.js';
import { withRetry } from '../../src/http/index.js';
import { FluencyError, ResponseShapeError } from '../../src/errors.js';
import type { Credentials } from './auth.js';
import type { WorkdayConfig, WorkdayService } from './config.js';
import type { Endpoints } from './endpoints.js';
import type { ServerTime } from './server-time.js';
import { toError } from './to-error.js';
import { wsdlPathFor } from './wsdl-source.js';

export interface SoapCaller {
  /** Sends one operation; `idempotent: false` for creates (never resent after an ambiguous failure). */
  call(service: WorkdayService, operation: string, args: object, options: { idempotent: boolean }): Promise<unknown>;
  /** Whether the service's WSDL (tenant's or local) describes the operation. */
  hasOperation(service: WorkdayService, operation: string): Promise<boolean>;
}

// Dates stay the strings Workday wrote: turning `2027-03-01-08:00` into a JS Date would move it to another day.
const keepText = (text: string) => text;

export const createSoapCaller = (
  config: WorkdayConfig,
  context: ConnectorContext,
  endpoints: Endpoints,
  credentials: Credentials,
  serverTime?: ServerTime,
): SoapCaller => {
  const clients = new Map<WorkdayService, Promise<Client>>();

  const clientFor = (service: WorkdayService): Promise<Client> => {
    let c = clients.get(service);
    if (!c) {
      c = (async () => {
        const wsdl = await wsdlPathFor(config, context, endpoints, service);
        // node-soap loads with the first SOAP call, not with the connector (docs/performance.md).
        const { createClientAsync } = await import('soap');
        const client = await createClientAsync(wsdl, {
          endpoint: endpoints.service(service),
          customDeserializer: { date: keepText, dateTime: keepText, time: keepText },
        });
        // Every answer's `Date` header, and when its request left, date reads (server-time.ts).
        client.on('request', (_xml: unknown, exchange: string) => serverTime?.sending(exchange));
        client.on('response', (_body: unknown, response: unknown, exchange: string) =>
          serverTime?.seen(response, exchange),
        );
        const security = await credentials.wsSecurity();
        if (security) client.setSecurity(security);
        return client;
      })();
      c.catch(() => clients.delete(service));
      clients.set(service, c);
    }
    return c;
  };

  const once = async (client: Client, operation: string, args: object): Promise<unknown> => {
    const { guard } = context.http;
    // Refused before anything is sent once the run's deadline passed or this connector's circuit is open.
    guard?.assertMaySend(config.id);
    context.http.onRequest?.({ connector: config.id, method: 'POST', route: operation });
    const fn: unknown = client[`${operation}Async`];
    if (typeof fn !== 'function')
      throw new ResponseShapeError(`the WSDL has no operation ${operation}`, {
        connector: config.id,
        where: operation,
      });
    const headers = await credentials.soapHeaders();
    // No call outlives the run's deadline.
    const remaining = guard?.remainingMs();
    const { timeoutMs } = context.http;
    const timeout = remaining === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, remaining));
    try {
      const out: unknown = await fn.call(client, args, { timeout }, headers);
      guard?.record(config.id, false);
      return Array.isArray(out) ? out[0] : out;
    } catch (e) {
      const err = toError(e, { connector: config.id, where: operation });
      // Any answer (a fault, a status) shows Workday alive; timeouts and dropped connections count towards the breaker.
      guard?.record(config.id, err.code === 'FF_NETWORK');
      throw err;
    }
  };

  return {
    async hasOperation(service, operation) {
      const client = await clientFor(service);
      return typeof client[`${operation}Async`] === 'function';
    },
    async call(service, operation, args, options) {
      const client = await clientFor(service);
      let refreshed = false;
      return withRetry(
        async () => {
          try {
            return await once(client, operation, args);
          } catch (e) {
            // One fresh token on 401 (an expired bearer), whatever the idempotency: the call was refused.
            if (
              e instanceof FluencyError &&
              e.code === 'FF_AUTH_FAILED' &&
              e.status === 401 &&
              !refreshed &&
              (await credentials.invalidate())
            ) {
              refreshed = true;
              return once(client, operation, args);
            }
            throw e;
          }
        },
        { idempotent: options.idempotent, settings: context.http },
      );
    },
  };
};
