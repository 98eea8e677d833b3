/**
 * Form fields that many forms (complaints, commitments, crossings, talks) write the same way: a
 * choice among a list of codes, who may see something, a party of the agreements, the agreement
 * itself, and a complaint command's reason. Each is a labelled control of
 * `platform/ui/controls.tsx` with its choices filled in. The label (and the field's name, where
 * forms differ) is the form's own, so each keeps its words; only the fields that mean the same
 * thing everywhere they appear (a command's reason, an evidence item's visibility) carry theirs.
 */
import {
  MATERIAL_VISIBILITIES,
  type MaterialVisibility,
  type Organisation,
} from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { Select, TextArea } from '../../platform/ui/controls.tsx';
import type { FieldMessage } from '../../platform/validation.ts';
import { useDirectory } from './directory.tsx';
import { label } from './labels.tsx';

/**
 * One `<option>` per code, named by the message `${prefix}.${code}` ({@link label}), in the
 * order given: for a `Select` over a fixed list (outcomes, statuses, kinds, visibilities…).
 */
export function CodeOptions({ prefix, codes }: { prefix: string; codes: readonly string[] }) {
  const i18n = useI18n();
  return (
    <>
      {codes.map((code) => (
        <option key={code} value={code}>
          {label(i18n, prefix, code)}
        </option>
      ))}
    </>
  );
}

/**
 * A select over a fixed list of codes (outcomes, statuses, kinds…), each named by the message
 * `${prefix}.${code}`, after a first option for none chosen (value `''`) when `blank` gives its
 * words. The value's type is the state's own (`FindingOutcome | ''` with a blank).
 */
export function CodeSelect<V extends string>({
  label: text,
  name,
  prefix,
  codes,
  blank,
  value,
  onChange,
  error,
}: {
  label: string;
  name: string;
  prefix: string;
  codes: readonly NoInfer<V>[];
  blank?: string;
  value: V;
  onChange(code: NoInfer<V>): void;
  error?: FieldMessage | undefined;
}) {
  return (
    <Select
      label={text}
      name={name}
      value={value}
      onChange={(e) => onChange(e.target.value as V)}
      error={error}
    >
      {blank === undefined ? null : <option value="">{blank}</option>}
      <CodeOptions prefix={prefix} codes={codes} />
    </Select>
  );
}

/**
 * Who may see something (`name="visibility"` unless given): one of `choices`, by default every
 * material visibility.
 */
export function VisibilitySelect<V extends string = MaterialVisibility>({
  name = 'visibility',
  choices = MATERIAL_VISIBILITIES as readonly string[] as readonly V[],
  ...select
}: {
  label: string;
  name?: string;
  choices?: readonly NoInfer<V>[];
  value: V;
  onChange(visibility: NoInfer<V>): void;
  error?: FieldMessage | undefined;
}) {
  return <CodeSelect<V> {...select} name={name} prefix="visibility" codes={choices} />;
}

/**
 * Who may see an evidence item the user adds: publication only for those who may publish
 * (`complaint.publish`).
 */
export function EvidenceVisibilitySelect(props: {
  value: MaterialVisibility;
  onChange(visibility: MaterialVisibility): void;
  error: FieldMessage | undefined;
}) {
  const { t } = useI18n();
  const can = useCan();
  return (
    <VisibilitySelect
      {...props}
      label={t('evidence.visibility')}
      choices={MATERIAL_VISIBILITIES.filter((v) => v !== 'public' || can('complaint.publish'))}
    />
  );
}

/**
 * A party of the agreements (an organisation id; `''` when none is chosen): a first option for
 * none with the words `blank`, then optionally "all parties" (`commitments.allParties`, with the
 * value `allParties`), then the parties: by default all the directory's, by full name unless
 * `short`.
 */
export function PartySelect({
  label: text,
  name,
  value,
  onChange,
  error,
  blank,
  allParties,
  parties,
  short = false,
}: {
  label: string;
  name: string;
  value: string;
  onChange(organisationId: string): void;
  error?: FieldMessage | undefined;
  blank: string;
  allParties?: string;
  parties?: readonly Organisation[];
  short?: boolean;
}) {
  const { t } = useI18n();
  const directory = useDirectory();
  return (
    <Select
      label={text}
      name={name}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    >
      <option value="">{blank}</option>
      {allParties === undefined ? null : (
        <option value={allParties}>{t('commitments.allParties')}</option>
      )}
      {(parties ?? directory.parties).map((o) => (
        <option key={o.id} value={o.id}>
          {short ? o.shortName : o.name}
        </option>
      ))}
    </Select>
  );
}

/**
 * The agreement something falls under (`name="agreementId"`), by its title: shown only when the
 * directory has more than one, since otherwise there is nothing to choose.
 */
export function AgreementSelect({
  label: text,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange(agreementId: string): void;
  error?: FieldMessage | undefined;
}) {
  const { pick } = useI18n();
  const directory = useDirectory();
  if (directory.agreements.length <= 1) return null;
  return (
    <Select
      label={text}
      name="agreementId"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    >
      {directory.agreements.map((a) => (
        <option key={a.id} value={a.id}>
          {pick(a.title).text}
        </option>
      ))}
    </Select>
  );
}

/** The reason a complaint's command gives (`name="reason"`), two lines high unless `rows` says. */
export function ReasonField({
  value,
  onChange,
  error,
  rows = 2,
  maxLength,
}: {
  value: string;
  onChange(reason: string): void;
  error: FieldMessage | undefined;
  rows?: number;
  maxLength?: number;
}) {
  const { t } = useI18n();
  return (
    <TextArea
      label={t('command.reason')}
      name="reason"
      value={value}
      rows={rows}
      maxLength={maxLength}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
