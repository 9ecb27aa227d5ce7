import { z } from 'zod';
import { ResponseShapeError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';

/** The route a read is counted and reported under: `GET EmpJob`, `GET Goal_<plan>`. */
export const routeOf = (entitySet: string): string => `GET ${entitySet.replace(/_\d+$/, '_<plan>')}`;

/** An answer parsed by its schema; one that does not fit is FF_UNEXPECTED_RESPONSE naming the call (no raw dump). */
export const answer = <T extends z.ZodType>(http: HttpClient, schema: T, data: unknown, call: string): z.infer<T> => {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  const message = `SuccessFactors ${call}: the answer does not have the expected shape`;
  throw new ResponseShapeError(message, { connector: http.connector, where });
};

/** Rows of one entity set (as `readAll` returns them), each parsed by `row`; a misfit names the set's route. */
export const parsedRows = <T extends z.ZodType>(
  http: HttpClient,
  rows: unknown[],
  row: T,
  entitySet: string,
): z.infer<T>[] => answer(http, z.array(row), rows, routeOf(entitySet));
