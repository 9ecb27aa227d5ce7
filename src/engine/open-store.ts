import type { DateTime } from 'luxon';
import { StateCorruptError, systemCodeOf } from '../errors.js';
import type { Migration } from '../state/migrations.js';
import { StateStore } from '../state/state-store.js';
import type { StoreTarget } from '../state/store.js';

/** Opens (and migrates) the state store; a file that is not one, or a damaged one, is FF_STATE_CORRUPT naming it. */
export const openStore = (target: StoreTarget, now: () => DateTime, migrations: readonly Migration[]): StateStore => {
  const path = typeof target === 'string' ? target : target.url;
  try {
    return new StateStore(target, () => now().toUTC().toISO() ?? '', migrations);
  } catch (e) {
    const code = systemCodeOf(e);
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw e;
    throw new StateCorruptError(`the state store ${path} is not a fluencyflow state store or is damaged (${code})`, {
      where: path,
      cause: e,
    });
  }
};
