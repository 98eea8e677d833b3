/** Persistence of people and their organisations. */
import { asc, eq } from 'drizzle-orm';
import {
  INTERFACE_LOCALES,
  type InterfaceLocale,
  type Organisation,
  type OrganisationKind,
  type Role,
  type User,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { organisations, users } from '../../platform/database/schema/index.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

/** The API's view of a user: never the password hash. */
export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    organisationId: row.organisationId,
    locale: row.locale,
    disabled: row.disabledAt !== null,
    demo: row.demo,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The interface language the user chose themselves, or null when they never chose one. */
export function chosenLocale(row: UserRow): InterfaceLocale | null {
  if (row.localeChosenAt === null) return null;
  return (INTERFACE_LOCALES as readonly string[]).includes(row.locale)
    ? (row.locale as InterfaceLocale)
    : null;
}

export function presentOrganisation(row: OrganisationRow): Organisation {
  return { id: row.id, name: row.name, shortName: row.shortName, kind: row.kind, demo: row.demo };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly organisationId: string;
  readonly locale: string;
  readonly demo?: boolean;
}

export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ ...user, email: user.email.toLowerCase(), demo: user.demo ?? false })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setUserDisabled(db: Db, id: string, at: Date): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ disabledAt: at }).where(eq(users.id, id)).returning();
  return row;
}

/** Records the user's choice of interface language. */
export async function setUserLocale(
  db: Db,
  id: string,
  locale: InterfaceLocale,
  at: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ locale, localeChosenAt: at })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row;
}

export async function findOrganisationByShortName(
  db: Db,
  shortName: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.shortName, shortName))
    .limit(1);
  return row;
}

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(asc(organisations.kind), asc(organisations.name));
}

export interface NewOrganisation {
  readonly name: string;
  readonly shortName: string;
  readonly kind: OrganisationKind;
  readonly demo?: boolean;
}

export async function insertOrganisation(db: Db, org: NewOrganisation): Promise<OrganisationRow> {
  const [row] = await db
    .insert(organisations)
    .values({ ...org, demo: org.demo ?? false })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}
