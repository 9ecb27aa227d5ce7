import { ConfigError } from '../errors.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Checks an endpoint origin: https everywhere, http only on loopback (the sandboxes, a local test server).
 * Returns the URL with exactly one trailing slash.
 */
export const checkedBaseUrl = (raw: string, where: string): string => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e) {
    throw new ConfigError(`"${raw}" is not a URL`, { where, cause: e });
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    throw new ConfigError(`http:// is refused except on loopback; use https:// for ${url.hostname}`, { where });
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`unsupported protocol ${url.protocol}`, { where });
  if (url.username || url.password) throw new ConfigError('credentials must not be part of a URL', { where });
  return url.toString().replace(/\/*$/, '/');
};
