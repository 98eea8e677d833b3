/** The whole database schema: one definition, one migrations folder, for PGlite and PostgreSQL. */
export * from './accounts.schema.ts';
export * from './agreements.schema.ts';
export * from './log.schema.ts';
export * from './complaints.schema.ts';
export * from './evidence.schema.ts';
export * from './observations.schema.ts';
export * from './notifications.schema.ts';
export * from './commitments.schema.ts';
export * from './idempotency.schema.ts';
export * from './osint.schema.ts';
