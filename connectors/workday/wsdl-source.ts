import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConnectorContext } from '../../src/connector.js';
import { createHttpClient } from '../../src/http/index.js';
import { ResponseShapeError } from '../../src/errors.js';
import type { WorkdayConfig, WorkdayService } from './config.js';
import type { Endpoints } from './endpoints.js';
import { toError } from './to-error.js';

/**
 * Where a service's WSDL comes from: a local file named in the config, or the tenant's own `?wsdl`, fetched once and
 * kept in the cache folder. Never a public site: the tenant's WSDL matches the tenant's version and custom setup.
 */
export const wsdlPathFor = async (
  config: WorkdayConfig,
  context: ConnectorContext,
  endpoints: Endpoints,
  service: WorkdayService,
): Promise<string> => {
  const local = config.wsdl[service];
  if (local !== undefined) return path.resolve(context.baseDir, local);
  const file = path.join(
    context.cacheDir,
    'workday',
    `${config.tenant}-${service}-${config.version}.wsdl`.replace(/[^A-Za-z0-9._-]/g, '_'),
  );
  try {
    await readFile(file, { encoding: 'utf8', flag: 'r' });
    return file;
  } catch {
    // not cached yet
  }
  const http = createHttpClient({
    connector: config.id,
    baseUrl: endpoints.origin,
    settings: context.http,
    translate: toError,
  });
  // https://community.workday.com/sites/default/files/file-hosting/productionapi/index.html (each service's WSDL at its
  // endpoint + ?wsdl)
  const res = await http.request({
    method: 'GET',
    url: `${endpoints.service(service)}?wsdl`,
    route: `GET ${service}?wsdl`,
    idempotent: true,
    responseType: 'text',
  });
  const body = typeof res.data === 'string' ? res.data : '';
  if (!body.includes('definitions') || /<!DOCTYPE/i.test(body))
    throw new ResponseShapeError(`${service}?wsdl did not return a WSDL`, {
      connector: config.id,
      where: `${service}?wsdl`,
    });
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, body, 'utf8');
  await rename(tmp, file);
  return file;
};
