/**
 * The demo's written assurance: Pakistan's officer signs the joint ceasefire commitment with a
 * key registered for Pakistan, so the commitment page shows an assurance whose signature the
 * browser checks for itself. The key pair is made here and its private half is dropped once the
 * statement is signed: nobody, the server included, can sign with it again.
 */
import crypto from 'node:crypto';
import { assuranceStatementText, type Actor } from '@truceline/domain';
import type { Services } from '../../composition-root.ts';

/** The commitment this assurance is given on, as the demo created it. */
interface DemoCommitment {
  readonly id: string;
  readonly text: string;
}

/** Registers a fresh Ed25519 key for the signer's party and submits a signed assurance with it. */
export async function loadDemoAssurance(
  services: Services,
  commitment: DemoCommitment,
  signer: Actor,
  registrar: Actor,
): Promise<void> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const key = await services.assurances.registerKey(
    {
      organisationId: signer.organisationId,
      name: '[Demo] Ministry of Foreign Affairs signing key',
      publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    },
    registrar,
  );
  const signedText = assuranceStatementText({
    commitmentId: commitment.id,
    text: commitment.text,
    statement:
      '[Demo] Pakistan gives its written assurance that it observes the ceasefire along the border.',
    signedAt: new Date().toISOString(),
  });
  const signature = crypto.sign(null, Buffer.from(signedText, 'utf8'), privateKey);
  await services.assurances.submit(
    {
      keyFingerprint: key.fingerprint,
      signedText,
      signature: signature.toString('base64'),
      commitmentId: commitment.id,
    },
    signer,
  );
}
