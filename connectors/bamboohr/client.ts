/**
 * One function per BambooHR endpoint fluencyflow uses. Every call sends `Accept: application/json` (many
 * endpoints answer XML otherwise) and every response is parsed by its wire schema.
 */
import type { z } from 'zod';
import type { HttpClient, HttpRequest } from '../../src/http/index.js';
import {
  wireCanCreateGoals,
  wireFields,
  wireGoalAggregate,
  wireGoalList,
  wireGoalResponse,
  wireLists,
  wireReport,
  wireTableRowDelete,
  wireTableRows,
  wireTables,
  type WireGoal,
  type WireGoalAggregate,
} from './wire-schemas.js';
import { requestIdOf, toShapeError } from './to-error.js';

/** The body of a goal create or (full-replace) update. */
export interface GoalBody {
  title: string;
  description: string;
  dueDate: string;
  percentComplete: number;
  completionDate: string | null;
  sharedWithEmployeeIds: number[];
  alignsWithOptionId: string | number | null;
}

export interface WriteResult {
  requestId: string | undefined;
}

const enc = encodeURIComponent;

export const createBambooClient = (http: HttpClient, connector: string) => {
  const call = async <S extends z.ZodType>(
    req: HttpRequest,
    schema: S,
    what: string,
  ): Promise<{ data: z.infer<S>; requestId: string | undefined }> => {
    const res = await http.request(req);
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) throw toShapeError(connector, what, parsed.error.issues);
    return { data: parsed.data, requestId: requestIdOf(res.headers) };
  };
  const write = async (req: HttpRequest): Promise<WriteResult> => {
    const res = await http.request({ ...req, headers: { 'Content-Type': 'application/json', ...req.headers } });
    return { requestId: requestIdOf(res.headers) };
  };

  return {
    // https://documentation.bamboohr.com/reference/list-fields
    listFields: async () =>
      (
        await call(
          { method: 'GET', url: 'v1/meta/fields', route: 'GET meta/fields', idempotent: true },
          wireFields,
          'field list',
        )
      ).data,

    // https://documentation.bamboohr.com/reference/list-tabular-fields
    listTables: async () =>
      (
        await call(
          { method: 'GET', url: 'v1/meta/tables', route: 'GET meta/tables', idempotent: true },
          wireTables,
          'table list',
        )
      ).data,

    // https://documentation.bamboohr.com/reference/list-list-fields
    listLists: async () =>
      (
        await call(
          { method: 'GET', url: 'v1/meta/lists', route: 'GET meta/lists', idempotent: true },
          wireLists,
          'list fields',
        )
      ).data,

    /** All employees (Active and Inactive) with the given fields; unknown or unreadable fields are silently dropped. */
    // https://documentation.bamboohr.com/reference/request-custom-report
    customReport: async (fields: string[]) =>
      (
        await call(
          {
            method: 'POST',
            url: 'v1/reports/custom',
            route: 'POST reports/custom',
            // A read: sending it twice is harmless.
            idempotent: true,
            // The spec's enum is lower case (`json`); BambooHR itself takes either case.
            params: { format: 'json' },
            // Exactly this content type: with `; charset=UTF-8` BambooHR parses the body as XML and answers 400.
            headers: { 'Content-Type': 'application/json' },
            data: { title: 'fluencyflow', fields },
          },
          wireReport,
          'custom report',
        )
      ).data,

    /** Every row of one table for every employee the key can see (`all`). */
    // https://documentation.bamboohr.com/reference/get-employee-table-data
    tableRowsAll: async (table: string) =>
      (
        await call(
          {
            method: 'GET',
            url: `v1/employees/all/tables/${enc(table)}`,
            route: `GET tables/${table}`,
            idempotent: true,
          },
          wireTableRows,
          `${table} rows`,
        )
      ).data,

    /** The rows of one table for one employee. */
    // https://documentation.bamboohr.com/reference/get-employee-table-data
    tableRows: async (employeeId: string, table: string) =>
      (
        await call(
          {
            method: 'GET',
            url: `v1/employees/${enc(employeeId)}/tables/${enc(table)}`,
            route: `GET tables/${table}`,
            idempotent: true,
          },
          wireTableRows,
          `${table} rows`,
        )
      ).data,

    /** Goals of one employee in every status; capped at 50 by BambooHR. */
    // https://documentation.bamboohr.com/reference/list-goals
    listGoals: async (employeeId: string): Promise<WireGoal[]> =>
      (
        await call(
          {
            method: 'GET',
            url: `v1/performance/employees/${enc(employeeId)}/goals`,
            route: 'GET goals',
            idempotent: true,
            params: { filter: 'status-all' },
          },
          wireGoalList,
          'goal list',
        )
      ).data.goals,

    /** Goals of one status filter, uncapped, milestone goals included. */
    // https://documentation.bamboohr.com/reference/get-goals-aggregate-v12
    goalsAggregate: async (employeeId: string, filter: string): Promise<WireGoalAggregate> =>
      (
        await call(
          {
            method: 'GET',
            url: `v1_2/performance/employees/${enc(employeeId)}/goals/aggregate`,
            route: 'GET goals/aggregate',
            idempotent: true,
            params: { filter },
          },
          wireGoalAggregate,
          'goal aggregate',
        )
      ).data,

    // https://documentation.bamboohr.com/reference/get-goal-creation-permission
    canCreateGoals: async (employeeId: string) =>
      (
        await call(
          {
            method: 'GET',
            url: `v1/performance/employees/${enc(employeeId)}/goals/canCreateGoals`,
            route: 'GET goals/canCreateGoals',
            idempotent: true,
          },
          wireCanCreateGoals,
          'goal permission',
        )
      ).data.canCreateGoals,

    /** 201 with the new goal. Never resent after an ambiguous failure: a second POST makes a second goal. */
    // https://documentation.bamboohr.com/reference/create-goal
    createGoal: async (employeeId: string, body: GoalBody) => {
      const res = await call(
        {
          method: 'POST',
          url: `v1/performance/employees/${enc(employeeId)}/goals`,
          route: 'POST goals',
          idempotent: false,
          headers: { 'Content-Type': 'application/json' },
          data: body,
        },
        wireGoalResponse,
        'created goal',
      );
      return { goal: res.data.goal, requestId: res.requestId };
    },

    /** The v1.1 PUT replaces the whole goal: omitted optional fields are reset, so the body carries every field. */
    // https://documentation.bamboohr.com/reference/update-goal-v11
    updateGoal: async (employeeId: string, goalId: string, body: GoalBody) => {
      const res = await call(
        {
          method: 'PUT',
          url: `v1_1/performance/employees/${enc(employeeId)}/goals/${enc(goalId)}`,
          route: 'PUT goals',
          idempotent: true,
          headers: { 'Content-Type': 'application/json' },
          data: body,
        },
        wireGoalResponse,
        'updated goal',
      );
      return { goal: res.data.goal, requestId: res.requestId };
    },

    // https://documentation.bamboohr.com/reference/close-goal
    closeGoal: async (employeeId: string, goalId: string): Promise<WriteResult> =>
      write({
        method: 'POST',
        url: `v1/performance/employees/${enc(employeeId)}/goals/${enc(goalId)}/close`,
        route: 'POST goals/close',
        idempotent: true,
      }),

    // https://documentation.bamboohr.com/reference/reopen-goal
    reopenGoal: async (employeeId: string, goalId: string): Promise<WriteResult> =>
      write({
        method: 'POST',
        url: `v1/performance/employees/${enc(employeeId)}/goals/${enc(goalId)}/reopen`,
        route: 'POST goals/reopen',
        idempotent: false,
      }),

    /** 204. Only ever used on a goal this run created a moment before, when a concurrent run created the same one. */
    // https://documentation.bamboohr.com/reference/delete-goal
    deleteGoal: async (employeeId: string, goalId: string): Promise<WriteResult> =>
      write({
        method: 'DELETE',
        url: `v1/performance/employees/${enc(employeeId)}/goals/${enc(goalId)}`,
        route: 'DELETE goals',
        idempotent: true,
      }),

    /** `{success, error?}`: a refusal can come back as 200 with `success: false`. */
    // https://documentation.bamboohr.com/reference/delete-employee-table-row
    deleteTableRow: async (employeeId: string, table: string, rowId: string) => {
      const url = `v1/employees/${enc(employeeId)}/tables/${enc(table)}/${enc(rowId)}`;
      const req: HttpRequest = { method: 'DELETE', url, route: `DELETE tables/${table}`, idempotent: true };
      const res = await call(req, wireTableRowDelete, 'row delete');
      return { ...res.data, requestId: res.requestId };
    },

    /** Set-style field update; 200 with no body. */
    // https://documentation.bamboohr.com/reference/update-employee
    updateEmployee: async (employeeId: string, fields: Record<string, string>): Promise<WriteResult> =>
      write({
        method: 'POST',
        url: `v1/employees/${enc(employeeId)}`,
        route: 'POST employees',
        idempotent: true,
        data: fields,
      }),

    /** Appends a row; 200 with an empty body and no row id, so it is never resent blindly. */
    // https://documentation.bamboohr.com/reference/create-table-row
    createTableRow: async (employeeId: string, table: string, row: Record<string, string>): Promise<WriteResult> =>
      write({
        method: 'POST',
        url: `v1/employees/${enc(employeeId)}/tables/${enc(table)}`,
        route: `POST tables/${table}`,
        idempotent: false,
        data: row,
      }),
  };
};

export type BambooClient = ReturnType<typeof createBambooClient>;
