/**
 * Adding evidence to a complaint: a file (the upload form of `evidence-section.tsx`), a witness
 * statement or a link. Statements and links go through the same frame as the workflow forms: the
 * body is checked with the API's own schema (and the server's rule that a statement has its text
 * and a link its address), the server's field errors appear at their fields, and a lost connection
 * keeps what was typed. The statement and link forms open on demand.
 */
import { useState, type ReactNode } from 'react';
import {
  AddEvidenceRequestSchema,
  type AddEvidenceRequest,
  type EvidenceItem,
  type MaterialVisibility,
  type UserLanguage,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { TextArea, TextInput } from '../../platform/ui/controls.tsx';
import type { FieldMessage, FieldMessages } from '../../platform/validation.ts';
import { CommandForm } from './command-form.tsx';
import { AddEvidenceForm } from './evidence-section.tsx';
import { EvidenceVisibilitySelect } from './fields.tsx';
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

/**
 * What the statement and link forms share: the frame of the workflow forms with the server's rule
 * for the type, the kind's hint and "Added: …" above the fields, and who may see the item below
 * them (its state kept here, given to `build`). Sending reports the item, as the server has it, to
 * `onAdded`.
 */
function TextEvidenceForm({
  complaintId,
  onAdded,
  title,
  submitLabel,
  hint,
  fields,
  build,
  onDone,
  children,
}: TextEvidenceProps & {
  title: string;
  submitLabel: string;
  hint: string;
  /** The kind's own fields (`visibility` is added). */
  fields: readonly string[];
  build(visibility: MaterialVisibility): AddEvidenceRequest;
  /** Clears the kind's fields after a success. */
  onDone(): void;
  children(messages: FieldMessages): ReactNode;
}) {
  const api = useApi();
  const check = useTypeCheck();
  const [visibility, setVisibility] = useState<MaterialVisibility>('joint');
  const [added, setAdded] = useState<string | undefined>();
  return (
    <CommandForm<AddEvidenceRequest>
      title={title}
      hideTitle
      submitLabel={submitLabel}
      schema={AddEvidenceRequestSchema}
      check={check}
      fields={[...fields, 'visibility']}
      intro={
        <>
          <p className="meta">{hint}</p>
          <AddedNote title={added} />
        </>
      }
      build={() => build(visibility)}
      send={async (body) => {
        setAdded(undefined);
        const item = await api.addEvidence(complaintId, body);
        setAdded(item.title);
        onAdded(item);
      }}
      onDone={onDone}
      onReload={() => undefined}
    >
      {({ messages }) => (
        <>
          {children(messages)}
          <EvidenceVisibilitySelect
            value={visibility}
            onChange={setVisibility}
            error={messages['visibility']}
          />
        </>
      )}
    </CommandForm>
  );
}

/** The item's title, as its list shows it. */
function TitleField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(title: string): void;
  error: FieldMessage | undefined;
}) {
  const { t } = useI18n();
  return (
    <TextInput
      label={t('evidence.title')}
      name="title"
      value={value}
      maxLength={200}
      dir="auto"
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}

function StatementForm(props: TextEvidenceProps) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [statement, setStatement] = useState('');
  const [language, setLanguage] = useState<UserLanguage>(useWritingLanguage());
  return (
    <TextEvidenceForm
      {...props}
      title={t('evidence.addStatement')}
      submitLabel={t('evidence.addStatementSubmit')}
      hint={t('evidence.statementHint')}
      fields={['title', 'statement', 'language']}
      build={(visibility) => ({
        type: 'statement',
        title: title.trim(),
        ...(statement.trim() ? { statement: statement.trim() } : {}),
        language,
        visibility,
      })}
      onDone={() => {
        setTitle('');
        setStatement('');
      }}
    >
      {(messages) => (
        <>
          <TitleField value={title} onChange={setTitle} error={messages['title']} />
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
        </>
      )}
    </TextEvidenceForm>
  );
}

function LinkForm(props: TextEvidenceProps) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  return (
    <TextEvidenceForm
      {...props}
      title={t('evidence.addLink')}
      submitLabel={t('evidence.addLinkSubmit')}
      hint={t('evidence.linkHint')}
      fields={['url', 'title']}
      build={(visibility) => ({
        type: 'link',
        title: title.trim(),
        ...(url.trim() ? { url: normaliseUrl(url) } : {}),
        visibility,
      })}
      onDone={() => {
        setUrl('');
        setTitle('');
      }}
    >
      {(messages) => (
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
          <TitleField value={title} onChange={setTitle} error={messages['title']} />
        </>
      )}
    </TextEvidenceForm>
  );
}
