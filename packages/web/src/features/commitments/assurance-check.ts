/**
 * An assurance's signature checked in the browser with the domain's own rules over the browser's
 * Ed25519 verifier (@noble/curves): the key must be the one the assurance names (its fingerprint),
 * belong to the assurance's party, and the signature must cover exactly the signed text. Whether
 * the key was revoked before the submission is the log's time, which the server's verdict reports.
 */
import {
  keyFingerprint,
  parseEd25519PublicKey,
  verifyAssurance,
  type Assurance,
  type AssuranceInvalidReason,
  type PartyKey,
} from '@truceline/domain';
import { browserHasher, browserVerifier } from '../../platform/log-crypto.ts';

export type BrowserAssuranceCheck =
  | { readonly valid: true }
  | {
      readonly valid: false;
      readonly reasons: readonly (AssuranceInvalidReason | 'fingerprint_mismatch')[];
      readonly message: string | undefined;
    };

export function checkAssuranceInBrowser(
  assurance: Assurance,
  key: PartyKey,
  submittedAt: string,
): BrowserAssuranceCheck {
  const parsed = parseEd25519PublicKey(key.publicKey);
  if (!parsed.ok) {
    return {
      valid: false,
      reasons: [parsed.weak ? 'weak_key' : 'malformed_key'],
      message: parsed.message,
    };
  }
  const reasons: (AssuranceInvalidReason | 'fingerprint_mismatch')[] = [];
  if (keyFingerprint(browserHasher, parsed.value) !== assurance.keyFingerprint) {
    reasons.push('fingerprint_mismatch');
  }
  const verdict = verifyAssurance(
    browserVerifier,
    {
      signedText: assurance.signedText,
      signature: assurance.signature,
      organisationId: assurance.organisationId,
      submittedAt: new Date(submittedAt),
    },
    {
      publicKey: parsed.value,
      organisationId: key.organisationId,
      revokedAt: key.revokedAt === null ? null : new Date(key.revokedAt),
    },
  );
  reasons.push(...verdict.reasons);
  if (reasons.length === 0) return { valid: true };
  return {
    valid: false,
    reasons,
    message: verdict.signature.valid ? undefined : verdict.signature.message,
  };
}
