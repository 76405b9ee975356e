/**
 * The public trace page of a lot (`/truy-xuat/<code>`, issue 17 item 4) and the trace-code lookup
 * (`/truy-xuat`). What a shopper who scanned the lot's QR reads on a phone, top down: any open
 * recall of the lot or of a lot it was made from, in red; the product with its stars and its
 * certificate's live state and end (the verification page's and the portal's words); the lot's
 * number, code, dates and quantity; then the journey, the communes on the way, the inputs and the
 * lab results (trace-public-journey.pages.tsx). Light like the verification page: no picture, no
 * script needed, a GET form only (no form token: the page is shared and held in the page cache).
 */
import type { View } from '../../web/view';
import { translator } from '../../core/i18n';
import type { CertificateStatus } from '../../domain/certificate';
import { formatDateVi } from '../../domain/dates';
import { formatTraceCode } from '../../domain/trace';
import { Stars, StatusBadge, SampleBadge, type Tone } from '../../web/components/badges';
import { DescriptionList } from '../../web/components/page';
import { ErrorSummary, TextField } from '../../web/components/form';
import { Icon } from '../../web/components/icons';
import { validUntilLabel } from '../../web/components/valid-until';
import { PortalShell } from '../portal/portal-page';
import type { TraceView } from './trace-read.service';
import type { RecallDto } from './trace.schema';
import { dayOf, Inputs, Journey, Labs, quantity, Route } from './trace-public-journey.pages';

/** The lookup form's field (`/truy-xuat?ma=…`). */
export const LOOKUP_FIELD = 'ma';

/**
 * A certificate's state as the verification page names it: its verdict words ("HỢP LỆ", "HẾT
 * HIỆU LỰC", "ĐÃ BỊ THU HỒI"…); a superseded certificate answers "no longer valid" there too.
 */
const STATE: Record<CertificateStatus, { word: 'verify.valid.title' | 'verify.not_yet_valid.title' | 'verify.expired.title' | 'verify.revoked.title'; tone: Tone }> = {
  valid: { word: 'verify.valid.title', tone: 'success' },
  not_yet_valid: { word: 'verify.not_yet_valid.title', tone: 'warning' },
  expired: { word: 'verify.expired.title', tone: 'warning' },
  superseded: { word: 'verify.expired.title', tone: 'warning' },
  revoked: { word: 'verify.revoked.title', tone: 'danger' },
};

function Recalls({ view, trace }: { view: View; trace: TraceView }) {
  const { t } = view;
  if (!trace.recalls.length) return null;
  const other = translator(view.locale === 'vi' ? 'en' : 'vi');
  const items = (r: RecallDto) => [
    { term: t('trace.public.recall.reason'), detail: r.reason },
    { term: t('trace.public.recall.scope'), detail: r.scope },
    { term: t('trace.public.recall.instructions'), detail: <strong>{r.instructions}</strong> },
    { term: t('trace.public.recall.date'), detail: <time dateTime={r.recalledAt}>{dayOf(r.recalledAt)}</time> },
  ];
  return (
    <section class="trace-recall" role="alert" aria-labelledby="trace-recall" data-recalled="true">
      <Icon name="danger" className="recall-icon" />
      <div>
        <h2 id="trace-recall" class="recall-title">{t('trace.public.recall.title')}</h2>
        <p class="recall-other" lang={view.locale === 'vi' ? 'en' : 'vi'}>{other('trace.public.recall.title')}</p>
        <p>{t('trace.public.recall.lead')}</p>
        {trace.recalls.map((r) => (
          <div class="recall-item" data-recall-lot={r.lotNumber}>
            {r.lotId !== trace.lot.id ? <p><strong>{t('trace.public.recall.upstream', { lot: r.lotNumber, product: r.productName })}</strong></p> : null}
            <DescriptionList items={items(r)} />
          </div>
        ))}
      </div>
    </section>
  );
}

function Certificate({ view, trace, productUrl }: { view: View; trace: TraceView; productUrl: string | null }) {
  const { t } = view;
  const c = trace.certificate;
  return (
    <section class="trace-cert" aria-labelledby="trace-cert">
      <h2 id="trace-cert">{t('trace.public.certificate')}</h2>
      {c ? (
        <>
          <p><Stars count={c.stars} showText /> <span data-status={c.status}><StatusBadge tone={STATE[c.status].tone}>{t(STATE[c.status].word)}</StatusBadge></span></p>
          <DescriptionList items={[
            { term: t('verify.number'), detail: <code>{c.number}</code> },
            // The last valid day, worded as on every page (web/components/valid-until.tsx, decisions/019).
            { term: validUntilLabel(t), detail: <time class="valid-until-date" dateTime={c.validUntil}>{formatDateVi(c.validUntil)}</time> },
          ]} />
          <p class="trace-links">
            <a class="btn btn-secondary btn-sm" href={c.verifyUrl}>{t('portal.product.verify')}</a>
            {productUrl ? <a class="btn btn-ghost btn-sm" href={productUrl}>{t('trace.public.productPage')}</a> : null}
          </p>
        </>
      ) : <p>{t('trace.public.certificate.none')}</p>}
    </section>
  );
}

function LotFacts({ view, trace, digitalLink }: { view: View; trace: TraceView; digitalLink: string | null }) {
  const { t } = view;
  const l = trace.lot;
  return (
    <section class="trace-section" aria-labelledby="trace-lot">
      <h2 id="trace-lot">{t('trace.public.lot')}</h2>
      <DescriptionList items={[
        { term: t('trace.public.lotNumber'), detail: <strong>{l.lotNumber}</strong> },
        { term: t('trace.public.traceCode'), detail: <code data-trace-code>{formatTraceCode(l.traceCode)}</code> },
        { term: t('trace.public.producedOn'), detail: <time dateTime={l.producedOn}>{formatDateVi(l.producedOn)}</time> },
        ...(l.expiresOn ? [{ term: t('trace.public.expiresOn'), detail: <time dateTime={l.expiresOn}>{formatDateVi(l.expiresOn)}</time> }] : []),
        { term: t('trace.public.quantity'), detail: quantity(view, l.quantity, l.unit) },
        { term: t('trace.public.facility'), detail: `${l.facility} · ${l.communeName}, ${l.provinceName}` },
        ...(digitalLink ? [{ term: t('trace.public.digitalLink'), detail: <code class="trace-dl">{digitalLink}</code> }] : []),
      ]} />
    </section>
  );
}

/** The code box: a GET form (shareable, cached like the portal's search). */
function LookupForm({ view, value, error, again }: { view: View; value?: string; error?: string; again?: boolean }) {
  const { t } = view;
  return (
    <form class="trace-lookup" method="get" action="/truy-xuat" role="search" novalidate>
      <TextField name={LOOKUP_FIELD} label={again ? t('trace.public.lookup.another') : t('trace.public.lookup.label')} hint={t('trace.public.lookup.hint')}
        value={value} error={error} required maxLength={40} spellcheck={false} autocomplete="off" width="md" />
      <button type="submit" class="btn btn-primary">{t('trace.public.lookup.submit')}</button>
    </form>
  );
}

export interface TracePageProps {
  view: View;
  trace: TraceView;
  /** The product's public page (when it has a certificate), the lot's Digital Link (when it has a GTIN). */
  productUrl: string | null;
  digitalLink: string | null;
}

export function TracePage({ view, trace, productUrl, digitalLink }: TracePageProps) {
  const { t } = view;
  const l = trace.lot;
  return (
    <PortalShell view={view} title={t('trace.public.pageTitle', { product: l.product.name, lot: l.lotNumber })}>
      <article class="trace-page" data-lot={l.lotNumber}>
        <Recalls view={view} trace={trace} />
        <header class="trace-header">
          <p class="trace-kicker">{t('trace.public.title')}</p>
          <h1>{l.product.name}</h1>
          <p>{t('trace.public.producer')}: <strong>{l.producer.name}</strong> · {l.communeName}, {l.provinceName}</p>
          {l.isSample ? <p class="trace-sample"><SampleBadge /> {t('trace.public.sample')}</p> : null}
        </header>
        <Certificate view={view} trace={trace} productUrl={productUrl} />
        <LotFacts view={view} trace={trace} digitalLink={digitalLink} />
        <Journey view={view} trace={trace} />
        <Route view={view} trace={trace} />
        <Inputs view={view} trace={trace} />
        <Labs view={view} trace={trace} />
        <section class="trace-section" aria-label={t('trace.public.lookup.another')}>
          <LookupForm view={view} again />
          <p><a href="/v">{t('trace.public.lookup.verify')}</a></p>
        </section>
      </article>
    </PortalShell>
  );
}

export function TraceLookupPage({ view, value, error }: { view: View; value?: string; error?: string }) {
  const { t } = view;
  return (
    <PortalShell view={view} title={t('trace.public.title')}>
      <div class="trace-page">
        <h1>{t('trace.public.title')}</h1>
        <p class="lead">{t('trace.public.lookup.lead')}</p>
        {error ? <ErrorSummary errors={{ [LOOKUP_FIELD]: error }} labels={{ [LOOKUP_FIELD]: t('trace.public.lookup.label') }} title={t('trace.public.lookup.errorTitle')} /> : null}
        <LookupForm view={view} value={value} error={error} />
        <p><a href="/v">{t('trace.public.lookup.verify')}</a></p>
      </div>
    </PortalShell>
  );
}
