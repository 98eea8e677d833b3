/**
 * A commitment's written assurances: each one's signed text with its signature checked in the
 * browser (with @noble/curves, independently of the server) beside the server's verdict, and, for
 * an officer of the party that undertook it, the two steps of giving one: the exact text to sign,
 * offered as a file to sign offline with the party's key, then the signature to submit. The
 * private key never comes near the browser.
 */
import { useCallback, useState } from 'react';
import {
  assuranceStatementText,
  SubmitAssuranceRequestSchema,
  type Assurance,
  type AssuranceVerification,
  type Commitment,
  type PartyKey,
  type SubmitAssuranceRequest,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useSession } from '../../platform/session-context.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { label } from '../complaints/labels.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { checkAssuranceInBrowser } from './assurance-check.ts';
import { ActionForm, useFormRun } from './form-kit.tsx';

export function AssuranceItem({ assurance }: { assurance: Assurance }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const directory = useDirectory();
  const verification = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<AssuranceVerification>(
          'GET',
          `/assurances/${encodeURIComponent(assurance.id)}/verification`,
          { signal },
        ),
      [api, assurance.id],
    ),
  );
  return (
    <li className="card" data-testid="assurance">
      <p className="muted">
        {directory.organisation(assurance.organisationId)?.shortName ?? t('common.anOrganisation')}{' '}
        · <time dateTime={assurance.submittedAt}>{formatDateTime(assurance.submittedAt)}</time>
      </p>
      <pre className="signed-text" dir="auto">
        {assurance.signedText}
      </pre>
      <p className="muted">
        {t('assurances.key')}: <code dir="ltr">{assurance.keyFingerprint.slice(0, 16)}…</code>
      </p>
      <Loadable resource={verification}>
        {(v) => {
          const local = checkAssuranceInBrowser(assurance, v.key, v.submittedAt);
          return (
            <>
              <p role="status" data-testid="assurance-browser-check">
                {local.valid
                  ? t('assurances.verifiedInBrowser')
                  : t('assurances.failedInBrowser', {
                      reasons: local.reasons
                        .map((r) => label(i18n, 'assuranceReason', r))
                        .join(', '),
                    })}
                {!local.valid && local.message ? (
                  <span lang="en" dir="ltr">
                    {' '}
                    ({local.message})
                  </span>
                ) : null}
              </p>
              <p data-testid="assurance-server-verdict">
                {v.verdict === 'valid'
                  ? t('assurances.serverValid')
                  : t('assurances.serverInvalid', {
                      reasons: v.reasons.map((r) => label(i18n, 'assuranceReason', r)).join(', '),
                    })}{' '}
                {v.key.revokedAt
                  ? v.revokedBeforeSubmission
                    ? t('assurances.revokedBefore', { date: formatDateTime(v.key.revokedAt) })
                    : t('assurances.revokedAfter', { date: formatDateTime(v.key.revokedAt) })
                  : t('assurances.notRevoked')}{' '}
                {v.logEntry
                  ? t('assurances.logEntry', {
                      index: v.logEntry.index,
                      date: formatDateTime(v.logEntry.time),
                    })
                  : t('assurances.notInLogYet')}
              </p>
            </>
          );
        }}
      </Loadable>
    </li>
  );
}

/** Step 1 writes the statement and fixes the exact text; step 2 submits its signature. */
export function GiveAssuranceForm({
  commitment,
  onDone,
}: {
  commitment: Commitment;
  onDone(): void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const session = useSession();
  const organisationId = session?.organisation.id;
  const keys = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<{ items: PartyKey[] }>(
          'GET',
          `/party-keys?organisation=${encodeURIComponent(organisationId ?? '')}`,
          { signal },
        ),
      [api, organisationId],
    ),
  );
  const form = useFormRun();
  const [statement, setStatement] = useState('');
  const [signedText, setSignedText] = useState<string | undefined>();
  const [keyFingerprint, setKeyFingerprint] = useState('');
  const [signature, setSignature] = useState('');
  const fileName = `assurance-${commitment.reference}.json`;
  const usable = keys.status === 'ok' ? keys.data.items.filter((k) => k.revokedAt === null) : [];

  const submit = async () => {
    const request = {
      keyFingerprint,
      signedText: signedText ?? '',
      signature: signature.trim(),
      commitmentId: commitment.id,
    };
    const ok = await form.run(SubmitAssuranceRequestSchema, request, () =>
      api.request('POST', '/assurances', { body: request as SubmitAssuranceRequest }),
    );
    if (ok) {
      setStatement('');
      setSignedText(undefined);
      setSignature('');
      onDone();
    }
  };

  return (
    <section aria-labelledby="give-assurance" className="command-form">
      <h3 id="give-assurance">{t('assurances.give')}</h3>
      <TextArea
        label={t('assurances.statement')}
        hint={t('assurances.statementHint')}
        name="statement"
        rows={3}
        dir="auto"
        value={statement}
        readOnly={signedText !== undefined}
        onChange={(e) => setStatement(e.target.value)}
      />
      {signedText === undefined ? (
        <button
          type="button"
          className="button"
          disabled={statement.trim() === ''}
          onClick={() =>
            setSignedText(
              assuranceStatementText({
                commitmentId: commitment.id,
                text: commitment.text,
                statement: statement.trim(),
                signedAt: new Date().toISOString(),
              }),
            )
          }
        >
          {t('assurances.prepare')}
        </button>
      ) : (
        <>
          <p>{t('assurances.toSign')}</p>
          <pre className="signed-text" dir="ltr" data-testid="assurance-to-sign">
            {signedText}
          </pre>
          <p>
            <a
              className="button button-secondary"
              download={fileName}
              href={`data:application/json;charset=utf-8,${encodeURIComponent(signedText)}`}
            >
              {t('assurances.download', { file: fileName })}
            </a>{' '}
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setSignedText(undefined)}
            >
              {t('assurances.edit')}
            </button>
          </p>
          <p className="field-hint">{t('assurances.signHint')}</p>
          <pre dir="ltr" className="command-line">
            truceline assurance sign --text {fileName} --private-key PARTY-KEY.pem
          </pre>
          <ActionForm
            title={t('assurances.submitForm')}
            form={form}
            shown={['keyFingerprint', 'signature']}
            submitLabel={t('assurances.submit')}
            onSubmit={() => void submit()}
          >
            <Select
              label={t('assurances.key')}
              name="keyFingerprint"
              value={keyFingerprint}
              error={form.fields['keyFingerprint']}
              onChange={(e) => setKeyFingerprint(e.target.value)}
            >
              <option value="">{t('common.choose')}</option>
              {usable.map((k) => (
                <option key={k.id} value={k.fingerprint}>
                  {k.name} ({k.fingerprint.slice(0, 16)}…)
                </option>
              ))}
            </Select>
            <TextInput
              label={t('assurances.signature')}
              hint={t('assurances.signatureHint')}
              name="signature"
              dir="ltr"
              autoComplete="off"
              spellCheck={false}
              value={signature}
              error={form.fields['signature']}
              onChange={(e) => setSignature(e.target.value)}
            />
          </ActionForm>
        </>
      )}
    </section>
  );
}
