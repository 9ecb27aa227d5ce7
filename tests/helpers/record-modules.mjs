// Preloaded into a node process by tests (`node --import tsx --import <this file>`): registers a loader hook that
// appends the URL of every module loaded, one a line, to the file FF_TEST_MODULES names, before the module runs.
import { register } from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url, { data: { log: process.env.FF_TEST_MODULES } });
