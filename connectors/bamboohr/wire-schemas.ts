/**
 * zod schemas of the BambooHR payloads fluencyflow reads, checked against the official OpenAPI spec
 * (BambooHR/bhr-api-php specs/public.yaml). Every response is parsed here before it is used.
 */
import { z } from 'zod';

const idString = z.union([z.string(), z.number()]).transform((v) => String(v));

/** GET /v1/meta/fields (operationId list-fields). Sub-field ids are dotted strings, top-level ids integers. */
const wireField = z.looseObject({
  id: idString,
  name: z.string(),
  type: z.string(),
  alias: z.string().optional(),
  deprecated: z.boolean().optional(),
});
export type WireField = z.infer<typeof wireField>;
export const wireFields = z.array(wireField);

/** GET /v1/meta/tables (list-tabular-fields). */
const wireTable = z.looseObject({
  alias: z.string(),
  fields: z.array(z.looseObject({ id: idString, name: z.string(), alias: z.string().optional(), type: z.string() })),
});
export type WireTable = z.infer<typeof wireTable>;
export const wireTables = z.array(wireTable);

/** GET /v1/meta/lists (list-list-fields). `archived` is "yes" / "no". */
const wireList = z.looseObject({
  fieldId: idString,
  alias: z.string().optional(),
  name: z.string(),
  manageable: z.string().optional(),
  multiple: z.string().optional(),
  options: z.array(z.looseObject({ id: idString, name: z.string(), archived: z.string().optional() })).default([]),
});
export type WireList = z.infer<typeof wireList>;
export const wireLists = z.array(wireList);

/** A report cell: strings on the wire (`""` for empty), tolerated as numbers or null. */
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? '' : String(v)));

/** POST /v1/reports/custom?format=json (request-custom-report). `fields` lists what the report kept. */
export const wireReport = z.looseObject({
  title: z.string().optional(),
  fields: z.array(z.looseObject({ id: idString, type: z.string().optional(), name: z.string().optional() })),
  employees: z.array(z.record(z.string(), cell.optional())),
});

/** GET /v1/employees/{id|all}/tables/{table} (get-employee-table-data): rows in no particular order. */
const wireTableRow = z.looseObject({ id: idString.optional(), employeeId: idString });
export type WireTableRow = z.infer<typeof wireTableRow>;
export const wireTableRows = z.array(wireTableRow);

/** DELETE /v1/employees/{id}/tables/{table}/{rowId} (delete-employee-table-row). */
export const wireTableRowDelete = z.looseObject({ success: z.boolean(), error: z.string().optional() });

/** TransformedApiGoal. `description` is null on goals created without one (observed). */
export const wireGoal = z.looseObject({
  id: idString,
  title: z.string(),
  description: z.string().nullable().optional(),
  percentComplete: z.number().nullable().optional(),
  alignsWithOptionId: z.union([z.string(), z.number(), z.null()]).optional(),
  sharedWithEmployeeIds: z.array(z.union([z.number(), z.string()]).transform((v) => Number(v))).default([]),
  dueDate: z.string().nullable().optional(),
  completionDate: z.string().nullable().optional(),
  lastChangedDateTime: z.string().nullable().optional(),
  status: z.string(),
  milestones: z.array(z.unknown()).nullable().optional(),
});
export type WireGoal = z.infer<typeof wireGoal>;

/** GET /v1/performance/employees/{id}/goals (list-goals). */
export const wireGoalList = z.looseObject({ goals: z.array(wireGoal) });
/** 201/200 bodies of create, update, reopen. */
export const wireGoalResponse = z.looseObject({ goal: wireGoal });

/** GET /v1_2/performance/employees/{id}/goals/aggregate (get-goals-aggregate-v1.2). */
export const wireGoalAggregate = z.looseObject({
  filters: z
    .looseObject({ filters: z.array(z.looseObject({ id: z.string(), count: z.number().optional() })).default([]) })
    .optional(),
  selectedFilter: z.string().optional(),
  goals: z.array(wireGoal).default([]),
});
export type WireGoalAggregate = z.infer<typeof wireGoalAggregate>;

/** GET …/goals/canCreateGoals (get-goal-creation-permission). */
export const wireCanCreateGoals = z.looseObject({ canCreateGoals: z.boolean() });
