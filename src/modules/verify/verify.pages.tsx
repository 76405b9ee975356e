/**
 * The page people land on from a QR code (`/v/:code`) and the lookup page (`/v`): one of the
 * unmistakable verdicts (colour, icon, word in Vietnamese and English, sentence), the published
 * facts of the certificate with its issuer as signed — or, for a number several issuers gave,
 * each candidate with the link that verifies it alone — what the stars mean, and the "report a
 * suspected fake" form. No
 * JavaScript needed; light enough for a cheap phone on 3G (a test keeps it under 30 kB).
 */
import { formatTraceCode } from '../../domain/trace';
import type { ComponentChildren } from 'preact';
import type { FieldMessages } from '../../errors';
import type { View } from '../../web/view';
import { translator } from '../../core/i18n';
import { Layout } from '../../web/components/layout';
import { DescriptionList, Notice } from '../../web/components/page';
import { Stars } from '../../web/components/badges';
import { Icon, type IconName } from '../../web/components/icons';
import { CsrfField, ErrorSummary, FileField, TextArea, TextField } from '../../web/components/form';
import { formatDateVi } from '../../domain/dates';
import { ValidUntilDate, validUntilLabel } from '../../web/components/valid-until';
import type { VerifyResult } from './verify.service';
import { PHOTO_MAX_BYTES } from './reports.service';
import { REPORT_LIMITS } from './reports.schema';

const STATE: Record<VerifyResult['status'], { icon: IconName }> = {
  valid: { icon: 'success' },
  not_yet_valid: { icon: 'warning' },
  expired: { icon: 'warning' },
  revoked: { icon: 'danger' },
  unknown: { icon: 'warning' },
};

/** What went wrong reading a QR code (the photo fallback), shown above the form. */
export interface ScanProblem {
  message: string;
  /** The text of a QR code that is not ours (shown, never followed). */
  text?: string;
}

export interface ReportFormState {
  values: { message?: string; placeSeen?: string; contact?: string; code?: string };
  errors: FieldMessages;
  /** A problem that is not one field's (rate limit, expired form). */
  problem?: string;
}

function verdictText(view: View, r: VerifyResult): string {
  const { t } = view;
  if (r.reason === 'shared_number') return t('verify.shared.text', { count: r.candidates.length });
  if (r.reason === 'voided') return t('verify.voided.text');
  if (r.reason === 'superseded') return t('verify.superseded.text');
  if (r.status === 'valid' && r.stamp) return t('verify.valid.stampText');
  return t(`verify.${r.status}.text`);
}

function Verdict({ view, result }: { view: View; result: VerifyResult }) {
  const { t } = view;
  const other = translator(view.locale === 'vi' ? 'en' : 'vi');
  const shared = result.reason === 'shared_number';
  const title = shared ? 'verify.shared.title' : `verify.${result.status}.title` as const;
  return (
    <div class={`verify-verdict verify-verdict--${result.status}`} role={result.status === 'unknown' ? 'alert' : 'status'} data-status={result.status}
      data-reason={result.reason ?? undefined}>
      <Icon name={STATE[result.status].icon} className="verify-icon" />
      <div>
        <p class="verify-word">{t(title)}</p>
        <p class="verify-word-other" lang={view.locale === 'vi' ? 'en' : 'vi'}>{other(title)}</p>
        <p class="verify-text">{verdictText(view, result)}</p>
        {result.status === 'unknown' && !shared && (
          <div class="verify-todo">
            <p class="verify-todo-title">{t('verify.unknown.todo')}</p>
            <ol class="verify-todo-list">
              <li>{t('verify.unknown.todo.check')} <a href="#verify-code">{t('verify.edit')}</a></li>
              <li>{t('verify.unknown.todo.report')} <a href="#report">{t('reports.title')}</a></li>
            </ol>
          </div>
        )}
      </div>
    </div>
  );
}

function Facts({ view, result }: { view: View; result: VerifyResult }) {
  const { t } = view;
  if (!result.product || !result.producer) return null;
  const date = (d: string) => formatDateVi(d);
  const c = result.certificate;
  return (
    <section class="card verify-details" aria-label={t('verify.details')}>
      <div class="card-body">
        <DescriptionList items={[
          { term: t('verify.product'), detail: <strong>{result.product.name}</strong> },
          { term: t('items.stars'), detail: <Stars count={result.product.stars} showText /> },
          { term: t('verify.producer'), detail: result.producer.name },
          { term: t('verify.province'), detail: result.producer.provinceName },
          ...(result.stamp ? [{ term: t('verify.stamp'), detail: <code>{result.stamp.serial}</code> }] : []),
          ...(result.stamp?.lot ? [{ term: t('verify.lot'), detail: <a href={result.stamp.lot.url}>{t('verify.lotLink', { lot: result.stamp.lot.lotNumber, code: formatTraceCode(result.stamp.lot.traceCode) })}</a> }] : []),
          ...(c ? [
            { term: t('verify.number'), detail: <code>{c.number}</code> },
            { term: t('verify.issuer'), detail: <span data-issuer>{c.issuer}</span> },
            { term: t('verify.issuedOn'), detail: date(c.issuedOn) },
            { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={c.expiresOn} /> },
          ] : []),
          ...(result.revokedOn ? [{ term: t('verify.revokedOn'), detail: date(result.revokedOn) }] : []),
          ...(result.supersededBy ? [{
            term: t('verify.newCertificate'),
            detail: <a href={`/v/${encodeURIComponent(result.supersededBy.number)}`}>{result.supersededBy.number} ({t('stars.label', { count: result.supersededBy.stars })})</a>,
          }] : []),
        ]} />
      </div>
    </section>
  );
}

/** The certificates of a number several issuers gave: each with its issuer, and the address that verifies it alone. */
function Candidates({ view, result }: { view: View; result: VerifyResult }) {
  const { t } = view;
  if (!result.candidates.length) return null;
  return (
    <section class="verify-candidates" aria-labelledby="verify-candidates-title">
      <h2 id="verify-candidates-title" class="verify-h2">{t('verify.shared.list')}</h2>
      <ul class="verify-candidates-list">
        {result.candidates.map((c) => (
          <li class="card verify-candidate" data-issuer-key={c.issuerKey}>
            <div class="card-body">
              <p class="verify-candidate-issuer"><span class="muted">{t('verify.issuer')}:</span> <strong data-issuer>{c.issuer}</strong></p>
              <DescriptionList items={[
                { term: t('verify.product'), detail: c.product ? <>{c.product.name} <Stars count={c.product.stars} showText /></> : '—' },
                { term: t('verify.producer'), detail: c.producer ? `${c.producer.name} — ${c.producer.provinceName}` : '—' },
                { term: t('verify.status'), detail: <span data-status={c.status}>{t(`verify.${c.status}.title`)}</span> },
                ...(c.certificate ? [{ term: t('verify.issuedOn'), detail: formatDateVi(c.certificate.issuedOn) }] : []),
              ]} />
              <p><a class="btn btn-secondary btn-sm" href={c.links.page}>{t('verify.shared.open', { issuer: c.issuer })}</a></p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StarsMeaning({ view, stars }: { view: View; stars: number | null }) {
  const { t } = view;
  return (
    <section class="verify-stars" aria-labelledby="verify-stars-title">
      <h2 id="verify-stars-title" class="verify-h2">{t('verify.stars.title')}</h2>
      <ul class="verify-stars-list">
        {([3, 4, 5] as const).map((n) => (
          <li class={stars === n ? 'verify-stars-item verify-stars-item--this' : 'verify-stars-item'}>
            <Stars count={n} showText />
            <span>{t(`verify.stars.${n}`)}</span>
          </li>
        ))}
      </ul>
      <p class="verify-note">{t('verify.stars.note')}</p>
    </section>
  );
}

const REPORT_LABEL_KEYS = {
  message: 'reports.message', placeSeen: 'reports.place', contact: 'reports.contact', file: 'reports.photo', form: 'reports.title', code: 'reports.code',
} as const;

function ReportForm({ view, code, state, token, open }: { view: View; code: string; state: ReportFormState | null; token: string; open?: boolean }) {
  const { t } = view;
  const e = state?.errors ?? {};
  const v = state?.values ?? {};
  const labels = Object.fromEntries(Object.entries(REPORT_LABEL_KEYS).map(([k, key]) => [k, t(key)]));
  return (
    <details class="verify-report" id="report" open={state || open ? true : undefined}>
      <summary class="verify-report-summary">
        <Icon name="warning" />
        <span>{t('reports.title')}</span>
      </summary>
      <div class="verify-report-body">
        <p>{t('reports.lead')}</p>
        {state?.problem && <Notice tone="danger">{state.problem}</Notice>}
        <ErrorSummary errors={e} labels={labels} title={t('reports.errorsTitle')} />
        <form method="post" action="/v/report" enctype="multipart/form-data" class="verify-report-form" novalidate>
          <CsrfField token={token} />
          {code ? <input type="hidden" name="code" value={code} /> : (
            <TextField name="code" label={t('reports.code')} value={v.code} optionalLabel={t('reports.optional')} maxLength={REPORT_LIMITS.codeMax} spellcheck={false} autocomplete="off" />
          )}
          <TextArea name="message" label={t('reports.message')} hint={t('reports.messageHint')} value={v.message} error={e.message} required rows={4} maxLength={REPORT_LIMITS.messageMax} />
          <TextField name="placeSeen" label={t('reports.place')} hint={t('reports.placeHint')} value={v.placeSeen} error={e.placeSeen} required maxLength={REPORT_LIMITS.placeMax} />
          <TextField name="contact" label={t('reports.contact')} hint={t('reports.contactHint')} value={v.contact} error={e.contact} optionalLabel={t('reports.optional')} maxLength={REPORT_LIMITS.contactMax} autocomplete="on" spellcheck={false} />
          <FileField name="file" label={t('reports.photo')} hint={t('reports.photoHint')} error={e.file} accept="image/jpeg,image/png,image/webp" maxBytes={PHOTO_MAX_BYTES} optionalLabel={t('reports.optional')} />
          <div class="verify-hp">
            <label for="field-website">{t('reports.honeypot')}</label>
            <input id="field-website" name="website" type="text" tabIndex={-1} autocomplete="off" value="" />
          </div>
          <button type="submit" class="btn btn-primary">{t('reports.submit')}</button>
        </form>
      </div>
    </details>
  );
}

export interface VerifyPageProps {
  view: View;
  result: VerifyResult | null;
  /** The code as scanned (shortened for display). */
  code: string;
  /** The form token (the session's, or the anonymous double-submit cookie's). */
  formToken: string;
  stale?: boolean;
  /** The database could not answer and nothing was cached. */
  unavailable?: boolean;
  /** The reference of the report just sent. */
  sent?: string | null;
  report?: ReportFormState | null;
  scan?: ScanProblem | null;
}

/** A problem the reader must notice (announced at once, unlike Notice). */
export function Alert({ children, className }: { children: ComponentChildren; className?: string }) {
  return (
    <div class={`notice notice--danger${className ? ` ${className}` : ''}`} role="alert">
      <Icon name="danger" className="notice-icon" />
      <div class="notice-body">{children}</div>
    </div>
  );
}

/** A QR-code glyph for the scan button (decorative). */
const QrGlyph = () => (
  <svg class="icon verify-scan-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M3 3h8v8H3V3zm2 2v4h4V5H5zm8-2h8v8h-8V3zm2 2v4h4V5h-4zM3 13h8v8H3v-8zm2 2v4h4v-4H5zm8-2h3v3h-3v-3zm5 0h3v3h-3v-3zm-5 5h3v3h-3v-3zm5 0h3v3h-3v-3zm-2.5-2.5h2v2h-2v-2z" />
  </svg>
);

/** The code box, first on the page and large: type a code, scan one, or send a photo of one. */
function Lookup({ view, code, token, result }: { view: View; code: string; token: string; result: VerifyResult | null }) {
  const { t } = view;
  return (
    <section class="verify-lookup">
      <form method="get" action="/v" class="verify-form" id="verify-form">
        <label for="verify-code" class="field-label verify-code-label">{result ? t('verify.another') : t('verify.code')}</label>
        <p class="field-hint" id="verify-code-hint">{t('verify.codeHint')}</p>
        <div class="verify-form-row">
          <input id="verify-code" class="input verify-code-input" name="code" type="text" value={code} maxLength={200} autocomplete="off"
            autocapitalize="characters" spellcheck={false} enterkeyhint="search" aria-describedby="verify-code-hint" required />
          <button type="submit" class="btn btn-primary verify-check">{t('verify.check')}</button>
        </div>
      </form>
      <div class="verify-scan" data-module="scan" data-msg-denied={t('scan.denied')} data-msg-looking={t('scan.looking')}
        data-msg-foreign={t('scan.foreign')} data-msg-stop={t('scan.stop')}>
        <button type="button" class="btn btn-secondary verify-scan-btn" data-scan-camera hidden>
          <QrGlyph />
          <span>{t('scan.button')}</span>
        </button>
        <div class="verify-scan-live" data-scan-live hidden>
          <video class="verify-scan-video" data-scan-video muted playsinline></video>
          <p class="verify-scan-status" data-scan-status aria-live="polite"></p>
        </div>
        <form method="post" action="/v/scan" enctype="multipart/form-data" class="verify-photo" data-scan-photo>
          <CsrfField token={token} />
          <label for="scan-photo" class="verify-photo-label">{t('scan.photo')}</label>
          <p class="field-hint" id="scan-photo-hint">{t('scan.photoHint')}</p>
          <input id="scan-photo" name="file" type="file" accept="image/*" capture="environment" class="file-input verify-photo-input" aria-describedby="scan-photo-hint" />
          <button type="submit" class="btn btn-secondary btn-sm" data-scan-photo-submit>{t('scan.read')}</button>
        </form>
      </div>
    </section>
  );
}

export function VerifyPage({ view, result, code, formToken, stale, unavailable, sent, report, scan }: VerifyPageProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('verify.title')} variant="public">
      <div class="verify-page">
        {sent && (
          <Notice tone="success" title={t('reports.thanks')}>
            <p class="verify-sent">{t('reports.yourReference')} <strong class="verify-reference" data-reference>{sent}</strong></p>
            <p>{t('reports.followHint')} <a href={`/v/theo-doi?ref=${sent}`}>{t('follow.title')}</a>.</p>
          </Notice>
        )}
        <h1 class="verify-title">{t('verify.title')}</h1>
        {code && (
          <p class="verify-entered">
            {t('verify.entered')} <code class="verify-entered-code">{code}</code>{' '}
            <a href="#verify-code" class="verify-edit">{t('verify.edit')}</a>
          </p>
        )}
        {scan && (
          <Alert className="verify-scan-problem">
            <p>{scan.message}</p>
            {scan.text && <p><code class="verify-scan-text">{scan.text}</code></p>}
          </Alert>
        )}
        {!result && !unavailable && <Lookup view={view} code={code} token={formToken} result={null} />}
        {unavailable && (
          <div class="verify-verdict verify-verdict--busy" role="status" data-status="unavailable">
            <Icon name="neutral" className="verify-icon" />
            <div>
              <p class="verify-word">{t('verify.unavailable.title')}</p>
              <p class="verify-text">{t('verify.unavailable.text')}</p>
            </div>
          </div>
        )}
        {result && <Verdict view={view} result={result} />}
        {stale && <Notice tone="warning">{t('verify.stale')}</Notice>}
        {result && <Facts view={view} result={result} />}
        {result && <Candidates view={view} result={result} />}
        {result && <p class="verify-checked">{t('verify.checkedOn', { date: formatDateVi(result.checkedOn) })}</p>}
        {(result || unavailable) && <Lookup view={view} code={code} token={formToken} result={result} />}
        <ReportForm view={view} code={code} state={report ?? null} token={formToken} open={result?.status === 'unknown' && !result.candidates.length} />
        <StarsMeaning view={view} stars={result?.product?.stars ?? null} />
      </div>
    </Layout>
  );
}
