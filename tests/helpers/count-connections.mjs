// Preloaded into a CLI process by tests/e2e/endpoints-contacted.test.ts (`node --import`): records every outbound
// connection attempt (host:port, or the IPC path) in the file FF_TEST_CONNECTIONS names, one a line, before the
// attempt is made. net, http, https, tls and fetch all connect through net.Socket.prototype.connect.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const out = process.env.FF_TEST_CONNECTIONS;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const second = Array.isArray(args[0]) ? args[0][1] : args[1];
  let where;
  if (typeof first === 'object' && first !== null)
    where = first.path ? `ipc:${first.path}` : `${first.host ?? 'localhost'}:${first.port}`;
  else if (typeof first === 'number' || /^\d+$/.test(String(first)))
    where = `${typeof second === 'string' ? second : 'localhost'}:${first}`;
  else where = `ipc:${String(first)}`;
  if (out) appendFileSync(out, `${where}\n`);
  return connect.apply(this, args);
};
