/** The witness registry and the cosignatures witnesses post. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/database/database.ts';
import { logCosignatures, logWitnesses } from '../../platform/database/schema/index.ts';

export type WitnessRow = typeof logWitnesses.$inferSelect;

/** Every registered witness, by name. */
export async function listWitnesses(db: Db): Promise<WitnessRow[]> {
  return db.select().from(logWitnesses).orderBy(asc(logWitnesses.name));
}

export async function findWitness(db: Db, name: string): Promise<WitnessRow | undefined> {
  const [row] = await db.select().from(logWitnesses).where(eq(logWitnesses.name, name)).limit(1);
  return row;
}

export async function findWitnessByKey(
  db: Db,
  verifierKey: string,
): Promise<WitnessRow | undefined> {
  const [row] = await db
    .select()
    .from(logWitnesses)
    .where(eq(logWitnesses.verifierKey, verifierKey))
    .limit(1);
  return row;
}

export async function insertWitness(
  tx: Db,
  witness: {
    name: string;
    verifierKey: string;
    organisationId: string | null;
    required: boolean;
  },
): Promise<WitnessRow> {
  const [row] = await tx.insert(logWitnesses).values(witness).returning();
  if (!row) throw new Error('inserting the witness returned no row');
  return row;
}

/**
 * Stores a witness's cosignature line for the checkpoint of `size`. Idempotent: a witness has one
 * line per checkpoint, and posting again replaces it (a later timestamp, or the same line).
 */
export async function upsertCosignature(
  tx: Db,
  cosignature: { size: number; witness: string; signatureLine: string },
): Promise<void> {
  await tx
    .insert(logCosignatures)
    .values(cosignature)
    .onConflictDoUpdate({
      target: [logCosignatures.size, logCosignatures.witness],
      set: { signatureLine: sql`excluded.signature_line` },
    });
}
