/** The whole database schema: one definition, one migrations folder, for PGlite and PostgreSQL. */
export * from './accounts.schema.ts';
export * from './agreements.schema.ts';
export * from './log.schema.ts';
