import { resolve } from 'node:path';
import { importEvidenceFile } from '../../engine/evidence-adapter.js';
import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/**
 * `import <kind> <file>`: load evidence into the state store (streamed; bad rows reported by line; re-import
 * idempotent).
 */
export const importCommand = async (out: Output, kind: string, file: string, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const result = await importEvidenceFile({
      kind,
      file: resolve(file),
      store: ctx.engine.store(),
      config: ctx.loaded.config,
      configDir: ctx.loaded.dir,
    });
    if (out.json) out.data(result);
    else {
      out.line(
        `${file}: ${result.unchanged ? 'already imported, unchanged; ' : ''}${result.read} read, ` +
          `${result.loaded} loaded, ${result.badRows} bad row${result.badRows === 1 ? '' : 's'}.`,
      );
      if (result.verification !== undefined)
        out.line(
          `  verified at import: ${
            Object.entries(result.verification)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'nothing'
          }; ${result.requests ?? 0} documents fetched`,
        );
      for (const e of result.errors.slice(0, 20)) out.line(`  ${e.file}:${e.line}: ${e.message}`);
      if (result.badRows > result.errors.length || result.errors.length > 20)
        out.line(`  ... and ${result.badRows - Math.min(20, result.errors.length)} more`);
    }
    return 0;
  } finally {
    await ctx.engine.close();
  }
};
