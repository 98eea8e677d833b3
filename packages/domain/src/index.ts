/** Truceline's domain: types, schemas, rules and maths, with no I/O, for Node and the browser. */
export * from './accounts/roles.ts';
export * from './policy/policy.ts';
export * from './errors/error-codes.ts';
export * from './api/accounts.schemas.ts';
export * from './api/agreements.schemas.ts';
export * from './record/log-entry.ts';
export * from './log/index.ts';
