/**
 * Signing in, beside the public record that anyone may read. Server errors are shown as the
 * server states them: wrong credentials, throttling (429), and field errors next to their fields.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionInfo } from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Field, type FieldError } from '../../platform/ui/field.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { PublicRecordSections } from '../record/public-record.tsx';

/** Why the sign-in page is showing, when it is not the first visit. */
export type SignInNotice = 'signedOut' | 'sessionExpired';

type FieldName = 'email' | 'password';

export function SignInPage({
  notice,
  onSignedIn,
  focusOnMount,
}: {
  notice: SignInNotice | undefined;
  onSignedIn(session: SessionInfo): void;
  /** Move focus to the page heading (after signing out or losing the session). */
  focusOnMount: boolean;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, FieldError>>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('signIn.title'));
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);

  function focusFirstInvalid(errors: Partial<Record<FieldName, FieldError>>) {
    if (errors.email) emailRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<FieldName, FieldError>> = {};
    if (email.trim() === '') missing.email = { text: t('signIn.emailRequired') };
    if (password === '') missing.password = { text: t('signIn.passwordRequired') };
    setProblem(undefined);
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) {
      focusFirstInvalid(missing);
      return;
    }
    setBusy(true);
    try {
      const session = await api.login({ email: email.trim(), password });
      onSignedIn(session);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fromServer: Partial<Record<FieldName, FieldError>> = {};
      for (const [field, text] of Object.entries(error.fieldErrors())) {
        if (field === 'email' || field === 'password') fromServer[field] = { text, lang: 'en' };
      }
      setProblem(error);
      setFieldErrors(fromServer);
      focusFirstInvalid(fromServer);
      setBusy(false);
    }
  }

  return (
    <div className="signin-layout">
      <section className="card signin-card" aria-labelledby="signin-heading">
        <h1 id="signin-heading" ref={headingRef} tabIndex={-1}>
          {t('signIn.title')}
        </h1>
        <p className="muted">{t('signIn.intro')}</p>
        {notice ? (
          <p className="alert alert-info" role="status">
            {t(notice === 'signedOut' ? 'signIn.signedOut' : 'signIn.sessionExpired')}
          </p>
        ) : null}
        <form
          className="form"
          aria-labelledby="signin-heading"
          noValidate
          onSubmit={(e) => void submit(e)}
        >
          {problem ? <ProblemAlert error={problem} /> : null}
          <Field
            ref={emailRef}
            label={t('signIn.email')}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            dir="ltr"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
          />
          <Field
            ref={passwordRef}
            label={t('signIn.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
          />
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      </section>
      <section className="public-record" aria-labelledby="record-heading">
        <h2 id="record-heading">{t('record.heading')}</h2>
        <p className="muted">{t('record.intro')}</p>
        <PublicRecordSections level={3} />
      </section>
    </div>
  );
}
