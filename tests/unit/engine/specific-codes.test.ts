import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../../connectors/index.js';
import { config as configSchema } from '../../../schemas/index.js';
import { sandboxCommand } from '../../../src/cli/commands/sandbox.js';
import { createOutput } from '../../../src/cli/output.js';
import { createEngine } from '../../../src/engine/engine.js';
import { silentLogger } from '../../../src/logger.js';
import { baseConfigInput } from '../../helpers/config.js';

describe('specific codes instead of FF_INTERNAL', () => {
  it.each([
    ['random bytes', Buffer.from('this is not a database at all, just text that is long enough to be a header'.repeat(100))],
    ['a truncated SQLite header', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xff)])],
  ])('a state file of %s is FF_STATE_CORRUPT naming the file, before any HRIS request', async (_name, bytes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-corrupt-'));
    const state = join(dir, 'state.db');
    writeFileSync(state, bytes);
    const requests: string[] = [];
    const engine = createEngine({
      config: configSchema.parse({ ...baseConfigInput(), state }),
      configPath: join(dir, 'fluencyflow.yaml'),
      configDir: dir,
      registry: connectors,
      logger: silentLogger,
      http: { onRequest: (r) => void requests.push(r.route) },
      loadEvidence: async () => Promise.reject(new Error('not reached')),
    });
    await expect(engine.plan()).rejects.toMatchObject({ code: 'FF_STATE_CORRUPT', where: state, message: expect.stringContaining(state) });
    expect(requests).toEqual([]);
  });

  it('`sandbox --port N` with N taken is FF_PORT_IN_USE naming the port', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const a = taken.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    const out = createOutput({ json: true, verbose: false, stdout: new PassThrough(), stderr: new PassThrough() });
    await expect(sandboxCommand(out, 'bamboohr', { port: String(port), employees: '5' })).rejects.toMatchObject({
      code: 'FF_PORT_IN_USE',
      message: `port ${port} is in use by another process`,
    });
    await new Promise<void>((r) => taken.close(() => r()));
  });
});
