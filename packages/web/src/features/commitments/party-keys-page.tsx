/**
 * The parties' signing keys: everyone sees which keys are registered, their fingerprints and when
 * a key was revoked and why; administrators and mediators register a party's public key and revoke
 * one. A revoked key's earlier assurances stay valid (the log shows they came first).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  RegisterPartyKeyRequestSchema,
  RevokePartyKeyRequestSchema,
  type PartyKey,
  type RegisterPartyKeyRequest,
  type RevokePartyKeyRequest,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { PartySelect } from '../complaints/fields.tsx';
import { ActionForm, useFormRun } from './form-kit.tsx';

export function PartyKeysPage() {
  const api = useApi();
  const { t, formatDateTime } = useI18n();
  const directory = useDirectory();
  const can = useCan();
  usePageTitle(t('keys.heading'));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const keys = useResource(
    useCallback(
      (signal: AbortSignal) => api.request<{ items: PartyKey[] }>('GET', '/party-keys', { signal }),
      [api],
    ),
  );
  const reload = keys.reload;
  const manage = can('party_key.manage');
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('keys.heading')}
      </h1>
      <p>{t('keys.intro')}</p>
      <Loadable resource={keys}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('keys.none')}</p>
          ) : (
            <ul className="card-list" aria-label={t('keys.heading')}>
              {page.items.map((k) => (
                <li key={k.id} className="card" data-testid="party-key">
                  <p>
                    <strong>
                      <ServerText text={k.name} />
                    </strong>{' '}
                    ·{' '}
                    {directory.organisation(k.organisationId)?.shortName ??
                      t('common.anOrganisation')}
                  </p>
                  <p className="muted">
                    {t('keys.fingerprint')}: <code dir="ltr">{k.fingerprint}</code>
                  </p>
                  <p className="muted">
                    {t('keys.registeredAt', { date: formatDateTime(k.registeredAt) })}
                    {k.revokedAt ? (
                      <>
                        {' · '}
                        <strong>
                          {t('keys.revokedAt', { date: formatDateTime(k.revokedAt) })}
                        </strong>
                        {k.revocationReason ? (
                          <>
                            {' — '}
                            <ServerText text={k.revocationReason} />
                          </>
                        ) : null}
                      </>
                    ) : null}
                  </p>
                  {manage && !k.revokedAt ? <RevokeKeyForm partyKey={k} onDone={reload} /> : null}
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
      {manage ? <RegisterKeyForm onDone={reload} /> : null}
    </div>
  );
}

function RegisterKeyForm({ onDone }: { onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const submit = async () => {
    const request = { organisationId, name: name.trim(), publicKey: publicKey.trim() };
    const ok = await form.run(RegisterPartyKeyRequestSchema, request, () =>
      api.request('POST', '/party-keys', { body: request as RegisterPartyKeyRequest }),
    );
    if (ok) {
      setName('');
      setPublicKey('');
      onDone();
    }
  };
  return (
    <ActionForm
      title={t('keys.register')}
      form={form}
      shown={['organisationId', 'name', 'publicKey']}
      submitLabel={t('keys.registerSubmit')}
      onSubmit={() => void submit()}
    >
      <PartySelect
        label={t('keys.party')}
        name="organisationId"
        value={organisationId}
        error={form.fields['organisationId']}
        onChange={setOrganisationId}
        blank={t('common.choose')}
        short
      />
      <TextInput
        label={t('keys.name')}
        name="name"
        value={name}
        error={form.fields['name']}
        onChange={(e) => setName(e.target.value)}
      />
      <TextArea
        label={t('keys.publicKey')}
        hint={t('keys.publicKeyHint')}
        name="publicKey"
        rows={4}
        dir="ltr"
        spellCheck={false}
        value={publicKey}
        error={form.fields['publicKey']}
        onChange={(e) => setPublicKey(e.target.value)}
      />
    </ActionForm>
  );
}

function RevokeKeyForm({ partyKey, onDone }: { partyKey: PartyKey; onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const [reason, setReason] = useState('');
  const submit = async () => {
    const request = { reason: reason.trim() };
    const ok = await form.run(RevokePartyKeyRequestSchema, request, () =>
      api.request('POST', `/party-keys/${encodeURIComponent(partyKey.id)}/revoke`, {
        body: request as RevokePartyKeyRequest,
      }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('keys.revoke', { name: partyKey.name })}
      form={form}
      shown={['reason']}
      submitLabel={t('keys.revokeSubmit')}
      onSubmit={() => void submit()}
    >
      <TextInput
        label={t('keys.reason')}
        name="reason"
        value={reason}
        error={form.fields['reason']}
        onChange={(e) => setReason(e.target.value)}
      />
    </ActionForm>
  );
}
