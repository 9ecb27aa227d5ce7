import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** `discover`: the grades, goal plans and categories, and custom fields found in each HRIS. */
export const discoverCommand = async (out: Output, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const results = await ctx.engine.discover();
    if (out.json) {
      out.data(results);
      return 0;
    }
    for (const r of results) {
      const d = r.discovery;
      out.line(`${r.connector} (${r.type})`);
      out.line(
        `  grades${d.gradesOrdered ? ' (ordered by the HRIS)' : ''}: ` +
          `${d.grades.map((g) => g.id).join(', ') || '(none found)'}`,
      );
      out.line(`  goal plans: ${d.goalPlans.map((g) => `${g.id} ${g.name}`).join('; ') || '(none)'}`);
      out.line(`  goal categories: ${d.goalCategories.map((g) => g.name).join(', ') || '(none)'}`);
      out.line(`  custom fields (${d.customFields.length}):`);
      for (const f of d.customFields.slice(0, 40))
        out.line(`    ${f.id}  ${f.name}  [${f.type}]${f.note ? `  ${f.note}` : ''}`);
      out.line('  values written:');
      for (const v of d.values) {
        const how =
          v.source === 'config'
            ? `set by ${v.configPath}`
            : v.source === 'tenant'
              ? `chosen by meaning from ${v.from}`
              : `not checked: ${v.from} cannot be read`;
        out.line(
          `    ${v.list} ${v.meaning.padEnd(12)} -> ` +
            `"${v.value}"${v.label && v.label !== v.value ? ` (${v.label})` : ''}  ${how}`,
        );
      }
    }
    return 0;
  } finally {
    await ctx.engine.close();
  }
};
