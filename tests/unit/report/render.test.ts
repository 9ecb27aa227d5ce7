import { describe, expect, it } from 'vitest';
import { buildMetrics } from '../../../src/report/build-metrics.js';
import { renderDashboard } from '../../../src/report/render/dashboard-page.js';
import { tableCsv } from '../../../src/report/write-report.js';
import { input, ORG } from './org-fixture.js';

const HOSTILE = '<script>alert(1)</script> & "R&D"';
const evaluations = ORG.map((e) => (e.department === 'Finance' ? { ...e, department: HOSTILE } : e));
const metrics = buildMetrics(input({ evaluations, organization: 'Acme <b>' }));
const html = renderDashboard(metrics);

describe('dashboard page', () => {
  it('escapes every text, in tables and in the SVG charts', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;R&amp;D&quot;');
    expect(html).toContain('Acme &lt;b&gt;');
  });

  it('is self-contained: no scripts, no external resources, a CSP that forbids loading any', () => {
    // url(#id) is a clip path inside the same SVG; any other url( would be a fetch.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)|src=/i);
    const clipIds = (html.match(/clip-path="url\(#([^)]+)\)"/g) ?? []).map((m) => m.slice(16, -2));
    for (const id of clipIds) expect(html).toContain(`id="${id}"`);
    // Several SVGs share one document: their clip-path ids must not collide.
    const defined = html.match(/<clipPath id="[^"]+"/g) ?? [];
    expect(defined.length).toBeGreaterThan(0);
    expect(new Set(defined).size).toBe(defined.length);
    // The only URLs are SVG namespace names, which are never fetched.
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('shows both thresholds with value, target and a print stylesheet', () => {
    expect(html).toContain(
      '<span class="value" data-value="0.85">85.0%</span><span class="target">target 100.0%</span>',
    );
    expect(html).toContain('<span class="value" data-value="0.7">70.0%</span><span class="target">target 80.0%</span>');
    expect(html).toContain('@media print');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(8);
  });

  it('writes a table as CSV with the raw numbers, the pooled row marked', () => {
    const t = metrics.tables.find((x) => x.id === 'level-by-grade');
    if (!t) throw new Error('no table');
    const lines = tableCsv(t).split('\r\n');
    expect(lines[0]).toBe(
      'Grade,Groups pooled,Employees,No level,No level %,Foundational,Foundational ' +
        '%,Practitioner,Practitioner %,Expert,Expert %',
    );
    expect(lines[3]).toBe('Other (2 groups),2,6,2,0.3333,2,0.3333,1,0.1667,1,0.1667');
  });
});
