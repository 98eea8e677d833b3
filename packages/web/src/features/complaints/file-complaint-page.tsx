/**
 * Filing a complaint: the category from the domain's taxonomy (hostile, then provocative acts),
 * the provisions allegedly breached, the accused party or group, when (a moment or a range, with
 * its precision), where (a gazetteer place, a click on the map, or typed coordinates), casualty figures each with who
 * reports them, the narrative in the writer's language, who may see it, and evidence files. The
 * body is checked with the API's own schema before it is sent; the server's field errors appear
 * at their fields. Files are uploaded once the complaint exists, each with its progress.
 */
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import {
  CASUALTY_STATUSES,
  CreateComplaintRequestSchema,
  FILING_VISIBILITIES,
  LOCATION_PRECISIONS,
  TIME_PRECISIONS,
  VIOLATION_CATEGORIES,
  placeById,
  type Complaint,
  type CreateComplaintRequest,
  type GazetteerPlace,
  type UserLanguage,
} from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useSession } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { ChoiceGroup, Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import {
  serverFieldMessages,
  unplacedMessages,
  validate,
  type FieldMessages,
} from '../../platform/validation.ts';
import { useDirectory } from './directory.tsx';
import { formatBytes } from './evidence-section.tsx';
import {
  AgreementSelect,
  CodeOptions,
  CodeSelect,
  PartySelect,
  VisibilitySelect,
} from './fields.tsx';
import { label } from './labels.tsx';
import { PlaceSearch } from './place-search.tsx';
import { addStoryLinks, readComplaintPrefill } from '../osint/complaint-prefill.ts';
import { LanguageSelect, useWritingLanguage } from './writing-language.tsx';

// The map to point at (d3-geo and the basemap) is loaded only when this form is opened.
const PlaceMap = lazy(() => import('./place-map.tsx'));

type Status = (typeof CASUALTY_STATUSES)[number];

interface CasualtyRow {
  readonly key: number;
  status: Status;
  killed: string;
  injured: string;
  reportedBy: string;
}

type Phase =
  | { readonly kind: 'editing' }
  | { readonly kind: 'filing' }
  | {
      readonly kind: 'uploading';
      readonly complaint: Complaint;
      readonly file: number;
      readonly sent: number;
      readonly total: number;
    }
  | { readonly kind: 'uploadFailed'; readonly complaint: Complaint; readonly error: ApiError };

/** `2025-10-28T06:00` (the browser's local time) as an ISO timestamp; unchanged if invalid. */
function toTimestamp(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function toNumber(text: string): number | string {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

let rowKey = 0;

export function FileComplaintPage() {
  const api = useApi();
  const i18n = useI18n();
  const { t, pick, formatNumber } = i18n;
  const session = useSession();
  const directory = useDirectory();
  const [, navigate] = useLocation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('file.heading'));
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const [agreementId, setAgreementId] = useState('');
  const agreement =
    directory.agreements.find((a) => a.id === agreementId) ?? directory.agreements[0];
  const [visibility, setVisibility] = useState<(typeof FILING_VISIBILITIES)[number]>('joint');
  const [category, setCategory] = useState('');
  const [provisions, setProvisions] = useState<string[]>([]);
  const [accused, setAccused] = useState('');
  const [accusedGroup, setAccusedGroup] = useState('');
  // Opened from a news story: its values to start from (`features/osint/complaint-prefill.ts`).
  const [prefill] = useState(readComplaintPrefill);
  const prefillPlace = prefill?.placeId ? placeById(prefill.placeId) : undefined;
  const [title, setTitle] = useState(prefill?.title ?? '');
  const [from, setFrom] = useState(prefill?.from ?? '');
  const [to, setTo] = useState(prefill?.to ?? '');
  const [timePrecision, setTimePrecision] = useState<(typeof TIME_PRECISIONS)[number]>('hour');
  const [place, setPlace] = useState<GazetteerPlace | undefined>(prefillPlace);
  const [latitude, setLatitude] = useState(prefillPlace ? String(prefillPlace.latitude) : '');
  const [longitude, setLongitude] = useState(prefillPlace ? String(prefillPlace.longitude) : '');
  const [radiusKm, setRadiusKm] = useState('');
  const [locationPrecision, setLocationPrecision] = useState<(typeof LOCATION_PRECISIONS)[number]>(
    prefillPlace ? 'approximate' : 'exact',
  );
  const [casualties, setCasualties] = useState<CasualtyRow[]>([]);
  const [narrative, setNarrative] = useState(prefill?.narrative ?? '');
  const [language, setLanguage] = useState<UserLanguage>(useWritingLanguage());
  const [files, setFiles] = useState<File[]>([]);
  // Evidence is shared with everyone who may see the complaint unless chosen otherwise; the
  // accused party sees `joint` evidence once its reply window opens.
  const [evidenceVisibility, setEvidenceVisibility] =
    useState<(typeof FILING_VISIBILITIES)[number]>('joint');
  const [messages, setMessages] = useState<FieldMessages>({});
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [offline, setOffline] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });

  useEffect(() => headingRef.current?.focus(), []);

  const otherParties = directory.parties.filter((o) => o.id !== session?.organisation.id);

  function choosePlace(p: GazetteerPlace) {
    setPlace(p);
    setLatitude(String(p.latitude));
    setLongitude(String(p.longitude));
    setLocationPrecision(
      p.kind === 'province' ? 'province' : p.kind === 'district' ? 'district' : 'approximate',
    );
  }
  const typedLatitude = toNumber(latitude);
  const typedLongitude = toNumber(longitude);
  const typedPoint =
    typeof typedLatitude === 'number' &&
    typeof typedLongitude === 'number' &&
    Math.abs(typedLatitude) <= 90 &&
    Math.abs(typedLongitude) <= 180
      ? { latitude: typedLatitude, longitude: typedLongitude }
      : undefined;

  function build(): CreateComplaintRequest {
    const body: Record<string, unknown> = {
      agreementId: agreement?.id ?? '',
      visibility,
      category,
      provisionIds: provisions,
      title: title.trim(),
      narrative: { text: narrative.trim(), language },
      when: {
        from: from ? toTimestamp(from) : '',
        ...(to ? { to: toTimestamp(to) } : {}),
        precision: timePrecision,
      },
      where: {
        latitude: toNumber(latitude),
        longitude: toNumber(longitude),
        ...(radiusKm.trim() ? { radiusKm: toNumber(radiusKm) } : {}),
        precision: locationPrecision,
        ...(place &&
        Math.abs(place.latitude - Number(latitude)) < 1e-9 &&
        Math.abs(place.longitude - Number(longitude)) < 1e-9
          ? { placeId: place.id }
          : {}),
      },
      casualties: casualties.map((c) => ({
        status: c.status,
        killed: toNumber(c.killed === '' ? '0' : c.killed),
        injured: toNumber(c.injured === '' ? '0' : c.injured),
        reportedBy: c.reportedBy.trim(),
      })),
    };
    if (accused) body['accusedOrganisationId'] = accused;
    if (accusedGroup.trim()) body['accusedGroup'] = accusedGroup.trim();
    return body as unknown as CreateComplaintRequest;
  }

  function focusProblem() {
    requestAnimationFrame(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? alertRef.current)?.focus();
    });
  }

  async function uploadAll(complaint: Complaint) {
    for (const [index, file] of files.entries()) {
      setPhase({ kind: 'uploading', complaint, file: index, sent: 0, total: file.size });
      try {
        await api.uploadEvidence(
          complaint.id,
          file,
          {
            title: file.name.slice(0, 200) || 'file',
            fileName: file.name.slice(0, 255),
            visibility: evidenceVisibility,
          },
          (sent, total) => setPhase({ kind: 'uploading', complaint, file: index, sent, total }),
        );
      } catch (error) {
        if (error instanceof ApiError) {
          setPhase({ kind: 'uploadFailed', complaint, error });
          focusProblem();
          return;
        }
        throw error;
      }
    }
    try {
      await addStoryLinks(api, complaint.id, prefill, evidenceVisibility);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setPhase({ kind: 'uploadFailed', complaint, error });
      focusProblem();
      return;
    }
    navigate(`/complaints/${complaint.id}`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (phase.kind !== 'editing') return;
    const body = build();
    const found: Record<string, { text: string; lang?: string }> = {
      ...validate(i18n, CreateComplaintRequestSchema, body),
    };
    if (body.when.to && body.when.from && body.when.to < body.when.from && !found['when.to']) {
      found['when.to'] = { text: t('file.toBeforeFrom') };
    }
    setProblem(undefined);
    setOffline(false);
    setMessages(found);
    if (Object.keys(found).length > 0) {
      focusProblem();
      return;
    }
    setPhase({ kind: 'filing' });
    let complaint: Complaint;
    try {
      complaint = await api.fileComplaint(body);
    } catch (error) {
      setPhase({ kind: 'editing' });
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'network_error') setOffline(true);
      else {
        setProblem(error);
        setMessages(serverFieldMessages(error));
      }
      focusProblem();
      return;
    }
    await uploadAll(complaint);
  }

  const m = (field: string) => messages[field];
  const placed = [
    'agreementId',
    'visibility',
    'category',
    'provisionIds',
    'accusedOrganisationId',
    'accusedGroup',
    'title',
    'narrative.text',
    'narrative.language',
    'when.from',
    'when.to',
    'when.precision',
    'where.latitude',
    'where.longitude',
    'where.radiusKm',
    'where.precision',
    ...casualties.flatMap((_, i) =>
      ['status', 'killed', 'injured', 'reportedBy'].map((f) => `casualties.${i}.${f}`),
    ),
  ];
  const unplaced = unplacedMessages(messages, placed);
  // The agreement names the categories it covers (the domain's taxonomy, in its order).
  const covered: readonly string[] | undefined = agreement?.violationCategories;
  const categories = VIOLATION_CATEGORIES.filter(
    (c) => !covered || covered.length === 0 || covered.includes(c.id),
  );
  const hostile = categories.filter((c) => c.kind === 'hostile');
  const provocative = categories.filter((c) => c.kind === 'provocative');
  const locked = phase.kind !== 'editing';

  return (
    <div className="page file-page">
      <h1 ref={headingRef} tabIndex={-1} className="page-title">
        {t('file.heading')}
      </h1>
      <p className="muted">{t('file.intro')}</p>
      <form
        ref={formRef}
        className="form file-form"
        aria-labelledby="file-form-heading"
        noValidate
        onSubmit={(e) => void submit(e)}
      >
        <h2 id="file-form-heading" className="visually-hidden">
          {t('file.heading')}
        </h2>
        <div ref={alertRef} tabIndex={-1} className="form-alerts">
          {offline ? (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t('command.offlineTitle')}</p>
              <p>{t('command.offlineBody')}</p>
            </div>
          ) : null}
          {problem ? <ProblemAlert error={problem} /> : null}
          {unplaced.length > 0 ? (
            <div className="alert alert-error" role="alert">
              {problem ? null : <p className="alert-title">{t('error.validation_failed')}</p>}
              <ul>
                {unplaced.map(([field, msg]) => (
                  <li key={field}>
                    <code dir="ltr">{field}</code>: <span lang={msg.lang}>{msg.text}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {phase.kind === 'uploadFailed' ? (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t('file.uploadFailedTitle')}</p>
              <ProblemAlert error={phase.error} />
              <Link href={`/complaints/${phase.complaint.id}`}>
                {t('file.openFiled', { reference: phase.complaint.reference })}
              </Link>
            </div>
          ) : null}
        </div>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('file.what')}</legend>
          <AgreementSelect
            label={t('file.agreement')}
            value={agreement?.id ?? ''}
            onChange={setAgreementId}
            error={m('agreementId')}
          />
          <TextInput
            label={t('complaint.title')}
            name="title"
            value={title}
            maxLength={200}
            dir="auto"
            onChange={(e) => setTitle(e.target.value)}
            error={m('title')}
          />
          <Select
            label={t('complaint.category')}
            name="category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            error={m('category')}
          >
            <option value="">{t('common.choose')}</option>
            <optgroup label={t('categoryKind.hostile')}>
              <CodeOptions prefix="category" codes={hostile.map((c) => c.id)} />
            </optgroup>
            <optgroup label={t('categoryKind.provocative')}>
              <CodeOptions prefix="category" codes={provocative.map((c) => c.id)} />
            </optgroup>
          </Select>
          {agreement ? (
            <ChoiceGroup
              legend={t('file.provisions')}
              name="provisionIds"
              type="checkbox"
              className="provision-choices"
              choices={agreement.provisions.map((p) => ({
                value: p.id,
                label: (
                  <>
                    <span className="provision-number">{p.number}</span>{' '}
                    <span lang={pick(p.text).lang} dir="auto">
                      {pick(p.text).text}
                    </span>
                  </>
                ),
              }))}
              selected={provisions}
              onChange={setProvisions}
              error={m('provisionIds')}
            />
          ) : (
            <p className="muted">{t('common.loading')}</p>
          )}
          <PartySelect
            label={t('file.accusedParty')}
            name="accusedOrganisationId"
            value={accused}
            onChange={setAccused}
            error={m('accusedOrganisationId')}
            blank={t('file.accusedUnknown')}
            parties={otherParties}
          />
          <TextInput
            label={t('file.accusedGroup')}
            hint={t('file.accusedGroupHint')}
            name="accusedGroup"
            value={accusedGroup}
            maxLength={200}
            dir="auto"
            onChange={(e) => setAccusedGroup(e.target.value)}
            error={m('accusedGroup')}
          />
        </fieldset>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('complaint.when')}</legend>
          <div className="field-row">
            <TextInput
              label={t('file.from')}
              name="when.from"
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              error={m('when.from')}
            />
            <TextInput
              label={t('file.to')}
              hint={t('file.toHint')}
              name="when.to"
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              error={m('when.to')}
            />
            <CodeSelect
              label={t('file.timePrecision')}
              name="when.precision"
              value={timePrecision}
              onChange={setTimePrecision}
              error={m('when.precision')}
              prefix="timePrecision"
              codes={TIME_PRECISIONS}
            />
          </div>
        </fieldset>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('complaint.where')}</legend>
          <PlaceSearch chosen={place} onChoose={choosePlace} />
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <PlaceMap
              point={typedPoint}
              disabled={locked}
              onChoosePlace={choosePlace}
              onPick={(point) => {
                setPlace(undefined);
                setLatitude(String(point.latitude));
                setLongitude(String(point.longitude));
                setLocationPrecision('approximate');
              }}
            />
          </Suspense>
          <div className="field-row">
            <TextInput
              label={t('file.latitude')}
              name="where.latitude"
              inputMode="decimal"
              dir="ltr"
              value={latitude}
              onChange={(e) => setLatitude(e.target.value)}
              error={m('where.latitude')}
            />
            <TextInput
              label={t('file.longitude')}
              name="where.longitude"
              inputMode="decimal"
              dir="ltr"
              value={longitude}
              onChange={(e) => setLongitude(e.target.value)}
              error={m('where.longitude')}
            />
            <CodeSelect
              label={t('file.locationPrecision')}
              name="where.precision"
              value={locationPrecision}
              onChange={setLocationPrecision}
              error={m('where.precision')}
              prefix="locationPrecision"
              codes={LOCATION_PRECISIONS}
            />
            <TextInput
              label={t('file.radius')}
              hint={t('file.radiusHint')}
              name="where.radiusKm"
              inputMode="decimal"
              dir="ltr"
              value={radiusKm}
              onChange={(e) => setRadiusKm(e.target.value)}
              error={m('where.radiusKm')}
            />
          </div>
        </fieldset>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('complaint.casualties')}</legend>
          <p className="field-hint">{t('file.casualtiesHint')}</p>
          {casualties.map((row, i) => {
            const update = (patch: Partial<CasualtyRow>) =>
              setCasualties(casualties.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
            return (
              <fieldset key={row.key} className="casualty-row">
                <legend>{t('file.casualtyRow', { number: formatNumber(i + 1) })}</legend>
                <CodeSelect
                  label={t('casualty.status')}
                  name={`casualties.${i}.status`}
                  value={row.status}
                  onChange={(status) => update({ status })}
                  error={m(`casualties.${i}.status`)}
                  prefix="casualty"
                  codes={CASUALTY_STATUSES}
                />
                <TextInput
                  label={t('casualty.killed')}
                  name={`casualties.${i}.killed`}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={row.killed}
                  onChange={(e) => update({ killed: e.target.value })}
                  error={m(`casualties.${i}.killed`)}
                />
                <TextInput
                  label={t('casualty.injured')}
                  name={`casualties.${i}.injured`}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={row.injured}
                  onChange={(e) => update({ injured: e.target.value })}
                  error={m(`casualties.${i}.injured`)}
                />
                <TextInput
                  label={t('casualty.reportedBy')}
                  name={`casualties.${i}.reportedBy`}
                  value={row.reportedBy}
                  maxLength={200}
                  dir="auto"
                  onChange={(e) => update({ reportedBy: e.target.value })}
                  error={m(`casualties.${i}.reportedBy`)}
                />
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setCasualties(casualties.filter((r) => r.key !== row.key))}
                >
                  {t('file.removeCasualty', { number: formatNumber(i + 1) })}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              setCasualties([
                ...casualties,
                {
                  key: (rowKey += 1),
                  status: 'civilian',
                  killed: '0',
                  injured: '0',
                  reportedBy: '',
                },
              ])
            }
          >
            {t('file.addCasualty')}
          </button>
        </fieldset>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('complaint.allegation')}</legend>
          <TextArea
            label={t('file.narrative')}
            hint={t('file.narrativeHint')}
            name="narrative.text"
            value={narrative}
            rows={8}
            dir="auto"
            lang={language}
            onChange={(e) => setNarrative(e.target.value)}
            error={m('narrative.text')}
          />
          <LanguageSelect
            name="narrative.language"
            value={language}
            onChange={setLanguage}
            error={m('narrative.language')}
          />
        </fieldset>

        <fieldset className="card form-section" disabled={locked}>
          <legend>{t('file.sharing')}</legend>
          <ChoiceGroup
            legend={t('complaint.visibility')}
            name="visibility"
            type="radio"
            choices={FILING_VISIBILITIES.map((v) => ({
              value: v,
              label: label(i18n, 'visibility', v),
              hint: label(i18n, 'visibilityHint', v),
            }))}
            selected={[visibility]}
            onChange={(v) => setVisibility(v[0] ?? 'joint')}
            error={m('visibility')}
          />
          <TextInput
            label={t('file.evidence')}
            hint={t('file.evidenceHint')}
            name="evidence"
            type="file"
            multiple
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
          <VisibilitySelect
            label={t('file.evidenceVisibility')}
            name="evidenceVisibility"
            choices={FILING_VISIBILITIES}
            value={evidenceVisibility}
            onChange={setEvidenceVisibility}
          />
          {files.length > 0 ? (
            <ul className="meta">
              {files.map((f) => (
                <li key={`${f.name}-${f.size}`}>
                  {f.name} ({formatBytes(formatNumber, f.size)})
                </li>
              ))}
            </ul>
          ) : null}
        </fieldset>

        {phase.kind === 'uploading' ? (
          <div className="upload-progress card" role="status">
            <label htmlFor="file-upload-progress">
              {t('file.uploading', {
                number: formatNumber(phase.file + 1),
                count: formatNumber(files.length),
                reference: phase.complaint.reference,
              })}
            </label>
            <progress id="file-upload-progress" max={phase.total || 1} value={phase.sent} />
          </div>
        ) : null}

        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-disabled={locked}>
            {phase.kind === 'editing' ? t('file.submit') : t('common.sending')}
          </button>
          <Link href="/complaints" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
