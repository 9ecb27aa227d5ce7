export * from './settings.js';
export * from './retry-decision.js';
export * from './with-retry.js';
export * from './redact.js';
export * from './endpoint.js';
export * from './create-http-client.js';
export * from './run-guard.js';
export * from './adaptive-limiter.js';
