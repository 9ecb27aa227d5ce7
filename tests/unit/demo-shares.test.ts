import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';

/** The demo's default `--employees`. */
const DEMO_EMPLOYEES = 2000;

describe("each connector's part of the demo", () => {
  it('every registered connector has its own connector id, email domain and employee ids', () => {
    const defs = Object.values(connectors);
    const ids = defs.map((d) => d.demo.id);
    const domains = defs.map((d) => d.demo.domain);
    expect(new Set(ids).size).toBe(defs.length);
    expect(new Set(domains).size).toBe(defs.length);
    // The orgs the demo seeds, as it seeds them: evidence is matched by employee id, so no id may repeat.
    const employeeIds = defs.flatMap((d, i) =>
      generateSyntheticOrg({
        asOf: '2027-06-30',
        employees: Math.max(10, Math.round(DEMO_EMPLOYEES * d.demo.share)),
        seed: i,
        emailDomain: d.demo.domain,
        firstId: d.demo.firstId,
        employeeNumbers: d.demo.employeeNumbers,
      }).employees.map((e) => e.id),
    );
    expect(new Set(employeeIds).size).toBe(employeeIds.length);
  });
});
