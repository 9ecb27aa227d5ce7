import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** `check`: validate the config, reach every HRIS, verify permissions and that the fields and goal plan exist. */
export const checkCommand = async (out: Output, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    // Each connector block is validated against its own schema when its session opens: only then is the config valid.
    ctx.engine.sessions();
    const n = ctx.loaded.config.connectors.length;
    out.line(`config ${ctx.loaded.path}: read (${n} connector${n === 1 ? '' : 's'}); checking it against the tenants`);
    const results = await ctx.engine.check();
    const failed = results.flatMap((r) => r.items.filter((i) => !i.ok).map((i) => `${r.connector}: ${i.name}`));
    const ok = failed.length === 0;
    if (out.json) out.data({ ok, config: ctx.loaded.path, connectors: results });
    else
      for (const r of results) {
        out.line(`${r.connector} (${r.type})`);
        for (const i of r.items) out.line(`  ${i.ok ? 'ok  ' : 'FAIL'} ${i.name}: ${i.detail}`);
      }
    // "valid" only when it is: the file parsing is not enough when a grade, a field or a policy name is wrong.
    if (ok) out.line(`\nconfig ${ctx.loaded.path}: valid; every check passed`);
    else {
      out.line(
        `\nconfig ${ctx.loaded.path}: not valid for these tenants; ${failed.length} check(s) failed: ` +
          `${failed.join('; ')}`,
      );
      out.line('See the connector pages under docs/connectors/ for what to create or grant.');
    }
    return ok ? 0 : 1;
  } finally {
    await ctx.engine.close();
  }
};
