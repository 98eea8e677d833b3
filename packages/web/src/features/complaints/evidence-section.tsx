/**
 * A complaint's evidence the reader may see: images previewed in place, PDFs and other files as
 * links, statements and links as text; each item's SHA-256 and, on request, its chain of custody
 * (asking for it is itself recorded there). Members who may add evidence get an upload form that
 * sends the file as the request body and shows its progress.
 */
import { useRef, useState, type FormEvent } from 'react';
import {
  UploadEvidenceQuerySchema,
  type EvidenceDetail,
  type EvidenceItem,
  type MaterialVisibility,
} from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { TextInput } from '../../platform/ui/controls.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { serverFieldMessages, validate, type FieldMessages } from '../../platform/validation.ts';
import { EvidenceVisibilitySelect } from './fields.tsx';
import { OrganisationName } from './filters-form.tsx';
import { label, VisibilityBadge } from './labels.tsx';

export function formatBytes(formatNumber: (n: number) => string, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(Math.round(value * 10) / 10)} ${units[unit]}`;
}

export function EvidenceList({ items }: { items: readonly EvidenceItem[] }) {
  const { t } = useI18n();
  if (items.length === 0) return <p className="muted">{t('evidence.none')}</p>;
  return (
    <ul className="evidence-list">
      {items.map((item) => (
        <EvidenceCard key={item.id} item={item} />
      ))}
    </ul>
  );
}

function EvidenceCard({ item }: { item: EvidenceItem }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const content = `/api/v1/evidence/${encodeURIComponent(item.id)}/content`;
  const kind = item.file?.kind;
  const titleId = `evidence-${item.id}`;
  return (
    <li className="evidence-item" aria-labelledby={titleId}>
      <div className="evidence-preview">
        {kind === 'image' ? (
          <a href={content} target="_blank" rel="noopener">
            <img
              src={content}
              alt={t('evidence.imageAlt', { title: item.title })}
              loading="lazy"
              decoding="async"
            />
          </a>
        ) : (
          <span className="evidence-icon" aria-hidden="true">
            {item.type === 'file'
              ? kind === 'pdf'
                ? 'PDF'
                : '⎙'
              : item.type === 'link'
                ? '🔗'
                : '❝'}
          </span>
        )}
      </div>
      <div className="evidence-body">
        <h3 id={titleId} className="evidence-title">
          <ServerText text={item.title} />
        </h3>
        <p className="meta">
          {label(i18n, 'evidenceType', item.type)} ·{' '}
          <VisibilityBadge visibility={item.visibility} /> ·{' '}
          <OrganisationName id={item.ownerOrganisationId} /> ·{' '}
          <time dateTime={item.addedAt}>{formatDateTime(item.addedAt)}</time>
        </p>
        {item.description ? <ServerText as="p" text={item.description} /> : null}
        {item.statement ? (
          <blockquote lang={item.language ?? undefined} dir="auto">
            {item.statement}
          </blockquote>
        ) : null}
        {item.url ? (
          <p>
            <a href={item.url} rel="noopener noreferrer nofollow" target="_blank" dir="ltr">
              {item.url}
            </a>
          </p>
        ) : null}
        {item.file ? (
          <>
            <p>
              <a href={content} target="_blank" rel="noopener">
                {kind === 'pdf'
                  ? t('evidence.openPdf', { name: item.fileName ?? item.title })
                  : t('evidence.open', { name: item.fileName ?? item.title })}
              </a>{' '}
              <span className="meta">
                ({item.file.mime}, {formatBytes(formatNumber, item.file.size)})
              </span>
            </p>
            <p className="hash">
              <span className="label">{t('evidence.sha256')}: </span>
              <code dir="ltr">{item.file.sha256}</code>
            </p>
          </>
        ) : null}
        <Custody id={item.id} />
      </div>
    </li>
  );
}

function Custody({ id }: { id: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'ok'; detail: EvidenceDetail }
    | { status: 'error'; error: ApiError }
  >({ status: 'idle' });

  const load = async () => {
    setState({ status: 'loading' });
    try {
      setState({ status: 'ok', detail: await api.evidence(id) });
    } catch (error) {
      if (error instanceof ApiError) setState({ status: 'error', error });
    }
  };

  return (
    <details
      className="custody"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && state.status === 'idle') void load();
      }}
    >
      <summary>{t('evidence.custody')}</summary>
      <p className="meta">{t('evidence.custodyHint')}</p>
      {state.status === 'loading' ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {state.status === 'error' ? <ProblemAlert error={state.error} /> : null}
      {state.status === 'ok' ? (
        <ol className="custody-list">
          {state.detail.custody.map((c, i) => (
            <li key={i}>
              <time dateTime={c.at}>{formatDateTime(c.at)}</time> ·{' '}
              <strong>{label(i18n, 'custody', c.event)}</strong> ·{' '}
              <OrganisationName id={c.organisationId} />
            </li>
          ))}
        </ol>
      ) : null}
    </details>
  );
}

type UploadState =
  | { readonly status: 'idle' }
  | { readonly status: 'sending'; readonly sent: number; readonly total: number }
  | { readonly status: 'done'; readonly title: string }
  | { readonly status: 'offline' }
  | { readonly status: 'error'; readonly error: ApiError };

/** Upload one file as evidence, with its progress. */
export function AddEvidenceForm({
  complaintId,
  onAdded,
}: {
  complaintId: string;
  onAdded(item: EvidenceItem): void;
}) {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const [file, setFile] = useState<File | undefined>();
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<MaterialVisibility>('joint');
  const [messages, setMessages] = useState<FieldMessages>({});
  const [upload, setUpload] = useState<UploadState>({ status: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (upload.status === 'sending') return;
    const query = {
      title: title.trim() || file?.name || '',
      visibility,
      ...(file ? { fileName: file.name.slice(0, 255) } : {}),
    };
    const found: Record<string, { text: string; lang?: string }> = {
      ...validate(i18n, UploadEvidenceQuerySchema, query),
    };
    if (!file) found['file'] = { text: t('evidence.chooseFile') };
    setMessages(found);
    if (Object.keys(found).length > 0 || !file) {
      requestAnimationFrame(() =>
        event.currentTarget instanceof HTMLFormElement
          ? event.currentTarget.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
          : undefined,
      );
      return;
    }
    setUpload({ status: 'sending', sent: 0, total: file.size });
    try {
      const item = await api.uploadEvidence(complaintId, file, query, (sent, total) =>
        setUpload({ status: 'sending', sent, total }),
      );
      setUpload({ status: 'done', title: item.title });
      setFile(undefined);
      setTitle('');
      if (fileRef.current) fileRef.current.value = '';
      onAdded(item);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'network_error') setUpload({ status: 'offline' });
      else {
        setUpload({ status: 'error', error });
        setMessages(serverFieldMessages(error, 'querystring'));
      }
    }
  }

  return (
    <form
      className="form card"
      aria-labelledby="add-evidence-heading"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3 id="add-evidence-heading">{t('evidence.add')}</h3>
      {upload.status === 'offline' ? (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{t('command.offlineTitle')}</p>
          <p>{t('evidence.offlineBody')}</p>
        </div>
      ) : null}
      {upload.status === 'error' ? <ProblemAlert error={upload.error} /> : null}
      {upload.status === 'done' ? (
        <p className="alert alert-info" role="status">
          {t('evidence.added', { title: upload.title })}
        </p>
      ) : null}
      <TextInput
        ref={fileRef}
        label={t('evidence.file')}
        hint={t('evidence.fileHint')}
        name="file"
        type="file"
        onChange={(e) => setFile(e.target.files?.[0])}
        error={messages['file']}
      />
      <TextInput
        label={t('evidence.title')}
        name="title"
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        error={messages['title']}
      />
      <EvidenceVisibilitySelect
        value={visibility}
        onChange={setVisibility}
        error={messages['visibility']}
      />
      {upload.status === 'sending' ? (
        <div className="upload-progress">
          <label htmlFor="evidence-progress">{t('evidence.uploading')}</label>
          <progress id="evidence-progress" max={upload.total || 1} value={upload.sent} />
          <span className="meta" aria-live="polite">
            {formatBytes(formatNumber, upload.sent)} / {formatBytes(formatNumber, upload.total)}
          </span>
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={upload.status === 'sending'}
        >
          {upload.status === 'sending' ? t('evidence.uploading') : t('evidence.upload')}
        </button>
      </div>
    </form>
  );
}
