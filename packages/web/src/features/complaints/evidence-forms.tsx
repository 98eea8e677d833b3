/**
 * Adding evidence to a complaint: a file (the upload form of `evidence-section.tsx`), a witness
 * statement or a link. Statements and links go through the same frame as the workflow forms: the
 * body is checked with the API's own schema (and the server's rule that a statement has its text
 * and a link its address), the server's field errors appear at their fields, and a lost connection
 * keeps what was typed. The statement and link forms open on demand.
 */
import { useState } from 'react';
import {
  AddEvidenceRequestSchema,
  MATERIAL_VISIBILITIES,
  type AddEvidenceRequest,
  type EvidenceItem,
  type MaterialVisibility,
  type UserLanguage,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import type { FieldMessage, FieldMessages } from '../../platform/validation.ts';
import { CommandForm } from './command-form.tsx';
import { AddEvidenceForm } from './evidence-section.tsx';
import { label } from './labels.tsx';
import { LanguageSelect, useWritingLanguage } from './writing-language.tsx';

interface TextEvidenceProps {
  readonly complaintId: string;
  onAdded(item: EvidenceItem): void;
}

/** The upload form, then the statement and link forms, each behind its own disclosure. */
export function EvidenceForms({ complaintId, onAdded }: TextEvidenceProps) {
  const { t } = useI18n();
  return (
    <div className="evidence-forms">
      <AddEvidenceForm complaintId={complaintId} onAdded={onAdded} />
      <details className="evidence-more">
        <summary>{t('evidence.addStatement')}</summary>
        <StatementForm complaintId={complaintId} onAdded={onAdded} />
      </details>
      <details className="evidence-more">
        <summary>{t('evidence.addLink')}</summary>
        <LinkForm complaintId={complaintId} onAdded={onAdded} />
      </details>
    </div>
  );
}

/** Who may see the item: publication only for those who may publish. */
function VisibilitySelect({
  value,
  onChange,
  error,
}: {
  value: MaterialVisibility;
  onChange(visibility: MaterialVisibility): void;
  error: FieldMessage | undefined;
}) {
  const i18n = useI18n();
  const can = useCan();
  return (
    <Select
      label={i18n.t('evidence.visibility')}
      name="visibility"
      value={value}
      onChange={(e) => onChange(e.target.value as MaterialVisibility)}
      error={error}
    >
      {MATERIAL_VISIBILITIES.filter((v) => v !== 'public' || can('complaint.publish')).map((v) => (
        <option key={v} value={v}>
          {label(i18n, 'visibility', v)}
        </option>
      ))}
    </Select>
  );
}

/**
 * What the server checks beyond the schema: a statement has its text, a link its address; and a
 * clearer word than the schema's when the address is not a web address.
 */
function useTypeCheck(): (body: AddEvidenceRequest) => FieldMessages {
  const { t } = useI18n();
  return (body) => {
    const field = body.type === 'statement' ? 'statement' : 'url';
    if (body[field] === undefined) return { [field]: { text: t('validation.required') } };
    if (body.url !== undefined && !/^https?:\/\//.test(body.url)) {
      return { url: { text: t('evidence.urlScheme') } };
    }
    return {};
  };
}

/**
 * An address as the server wants it: a host in another script in its ASCII form and any other
 * character percent-encoded (`https://ps.wikipedia.org/wiki/تورخم` as a browser shows it), and the
 * scheme in lower case. What cannot be read as an address is sent as typed, for the check to name.
 */
export function normaliseUrl(text: string): string {
  const typed = text.trim();
  try {
    return /^https?:\/\//i.test(typed) ? new URL(typed).href : typed;
  } catch {
    return typed;
  }
}

/** "Added: …", announced after a success; the form is then empty for the next item. */
function AddedNote({ title }: { title: string | undefined }) {
  const { t } = useI18n();
  return title === undefined ? null : (
    <p className="alert alert-info" role="status">
      {t('evidence.added', { title })}
    </p>
  );
}

function StatementForm({ complaintId, onAdded }: TextEvidenceProps) {
  const api = useApi();
  const { t } = useI18n();
  const check = useTypeCheck();
  const [title, setTitle] = useState('');
  const [statement, setStatement] = useState('');
  const [language, setLanguage] = useState<UserLanguage>(useWritingLanguage());
  const [visibility, setVisibility] = useState<MaterialVisibility>('joint');
  const [added, setAdded] = useState<string | undefined>();
  return (
    <CommandForm<AddEvidenceRequest>
      title={t('evidence.addStatement')}
      hideTitle
      submitLabel={t('evidence.addStatementSubmit')}
      schema={AddEvidenceRequestSchema}
      check={check}
      fields={['title', 'statement', 'language', 'visibility']}
      intro={
        <>
          <p className="meta">{t('evidence.statementHint')}</p>
          <AddedNote title={added} />
        </>
      }
      build={() => ({
        type: 'statement',
        title: title.trim(),
        ...(statement.trim() ? { statement: statement.trim() } : {}),
        language,
        visibility,
      })}
      send={async (body) => {
        setAdded(undefined);
        const item = await api.addEvidence(complaintId, body);
        setAdded(item.title);
        onAdded(item);
      }}
      onDone={() => {
        setTitle('');
        setStatement('');
      }}
      onReload={() => undefined}
    >
      {({ messages }) => (
        <>
          <TextInput
            label={t('evidence.title')}
            name="title"
            value={title}
            maxLength={200}
            dir="auto"
            onChange={(e) => setTitle(e.target.value)}
            error={messages['title']}
          />
          <TextArea
            label={t('evidence.statement')}
            hint={t('evidence.statementTextHint')}
            name="statement"
            value={statement}
            rows={6}
            dir="auto"
            lang={language}
            onChange={(e) => setStatement(e.target.value)}
            error={messages['statement']}
          />
          <LanguageSelect value={language} onChange={setLanguage} error={messages['language']} />
          <VisibilitySelect
            value={visibility}
            onChange={setVisibility}
            error={messages['visibility']}
          />
        </>
      )}
    </CommandForm>
  );
}

function LinkForm({ complaintId, onAdded }: TextEvidenceProps) {
  const api = useApi();
  const { t } = useI18n();
  const check = useTypeCheck();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<MaterialVisibility>('joint');
  const [added, setAdded] = useState<string | undefined>();
  return (
    <CommandForm<AddEvidenceRequest>
      title={t('evidence.addLink')}
      hideTitle
      submitLabel={t('evidence.addLinkSubmit')}
      schema={AddEvidenceRequestSchema}
      check={check}
      fields={['url', 'title', 'visibility']}
      intro={
        <>
          <p className="meta">{t('evidence.linkHint')}</p>
          <AddedNote title={added} />
        </>
      }
      build={() => ({
        type: 'link',
        title: title.trim(),
        ...(url.trim() ? { url: normaliseUrl(url) } : {}),
        visibility,
      })}
      send={async (body) => {
        setAdded(undefined);
        const item = await api.addEvidence(complaintId, body);
        setAdded(item.title);
        onAdded(item);
      }}
      onDone={() => {
        setUrl('');
        setTitle('');
      }}
      onReload={() => undefined}
    >
      {({ messages }) => (
        <>
          <TextInput
            label={t('evidence.url')}
            hint={t('evidence.urlHint')}
            name="url"
            type="url"
            inputMode="url"
            value={url}
            maxLength={2000}
            dir="ltr"
            spellCheck={false}
            onChange={(e) => setUrl(e.target.value)}
            error={messages['url']}
          />
          <TextInput
            label={t('evidence.title')}
            name="title"
            value={title}
            maxLength={200}
            dir="auto"
            onChange={(e) => setTitle(e.target.value)}
            error={messages['title']}
          />
          <VisibilitySelect
            value={visibility}
            onChange={setVisibility}
            error={messages['visibility']}
          />
        </>
      )}
    </CommandForm>
  );
}
