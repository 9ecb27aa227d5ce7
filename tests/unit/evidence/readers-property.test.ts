import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIdentityIndex, readBadges, UNMATCHED } from '../../../src/evidence/index.js';
import { isDirectoryDoc } from '../../../src/evidence/readers/export-directory.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

const local = fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/);
const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.(com|org|example)$/);
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);

describe('hashed recipients (property-based)', () => {
  it('matches md5$ and sha256$ hashes of the work e-mail, salted or not, in any case of hex and address', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(address, { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.option(fc.string({ maxLength: 12 }), { nil: null }),
        fc.constantFrom('md5', 'sha256'),
        fc.boolean(),
        fc.boolean(),
        (emails, pick, salt, alg, upperHex, prefixed) => {
          const people = emails.map((email, i) => ({
            connector: 'hr',
            id: String(i),
            employeeNumber: null,
            email: i % 2 === 0 ? email.toUpperCase() : email,
          }));
          const index = buildIdentityIndex(people);
          const i = pick % emails.length;
          const hex = createHash(alg)
            .update((emails[i] ?? '') + (salt ?? ''))
            .digest('hex');
          const identity = `${prefixed ? `${alg}$` : ''}${upperHex ? hex.toUpperCase() : hex}`;
          expect(index.resolveHash(identity, salt)).toBe(i);
          // Another salt, or the hash of an address nobody has, matches nobody.
          expect(index.resolveHash(identity, `${salt ?? ''}x`)).toBe(UNMATCHED);
          const stranger = createHash(alg)
            .update(`zz${emails[i] ?? ''}${salt ?? ''}`)
            .digest('hex');
          expect(index.resolveHash(`${alg}$${stranger}`, salt)).toBe(UNMATCHED);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Lines a broken or hostile export might hold: JSON of any shape, near-miss credentials, cut compact forms. */
const badLine = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }).filter((s) => !s.includes('\n')),
  fc
    .record({
      type: fc.constantFrom('Assertion', ['VerifiableCredential', 'OpenBadgeCredential']),
      recipient: fc.anything({ maxDepth: 2 }),
      credentialSubject: fc.anything({ maxDepth: 2 }),
      badge: fc.anything({ maxDepth: 1 }),
      issuedOn: fc.string(),
    })
    .map((o) => JSON.stringify(o)),
  fc
    .tuple(fc.base64String({ maxLength: 24 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 16 }))
    .map(([a, b, c]) => `${a}.${b}.${c}`.replace(/[+/=]/g, '_')),
);

describe('badge readers against malformed input (property-based)', () => {
  it('never throws, and reports every line that is not a credential with its file and line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(badLine, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('ndjson', 'jwt', 'jws'),
        async (lines, ext) => {
          const { dir, write } = newDir();
          const name = `export/batch.${ext}`;
          write(name, lines.join('\n'));
          const items = await collect(readBadges(`${dir}/export`, { file: 'export' }));
          const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
          const records = items.flatMap((i) => ('record' in i ? [i.record] : []));
          for (const e of errors) {
            expect(e.file).toBe(`export/batch.${ext}`);
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(Math.max(1, lines.length));
            expect(e.message.length).toBeGreaterThan(0);
          }
          for (const r of records) expect(r.source).toMatch(new RegExp(`^export/batch\\.${ext}:\\d+$`));
          // One JSON document of the whole file is read as one document; otherwise each non-empty line is accounted
          // for.
          const whole = (() => {
            try {
              JSON.parse(lines.join('\n'));
              return true;
            } catch {
              return false;
            }
          })();
          if (!whole) {
            const nonEmpty = lines.filter((l) => l.trim() !== '');
            const directory = nonEmpty.filter((l) => {
              try {
                return isDirectoryDoc(JSON.parse(l));
              } catch {
                return false;
              }
            }).length;
            expect(errors.length + records.length + directory).toBe(nonEmpty.length);
            const placed = new Set([
              ...errors.map((e) => e.line),
              ...records.map((r) => Number(r.source.split(':').pop())),
            ]);
            expect(placed.size).toBe(errors.length + records.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
