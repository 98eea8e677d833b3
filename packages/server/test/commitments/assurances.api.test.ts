/**
 * Party keys and written assurances through the HTTP API, on PGlite and PostgreSQL: keys
 * registered (raw or PEM) and revoked; assurances verified before they are stored, and refused
 * with the field named and nothing stored when the key, the signature or the text is wrong; a key
 * revoked later keeps what it signed before (the log proves when); visibility.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  assuranceStatementText,
  type Assurance,
  type AssurancePage,
  type AssuranceVerification,
  type Commitment,
  type PartyKey,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import { assurances } from '../../src/platform/database/schema/index.ts';
import {
  allRowCounts,
  call,
  commitmentBody,
  demoRounds,
  getCommitment,
  newKey,
  type Key,
} from './commitments-support.ts';

const ZERO_ID = '00000000-0000-4000-8000-000000000000';

for (const backend of await backends()) {
  describe(`party keys and assurances (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let before: Record<string, number>;
    /** Pakistan's registered keys, and Afghanistan's. */
    let pk: Key;
    let pk2: Key;
    let af: Key;
    let pkCommitment: Commitment;
    let afCommitment: Commitment;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      const [doha] = await demoRounds(t.database);
      const commit = async (overrides: Record<string, unknown>) => {
        const res = await call<Commitment>(
          t.app,
          w.as.tr,
          'POST',
          '/api/v1/commitments',
          commitmentBody(w, doha!, overrides),
        );
        expect(res.status).toBe(201);
        return res.json;
      };
      pkCommitment = await commit({
        partyOrganisationId: w.org.PAK.id,
        title: 'Torkham reopened to trade',
        text: 'Pakistan reopens Torkham to trade once the conditions are met.',
      });
      afCommitment = await commit({});
      pk = newKey();
      pk2 = newKey();
      af = newKey();
      expect((await register(w.as.admin, w.org.PAK.id, pk.raw)).status).toBe(201);
      expect((await register(w.as.tr, w.org.PAK.id, pk2.pem)).status).toBe(201);
      expect((await register(w.as.admin, w.org.AFG.id, af.raw)).status).toBe(201);
    });
    afterAll(async () => t.close());
    beforeEach(async () => {
      before = await allRowCounts(t.database);
    });
    const expectNothingStored = async () => expect(await allRowCounts(t.database)).toEqual(before);

    function register(as: SignedIn, organisationId: string, publicKey: string, name = 'MoFA') {
      return call<PartyKey>(t.app, as, 'POST', '/api/v1/party-keys', {
        organisationId,
        name,
        publicKey,
      });
    }
    const submit = (body: Record<string, unknown>, as: SignedIn = w.as.pk) =>
      call<Assurance>(t.app, as, 'POST', '/api/v1/assurances', body);
    const signed = (key: Key, text: string, extra: Record<string, unknown> = {}) => ({
      keyFingerprint: key.fingerprint,
      signedText: text,
      signature: key.sign(text),
      ...extra,
    });
    const statementOn = (c: Commitment, statement = 'Islamabad gives its word.') =>
      assuranceStatementText({
        commitmentId: c.id,
        text: c.text,
        statement,
        signedAt: t.clock.now.toISOString(),
      });
    const verification = (id: string, as: SignedIn | null = null) =>
      call<AssuranceVerification>(t.app, as, 'GET', `/api/v1/assurances/${id}/verification`);
    const keyId = async (fingerprint: string) => {
      const keys = await call<{ items: PartyKey[] }>(t.app, null, 'GET', '/api/v1/party-keys');
      return keys.json.items.find((k) => k.fingerprint === fingerprint)!.id;
    };

    it('keys are registered raw or as PEM, named by fingerprint, public to read and logged', async () => {
      const keys = await call<{ items: PartyKey[] }>(t.app, null, 'GET', '/api/v1/party-keys');
      expect(keys.status).toBe(200);
      const byFingerprint = new Map(keys.json.items.map((k) => [k.fingerprint, k]));
      expect(byFingerprint.get(pk.fingerprint)).toMatchObject({
        organisationId: w.org.PAK.id,
        publicKey: pk.raw,
        revokedAt: null,
      });
      // A PEM is stored as its raw key, under the same kind of fingerprint.
      expect(byFingerprint.get(pk2.fingerprint)?.publicKey).toBe(pk2.raw);
      const pakOnly = await call<{ items: PartyKey[] }>(
        t.app,
        null,
        'GET',
        `/api/v1/party-keys?organisation=${w.org.PAK.id}`,
      );
      expect(pakOnly.json.items.map((k) => k.fingerprint).sort()).toEqual(
        [pk.fingerprint, pk2.fingerprint].sort(),
      );
      await t.services.sequencer.integrate();
      const entries = await call<{ items: { action: string }[] }>(
        t.app,
        null,
        'GET',
        `/api/v1/log/records/party_key/${byFingerprint.get(pk.fingerprint)!.id}`,
      );
      expect(entries.json.items.map((e) => e.action)).toEqual(['party_key.register']);
    });

    it('refuses malformed, weak, duplicate and misplaced keys, and stores nothing', async () => {
      const raw = Buffer.from(pk.raw, 'base64');
      const bad = [
        'not a key',
        raw.subarray(0, 31).toString('base64'),
        Buffer.concat([raw, Buffer.of(0)]).toString('base64'),
        pk.privatePem,
        pk.pem.replace('PUBLIC KEY-----\n', 'PUBLIC KEY-----\n!'),
        Buffer.alloc(32).toString('base64'),
        `01${'00'.repeat(31)}`,
      ];
      for (const publicKey of bad) {
        const res = await register(w.as.admin, w.org.PAK.id, publicKey);
        expect(res.status, publicKey).toBe(400);
        expect(res.json.errors?.map((e) => e.field)).toEqual(['body.publicKey']);
      }
      const mediatorOrg = await register(w.as.admin, w.org.TUR.id, newKey().raw);
      expect(mediatorOrg.json.errors?.map((e) => e.field)).toEqual(['body.organisationId']);
      const unknownOrg = await register(w.as.admin, ZERO_ID, newKey().raw);
      expect(unknownOrg.json.errors?.map((e) => e.field)).toEqual(['body.organisationId']);
      // The same key again, even as PEM and for another party, is a conflict.
      const again = await register(w.as.tr, w.org.AFG.id, pk.pem);
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ code: 'conflict' });
      expect(again.json.errors?.[0]?.field).toBe('body.publicKey');
      expect((await register(w.as.pk, w.org.PAK.id, newKey().raw)).status).toBe(403);
      await expectNothingStored();
    });

    it('stores an assurance only after verifying it; a commitment shows its assurances', async () => {
      const text = 'Pakistan will not target civilian areas in Paktika.';
      const plain = await submit(signed(pk, text));
      expect(plain.status, JSON.stringify(plain.json)).toBe(201);
      expect(plain.json).toMatchObject({
        organisationId: w.org.PAK.id,
        keyFingerprint: pk.fingerprint,
        commitmentId: null,
        signedText: text,
        signature: pk.sign(text),
        submittedBy: w.as.pk.userId,
        visibility: 'joint',
      });
      expect(
        (await call(t.app, w.as.af, 'GET', `/api/v1/assurances/${plain.json.id}`)).status,
      ).toBe(200);
      expect((await call(t.app, null, 'GET', `/api/v1/assurances/${plain.json.id}`)).status).toBe(
        404,
      );

      // An assurance on a commitment signs the canonical statement and is seen as the commitment.
      const onCommitment = await submit(
        signed(pk2, statementOn(pkCommitment), { commitmentId: pkCommitment.id }),
      );
      expect(onCommitment.status, JSON.stringify(onCommitment.json)).toBe(201);
      expect(onCommitment.json).toMatchObject({
        commitmentId: pkCommitment.id,
        visibility: 'public',
      });
      const detail = (await getCommitment(t.app, null, pkCommitment.id)).json;
      expect(detail.assurances).toEqual([onCommitment.json]);
      const listed = await call<AssurancePage>(
        t.app,
        null,
        'GET',
        `/api/v1/assurances?commitment=${pkCommitment.id}`,
      );
      expect(listed.json.items).toEqual([onCommitment.json]);

      await t.services.sequencer.integrate();
      const verdict = await verification(onCommitment.json.id);
      expect(verdict.status).toBe(200);
      expect(verdict.json).toMatchObject({
        assuranceId: onCommitment.json.id,
        verdict: 'valid',
        reasons: [],
        signatureValid: true,
        revokedBeforeSubmission: false,
        submittedAt: onCommitment.json.submittedAt,
        key: { fingerprint: pk2.fingerprint, revokedAt: null },
        logEntry: { index: expect.any(Number), matchesRecord: true },
        revocationLogEntry: null,
      });
      const entries = await call<{ items: { index: number; action: string }[] }>(
        t.app,
        null,
        'GET',
        `/api/v1/log/records/assurance/${onCommitment.json.id}`,
      );
      expect(entries.json.items).toEqual([
        expect.objectContaining({
          index: verdict.json.logEntry!.index,
          action: 'assurance.submit',
        }),
      ]);
      expect((await verification(plain.json.id)).status).toBe(404);
      expect((await verification(plain.json.id, w.as.af)).json.verdict).toBe('valid');
    });

    it('refuses wrong signatures, wrong keys and bad statements, naming the field; nothing stored', async () => {
      const text = 'Pakistan will hand over the two detained traders at Chaman.';
      const cases: [string, Record<string, unknown>, string, SignedIn?][] = [
        ['changed text', signed(pk, text, { signedText: `${text}!` }), 'body.signature'],
        [
          'one character changed',
          signed(pk, text, { signedText: text.replace('two', 'tWo') }),
          'body.signature',
        ],
        ['wrong key', signed(pk2, text, { keyFingerprint: pk.fingerprint }), 'body.signature'],
        ["another party's key", signed(af, text), 'body.keyFingerprint'],
        ['unknown key', signed(newKey(), text), 'body.keyFingerprint'],
        [
          'malformed fingerprint',
          signed(pk, text, { keyFingerprint: 'ABC' }),
          'body.keyFingerprint',
        ],
        ['signature not base64', signed(pk, text, { signature: 'not base64!' }), 'body.signature'],
        [
          'signature too short',
          signed(pk, text, { signature: Buffer.alloc(63).toString('base64') }),
          'body.signature',
        ],
        [
          'signature of zeros',
          signed(pk, text, { signature: Buffer.alloc(64).toString('base64') }),
          'body.signature',
        ],
        ['lone surrogate', signed(pk, text, { signedText: 'a\ud800b' }), 'body.signedText'],
        [
          'statement of another text',
          signed(pk, statementOn({ ...pkCommitment, text: 'Something else' }), {
            commitmentId: pkCommitment.id,
          }),
          'body.signedText',
        ],
        [
          'statement not canonical',
          signed(pk, JSON.stringify(JSON.parse(statementOn(pkCommitment)) as object, null, 1), {
            commitmentId: pkCommitment.id,
          }),
          'body.signedText',
        ],
        [
          'plain text on a commitment',
          signed(pk, text, { commitmentId: pkCommitment.id }),
          'body.signedText',
        ],
        [
          "another party's commitment",
          signed(pk, statementOn(afCommitment), { commitmentId: afCommitment.id }),
          'body.commitmentId',
        ],
        ['unknown commitment', signed(pk, text, { commitmentId: ZERO_ID }), 'body.commitmentId'],
        [
          'visibility unlike the commitment',
          signed(pk, statementOn(pkCommitment), {
            commitmentId: pkCommitment.id,
            visibility: 'joint',
          }),
          'body.visibility',
        ],
      ];
      for (const [name, body, field, as] of cases) {
        const res = await submit(body, as);
        expect(res.status, `${name}: ${JSON.stringify(res.json)}`).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        expect(res.json.code, name).toBe('validation_failed');
        expect(
          res.json.errors?.map((e) => e.field),
          name,
        ).toContain(field);
      }
      // The Afghan officer cannot use Pakistan's key either, nor a mediator submit at all.
      expect((await submit(signed(pk, text), w.as.af)).json.errors?.[0]?.field).toBe(
        'body.keyFingerprint',
      );
      expect((await submit(signed(pk, text), w.as.tr)).status).toBe(403);
      await expectNothingStored();
    });

    it('a key revoked later keeps what it signed before; after revocation it signs nothing', async () => {
      const key = newKey();
      expect((await register(w.as.admin, w.org.PAK.id, key.raw, 'Old key')).status).toBe(201);
      const id = await keyId(key.fingerprint);
      const text = 'Pakistan will reopen Chaman for pedestrians on Fridays.';
      const earlier = await submit(signed(key, text, { visibility: 'public' }));
      expect(earlier.status).toBe(201);

      // Ten minutes later (sessions stay alive: they end after 30 idle minutes).
      t.clock.now = new Date(t.clock.now.getTime() + 10 * 60 * 1000);
      const revoked = await call<PartyKey>(
        t.app,
        w.as.qa,
        'POST',
        `/api/v1/party-keys/${id}/revoke`,
        {
          reason: 'Key custodian replaced',
        },
      );
      expect(revoked.status).toBe(200);
      expect(revoked.json).toMatchObject({
        revokedAt: t.clock.now.toISOString(),
        revocationReason: 'Key custodian replaced',
      });
      await t.services.sequencer.integrate();

      const still = await verification(earlier.json.id);
      expect(still.json).toMatchObject({
        verdict: 'valid',
        reasons: [],
        revokedBeforeSubmission: false,
        key: { revokedAt: revoked.json.revokedAt },
        revocationLogEntry: { index: expect.any(Number), time: revoked.json.revokedAt },
      });

      before = await allRowCounts(t.database);
      const after = await submit(signed(key, 'Something new'));
      expect(after.status).toBe(400);
      expect(after.json.errors?.[0]).toMatchObject({
        field: 'body.keyFingerprint',
        message: expect.stringMatching(/revoked/),
      });
      const twice = await call(t.app, w.as.tr, 'POST', `/api/v1/party-keys/${id}/revoke`, {
        reason: 'again',
      });
      expect(twice.status).toBe(409);
      const missing = await call(t.app, w.as.tr, 'POST', `/api/v1/party-keys/${ZERO_ID}/revoke`, {
        reason: 'x',
      });
      expect(missing.status).toBe(404);
      await expectNothingStored();

      // An assurance that reached the database after the revocation, bypassing the API, is
      // invalid: its key was revoked by the time it was submitted.
      const lateAt = new Date(t.clock.now.getTime() + 60_000);
      const [late] = await t.database.db
        .insert(assurances)
        .values({
          organisationId: w.org.PAK.id,
          keyId: id,
          signedText: 'Backdated',
          signature: key.sign('Backdated'),
          submittedAt: lateAt,
          visibility: 'public',
        })
        .returning();
      expect((await verification(late!.id)).json).toMatchObject({
        verdict: 'invalid',
        reasons: ['revoked_before_submission'],
        signatureValid: true,
        revokedBeforeSubmission: true,
        logEntry: null,
      });

      // Moving the earlier assurance's own time past the revocation changes nothing: the log
      // proves when it was submitted (and shows the stored record no longer matches the entry).
      await t.database.db
        .update(assurances)
        .set({ submittedAt: lateAt })
        .where(eq(assurances.id, earlier.json.id));
      expect((await verification(earlier.json.id)).json).toMatchObject({
        verdict: 'valid',
        submittedAt: earlier.json.submittedAt,
        logEntry: { matchesRecord: false },
      });
      // Changing its text breaks the signature.
      await t.database.db
        .update(assurances)
        .set({ signedText: `${text} Not on Sundays.` })
        .where(eq(assurances.id, earlier.json.id));
      expect((await verification(earlier.json.id)).json).toMatchObject({
        verdict: 'invalid',
        reasons: ['signature_mismatch'],
        signatureValid: false,
      });
    });

    it('an assurance kept to its originator is seen by its party and the mediators only', async () => {
      const res = await submit(
        signed(pk, 'For the mediators: the detainees are held at Quetta.', {
          visibility: 'originator',
        }),
      );
      expect(res.status).toBe(201);
      const seen = async (as: SignedIn | null) => ({
        one: (await call(t.app, as, 'GET', `/api/v1/assurances/${res.json.id}`)).status,
        verification: (await verification(res.json.id, as)).status,
        listed: (
          await call<AssurancePage>(t.app, as, 'GET', '/api/v1/assurances?limit=200')
        ).json.items.some((a) => a.id === res.json.id),
      });
      expect(await seen(w.as.pk)).toEqual({ one: 200, verification: 200, listed: true });
      expect(await seen(w.as.qa)).toEqual({ one: 200, verification: 200, listed: true });
      expect(await seen(w.as.af)).toEqual({ one: 404, verification: 404, listed: false });
      expect(await seen(w.as.observer)).toEqual({ one: 404, verification: 404, listed: false });
      expect(await seen(null)).toEqual({ one: 404, verification: 404, listed: false });
    });
  });
}
