import { timingSafeEqual } from 'node:crypto';
import { child, type XmlNode } from './xml-read.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

export interface SandboxCredentials {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Checks the WS-Security UsernameToken (PasswordText, `user@tenant`) in the SOAP header. */
export const checkUsernameToken = (envelope: XmlNode, creds: SandboxCredentials): boolean => {
  const security = child(child(envelope, 'Header'), 'Security');
  if (!security || security.ns !== WSSE) return false;
  const token = child(security, 'UsernameToken');
  const user = child(token, 'Username');
  const pass = child(token, 'Password');
  if (!user || !pass) return false;
  const type = pass.attrs.find((a) => a.local === 'Type')?.value;
  if (type !== undefined && type !== PASSWORD_TEXT) return false;
  return same(user.text.trim(), creds.username) && same(pass.text, creds.password);
};
