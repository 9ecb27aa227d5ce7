import { accessSync, constants } from 'node:fs';

/** Whether `path` is a file this process may run (how the PostgreSQL and browser tests find their programs). */
export const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
