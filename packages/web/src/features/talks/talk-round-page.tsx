/**
 * One round of talks: place and dates, who sat at the table (mediators, then the parties'
 * delegations), the outcome, the documents the reader may see (statements, minutes, communiqués),
 * and the commitments the round produced with the provisions they give effect to. Mediators add a
 * document; the server decides who may read it (`visibility`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import {
  AddTalkDocumentRequestSchema,
  TALK_DOCUMENT_KINDS,
  TALK_DOCUMENT_VISIBILITIES,
  type AddTalkDocumentRequest,
  type TalkDocumentKind,
  type TalkDocumentVisibility,
  type TalkRoundDetail,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { CodeSelect, VisibilitySelect } from '../complaints/fields.tsx';
import { label } from '../complaints/labels.tsx';
import { CommitmentStatusBadge } from '../commitments/commitment-pages.tsx';
import { ActionForm, useFormRun } from '../commitments/form-kit.tsx';

export function TalkRoundPage({ id }: { id: string }) {
  const api = useApi();
  const round = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<TalkRoundDetail>('GET', `/talks/${encodeURIComponent(id)}`, { signal }),
      [api, id],
    ),
  );
  return (
    <div className="page">
      <Loadable resource={round}>
        {(r) => <TalkRoundView round={r} onChanged={round.reload} />}
      </Loadable>
    </div>
  );
}

function TalkRoundView({ round, onChanged }: { round: TalkRoundDetail; onChanged(): void }) {
  const i18n = useI18n();
  const { t, pick, formatDateRange, formatDateTime } = i18n;
  const can = useCan();
  usePageTitle(pick(round.name).text);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const provision = (pid: string) => round.provisions.find((p) => p.id === pid)?.number ?? '?';
  return (
    <>
      <p>
        <Link href="/">{t('talks.back')}</Link>
      </p>
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        <ServerText text={round.name} />
      </h1>
      <p className="meta">
        <time dateTime={round.startsOn}>{formatDateRange(round.startsOn, round.endsOn)}</time>
        {' · '}
        <ServerText text={round.place} />
      </p>
      <section aria-labelledby="round-outcome">
        <h2 id="round-outcome">{t('talks.outcome')}</h2>
        {Object.keys(round.outcome).length === 0 ? (
          <p>{t('talks.underWay')}</p>
        ) : (
          <ServerText as="p" text={round.outcome} />
        )}
      </section>
      <section aria-labelledby="round-participants">
        <h2 id="round-participants">{t('talks.participants')}</h2>
        <ul>
          {round.participants.map((p) => (
            <li key={p.organisationId}>
              <strong>{p.organisationName}</strong> ({label(i18n, 'talks.capacity', p.capacity)})
              {p.delegation.length > 0 ? (
                <ul>
                  {p.delegation.map((person, i) => (
                    <li key={i}>
                      <ServerText text={person} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="round-commitments">
        <h2 id="round-commitments">{t('talks.commitments')}</h2>
        {round.commitments.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul aria-label={t('talks.commitments')}>
            {round.commitments.map((c) => (
              <li key={c.id}>
                <Link href={`/commitments/${c.id}`}>
                  K-{c.number} · <ServerText text={c.title} />
                </Link>{' '}
                <CommitmentStatusBadge status={c.status} />{' '}
                <span className="muted">
                  {t('talks.provisions', { numbers: c.provisionIds.map(provision).join(', ') })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="round-documents">
        <h2 id="round-documents">{t('talks.documents')}</h2>
        {round.documents.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul className="card-list" aria-label={t('talks.documents')}>
            {round.documents.map((d) => (
              <li key={d.id} className="card">
                <h3>
                  <ServerText text={d.title} />
                </h3>
                <p className="muted">
                  {label(i18n, 'talks.kind', d.kind)} · {label(i18n, 'visibility', d.visibility)} ·{' '}
                  <time dateTime={d.addedAt}>{formatDateTime(d.addedAt)}</time>
                </p>
                <p lang={d.language} dir="auto" className="prose">
                  {d.body}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {can('talks.manage') ? <AddDocumentForm roundId={round.id} onDone={onChanged} /> : null}
    </>
  );
}

function AddDocumentForm({ roundId, onDone }: { roundId: string; onDone(): void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const form = useFormRun();
  const [kind, setKind] = useState<TalkDocumentKind>('statement');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<TalkDocumentVisibility>('public');
  const submit = async () => {
    const request = { kind, title: title.trim(), body: body.trim(), language: locale, visibility };
    const ok = await form.run(AddTalkDocumentRequestSchema, request, () =>
      api.request('POST', `/talks/${encodeURIComponent(roundId)}/documents`, {
        body: request as AddTalkDocumentRequest,
      }),
    );
    if (ok) {
      setTitle('');
      setBody('');
      onDone();
    }
  };
  return (
    <ActionForm
      title={t('talks.addDocument')}
      form={form}
      shown={['kind', 'title', 'body', 'visibility', 'language']}
      submitLabel={t('talks.addDocumentSubmit')}
      onSubmit={() => void submit()}
    >
      <CodeSelect
        label={t('talks.documentKind')}
        name="kind"
        value={kind}
        error={form.fields['kind']}
        onChange={setKind}
        prefix="talks.kind"
        codes={TALK_DOCUMENT_KINDS}
      />
      <TextInput
        label={t('talks.documentTitle')}
        name="title"
        value={title}
        error={form.fields['title']}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextArea
        label={t('talks.documentBody')}
        name="body"
        rows={6}
        dir="auto"
        value={body}
        error={form.fields['body']}
        onChange={(e) => setBody(e.target.value)}
      />
      <VisibilitySelect
        label={t('commitments.visibility')}
        choices={TALK_DOCUMENT_VISIBILITIES}
        value={visibility}
        error={form.fields['visibility']}
        onChange={setVisibility}
      />
    </ActionForm>
  );
}
