/** Truceline's domain: types, schemas, rules and maths, with no I/O, for Node and the browser. */
export * from './accounts/roles.ts';
export * from './policy/policy.ts';
export * from './errors/error-codes.ts';
export * from './api/accounts.schemas.ts';
export * from './api/agreements.schemas.ts';
export * from './record/log-entry.ts';
export * from './log/index.ts';
export * from './api/complaints.schemas.ts';
export * from './complaints/complaint-visibility.ts';
export * from './api/observations.schemas.ts';
export * from './complaints/violation-categories.ts';
export * from './complaints/complaint-workflow.ts';
export * from './geo/border-gazetteer.ts';
export * from './api/evidence.schemas.ts';
