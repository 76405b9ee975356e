/**
 * What the buyer's pages (buyer-trade.pages.tsx) and the back office's (trade-admin.pages.tsx)
 * show alike: a demand's facts, the offers side by side, the products matched, a question thread
 * and a trade agreement with its history and the moves the reader may make. Components only.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import { SampleBadge, Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { CsrfField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DescriptionList, EmptyState } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import type { AgreementDto, DemandDto, MatchDto, OfferDto, ThreadDto } from './trade.schema';

/** "1.250.000 ₫": whole đồng. */
export const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
export const day = (d: string | null) => (d ? formatDateVi(d) : '—');

export const ORG_TONE = { pending: 'warning', verified: 'success', rejected: 'danger' } as const satisfies Record<string, Tone>;
export const DEMAND_TONE = { open: 'info', awarded: 'success', closed: 'neutral', cancelled: 'neutral' } as const satisfies Record<DemandDto['status'], Tone>;
export const OFFER_TONE = { submitted: 'info', accepted: 'success', declined: 'danger', withdrawn: 'neutral' } as const satisfies Record<OfferDto['status'], Tone>;
export const AGREEMENT_TONE = { negotiating: 'warning', signed: 'success', delivering: 'info', completed: 'success', cancelled: 'neutral' } as const satisfies Record<AgreementDto['status'], Tone>;

/** The live verification page of a certificate (the /v/ pages). */
export const verifyHref = (number: string) => `/v/${encodeURIComponent(number)}`;

export function DemandStatus({ view, status }: { view: View; status: DemandDto['status'] }) {
  return <StatusBadge tone={DEMAND_TONE[status]}>{view.t(`trade.demandStatus.${status}`)}</StatusBadge>;
}

/** The demand as its buyer wrote it. */
export function DemandFacts({ view, d }: { view: View; d: DemandDto }) {
  const { t } = view;
  return (
    <DescriptionList items={[
      { term: t('tradeUi.demand.buyer'), detail: <>{d.buyer.name}{d.isSample ? <> <SampleBadge label={t('portal.sample')} /></> : null}</> },
      { term: t('tradeUi.demand.productSet'), detail: d.productSetName ?? t('tradeUi.demand.freeText') },
      { term: t('tradeUi.demand.minStars'), detail: d.minStars ? <Stars count={d.minStars} showText /> : t('tradeUi.demand.anyStars') },
      { term: t('tradeUi.demand.quantity'), detail: `${d.quantity.toLocaleString('vi-VN')} ${d.unit}` },
      { term: t('tradeUi.demand.packaging'), detail: d.packaging || '—' },
      { term: t('tradeUi.demand.deliveryProvince'), detail: d.deliveryProvinceName },
      { term: t('tradeUi.demand.neededBy'), detail: day(d.neededBy) },
      { term: t('tradeUi.demand.certifications'), detail: d.certifications.length ? d.certifications.join(', ') : '—' },
      { term: t('tradeUi.demand.deadline'), detail: day(d.deadline) },
      { term: t('tradeUi.demand.status'), detail: <DemandStatus view={view} status={d.status} /> },
      { term: t('tradeUi.demand.postedAt'), detail: formatDateTimeVi(new Date(d.createdAt)) },
      ...(d.description ? [{ term: t('tradeUi.demand.description'), detail: <p class="pre-line">{d.description}</p> }] : []),
    ]} />
  );
}

/**
 * The offers side by side (cards in a grid: two or three abreast on a wide screen, one under the
 * other on a phone), the lowest total first: producer, product with its stars and the
 * certificate's live verification, price, quantity, total, delivery, note, files, status — and
 * what the reader may do with each (`actions`).
 */
export function OfferCards({ view, offers, unit, actions, label }: { view: View; offers: OfferDto[]; unit: string; actions?: (o: OfferDto) => ComponentChildren; label: string }) {
  const { t } = view;
  if (!offers.length) return <EmptyState>{t('tradeUi.offers.none')}</EmptyState>;
  const sorted = [...offers].sort((a, b) => a.total - b.total || a.unitPrice - b.unitPrice || a.createdAt.localeCompare(b.createdAt));
  const best = sorted.filter((o) => o.status !== 'withdrawn' && o.status !== 'declined')[0];
  return (
    <ol class="trade-offers" aria-label={label}>
      {sorted.map((o) => {
        const doing = actions?.(o);
        return (
          <li class={o === best && sorted.length > 1 ? 'card trade-offer trade-offer--best' : 'card trade-offer'} id={`chao-gia-${o.id}`}>
            <div class="card-body">
              <h3 class="trade-offer-title">{o.producer.name}</h3>
              <p class="muted small">{o.producer.provinceName}</p>
              <p class="cluster">
                <StatusBadge tone={OFFER_TONE[o.status]}>{t(`trade.offerStatus.${o.status}`)}</StatusBadge>
                {o === best && sorted.length > 1 ? <StatusBadge tone="success">{t('tradeUi.offers.lowest')}</StatusBadge> : null}
                {o.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
              </p>
              <p class="trade-offer-total">{dong(o.total)}</p>
              <dl class="trade-offer-facts">
                <dt>{t('tradeUi.offer.product')}</dt>
                <dd>
                  {o.product.name}
                  {o.product.stars ? <><br /><Stars count={o.product.stars} showText /></> : null}
                  {o.product.certificateNumber ? <><br /><a href={verifyHref(o.product.certificateNumber)} aria-label={t('tradeUi.offer.verifyLabel', { number: o.product.certificateNumber })}>{o.product.certificateNumber}</a></> : null}
                </dd>
                <dt>{t('tradeUi.offer.unitPriceShort')}</dt><dd>{`${dong(o.unitPrice)}/${unit}`}</dd>
                <dt>{t('tradeUi.offer.quantity')}</dt><dd>{`${o.quantity.toLocaleString('vi-VN')} ${unit}`}</dd>
                <dt>{t('tradeUi.offer.deliveryOn')}</dt><dd>{day(o.deliveryOn)}</dd>
                {o.note ? <><dt>{t('tradeUi.offer.note')}</dt><dd class="pre-line">{o.note}</dd></> : null}
                {o.files.length ? (
                  <><dt>{t('tradeUi.offer.files')}</dt><dd><ul class="plain-list">{o.files.map((f) => <li><a href={f.url} download={f.filename}>{f.filename}</a></li>)}</ul></dd></>
                ) : null}
                {o.decisionNote ? <><dt>{t('tradeUi.offer.decisionNote')}</dt><dd>{o.decisionNote}</dd></> : null}
              </dl>
              {doing ? <div class="trade-offer-actions">{doing}</div> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** The certified products matched to the demand, best first; `ask` links a producer's thread. */
export function MatchesTable({ view, matches, ask }: { view: View; matches: MatchDto[]; ask?: (producerId: string) => string }) {
  const { t } = view;
  return (
    <DataTable<MatchDto> caption={t('tradeUi.matches.caption', { n: matches.length })} captionHidden rows={matches} rowKey={(m) => m.product.id}
      empty={<EmptyState>{t('tradeUi.matches.none')}</EmptyState>}
      columns={[
        { key: 'product', label: t('tradeUi.offer.product'), render: (m) => <>{m.product.name}<br /><Stars count={m.product.stars} showText /></> },
        { key: 'producer', label: t('tradeUi.offer.producer'), render: (m) => <>{m.producer.name}<br /><span class="muted">{m.producer.provinceName}</span></> },
        {
          key: 'fit', label: t('tradeUi.matches.fit'), render: (m) => (
            <>
              {m.sameProvince ? <StatusBadge tone="success">{t('tradeUi.matches.sameProvince')}</StatusBadge> : null}{' '}
              {m.inStock ? <StatusBadge tone="info">{t('tradeUi.matches.inStock')}</StatusBadge> : null}
              {!m.sameProvince && !m.inStock ? '—' : null}
            </>
          ),
        },
        ...(ask ? [{ key: 'ask', label: t('tradeUi.thread.title'), render: (m: MatchDto) => <a href={ask(m.producer.id)}>{t('tradeUi.thread.ask')}<span class="visually-hidden"> {m.producer.name}</span></a> }] : []),
      ]} />
  );
}

/** A demand's thread with one producer, and the form to write in it. */
export function ThreadBox({ view, thread, action, producerId, ownSide, error, closed }: {
  view: View; thread: ThreadDto; action: string; producerId?: string; ownSide: 'buyer' | 'producer'; error?: string | undefined; closed: boolean;
}) {
  const { t } = view;
  return (
    <div class="trade-thread">
      {thread.messages.length ? (
        <ol class="plain-list trade-messages" aria-label={t('tradeUi.thread.with', { name: thread.producer.name })}>
          {thread.messages.map((m) => (
            <li class={m.side === ownSide ? 'trade-message trade-message--own' : 'trade-message'}>
              <p class="muted small"><strong>{m.author}</strong> · {t(`tradeUi.side.${m.side}`)} · {formatDateTimeVi(new Date(m.createdAt))}</p>
              <p class="pre-line">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : <p class="muted">{t('tradeUi.thread.empty')}</p>}
      {closed ? null : (
        <form method="post" action={action} class="form-narrow" novalidate>
          <CsrfField token={view.csrfToken} />
          {producerId ? <input type="hidden" name="producerId" value={producerId} /> : null}
          <TextArea name="body" label={ownSide === 'buyer' ? t('tradeUi.thread.question') : t('tradeUi.thread.answer')} rows={3} maxLength={4000} required error={error} />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('tradeUi.thread.send')}</button></SubmitRow>
        </form>
      )}
    </div>
  );
}

/** "01/08/2026 – 15/08/2026", "đến 15/08/2026", "từ 01/08/2026" or "—". */
function period(view: View, from: string | null, to: string | null): string {
  if (from && to) return `${day(from)} – ${day(to)}`;
  if (to) return view.t('tradeUi.agreement.until', { day: day(to) });
  return from ? view.t('tradeUi.agreement.from', { day: day(from) }) : '—';
}

/** One agreement: parties, goods, value, period, history, and its moves for the reader. */
export function AgreementCard({ view, a, action, errors = {}, demandHref }: {
  view: View; a: AgreementDto; action: string; errors?: Record<string, string>; demandHref?: (id: string) => string;
}) {
  const { t } = view;
  const id = `hop-dong-${a.id}`;
  return (
    <li class="card order-card trade-agreement" id={id}>
      <div class="card-body">
        <header class="order-head">
          <h2><code>{a.code}</code></h2>
          <StatusBadge tone={AGREEMENT_TONE[a.status]}>{t(`trade.agreementStatus.${a.status}`)}</StatusBadge>
          {a.counted ? <StatusBadge tone="success">{t('tradeUi.agreement.counted')}</StatusBadge> : null}
          {a.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
        </header>
        <DescriptionList items={[
          { term: t('tradeUi.agreement.buyer'), detail: a.buyer.name },
          { term: t('tradeUi.agreement.producer'), detail: a.producer.name },
          { term: t('tradeUi.agreement.goods'), detail: <ul class="plain-list">{a.items.map((i) => <li>{i.productName}: {i.quantity.toLocaleString('vi-VN')} {i.unit} × {dong(i.unitPrice)}</li>)}</ul> },
          { term: t('tradeUi.agreement.value'), detail: <strong>{dong(a.value)}</strong> },
          { term: t('tradeUi.agreement.period'), detail: period(view, a.startsOn, a.endsOn) },
          { term: t('tradeUi.agreement.signedOn'), detail: day(a.signedOn) },
          ...(a.cancelReason ? [{ term: t('tradeUi.agreement.cancelReason'), detail: a.cancelReason }] : []),
          ...(a.demandId && demandHref ? [{ term: t('tradeUi.agreement.demand'), detail: <a href={demandHref(a.demandId)}>{t('tradeUi.agreement.openDemand')}</a> }] : []),
          ...(a.eventId ? [{ term: t('tradeUi.agreement.event'), detail: <a href={`/su-kien/${a.eventId}`}>{t('tradeUi.agreement.openEvent')}</a> }] : []),
        ]} />
        <details class="trade-history">
          <summary>{t('tradeUi.agreement.history', { n: a.history.length })}</summary>
          <ol class="plain-list">
            {a.history.map((h) => (
              <li>
                {formatDateTimeVi(new Date(h.at))}: {h.from ? `${t(`trade.agreementStatus.${h.from as AgreementDto['status']}`)} → ` : ''}
                <strong>{t(`trade.agreementStatus.${h.to as AgreementDto['status']}`)}</strong> ({t(`tradeUi.side.${h.side as 'buyer'}`)})
                {h.comment ? <> — {h.comment}</> : null}
              </li>
            ))}
          </ol>
        </details>
        {a.actions.length ? (
          <form method="post" action={action} class="order-actions" novalidate>
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(a.version)} />
            {a.actions.includes('cancel')
              ? <TextField name="comment" label={t('tradeUi.agreement.comment')} hint={t('tradeUi.agreement.commentHint')} maxLength={1000} error={errors.comment} optionalLabel={t('tradeUi.agreement.commentOptional')} />
              : null}
            <div class="cluster">
              {a.actions.map((x) => (
                <button type="submit" name="action" value={x} class={x === 'cancel' ? 'btn btn-secondary btn-sm' : 'btn btn-primary btn-sm'}
                  aria-label={t('tradeUi.agreement.actionLabel', { action: t(`trade.agreementAction.${x}`), code: a.code })}>
                  {t(`trade.agreementAction.${x}`)}
                </button>
              ))}
            </div>
          </form>
        ) : null}
      </div>
    </li>
  );
}

/** Status filter tabs over a list page (`href(status)`; undefined: all). */
export function StatusTabs<S extends string>({ view, label, statuses, current, href, text }: {
  view: View; label: string; statuses: readonly S[]; current: S | undefined; href: (s: S | undefined) => string; text: (s: S) => string;
}) {
  return (
    <nav class="stamp-tabs trade-tabs" aria-label={label}>
      <a href={href(undefined)} aria-current={current === undefined ? 'page' : undefined}>{view.t('common.all')}</a>
      {statuses.map((s) => <a href={href(s)} aria-current={current === s ? 'page' : undefined}>{text(s)}</a>)}
    </nav>
  );
}
