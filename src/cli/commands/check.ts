import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** `check`: validate the config, reach every HRIS, verify permissions and that the fields and goal plan exist. */
export const checkCommand = async (out: Output, opts: GlobalOptions): Promise<number> => {
  const ctx = openContext(out, opts);
  try {
    // Each connector block is validated against its own schema when its session opens: only then is the config valid.
    ctx.engine.sessions();
    out.line(`config ${ctx.loaded.path}: valid (${ctx.loaded.config.connectors.length} connector${ctx.loaded.config.connectors.length === 1 ? '' : 's'})`);
    const results = await ctx.engine.check();
    const ok = results.every((r) => r.items.every((i) => i.ok));
    if (out.json) out.data({ ok, config: ctx.loaded.path, connectors: results });
    else
      for (const r of results) {
        out.line(`${r.connector} (${r.type})`);
        for (const i of r.items) out.line(`  ${i.ok ? 'ok  ' : 'FAIL'} ${i.name}: ${i.detail}`);
      }
    if (!ok) out.line('\nSome checks failed: see the connector pages under docs/connectors/ for what to create or grant.');
    return ok ? 0 : 1;
  } finally {
    await ctx.engine.close();
  }
};
