/**
 * One lot in the back office (/admin/truy-xuat/lo/:id): any recall reaching it in red at the top,
 * its facts with the trace code, the public trace page and the GS1 Digital Link, what is left of
 * it, and what may be recorded (each form on its own page, for phones); then its journey (corrected
 * events marked, with "Đính chính"), its inputs one step back, the lots made from it one step
 * forward and its lab results. Components only: data comes as props.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import { BackLink, Card, DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { formatDateTimeVi, formatDateVi, todayInVietnam } from '../../domain/dates';
import type { LabResultDto, LotDto, LotInputDto, LotRef, RecallDto, TraceEventDto } from './trace.schema';
import type { DoneKey } from './trace-forms';
import { DoneNotice, labelsHref, lotFormHref, lotHref, qty, RecalledBadge, TRACE_ADMIN, TraceCode } from './trace-admin-shared.pages';

const at = (iso: string) => formatDateTimeVi(new Date(iso));

/** An open recall, in red: of this lot, or of a lot it was made from. */
export function RecallNotice({ view, r, own }: { view: View; r: RecallDto; own: boolean }) {
  const { t } = view;
  return (
    <Notice tone="danger" title={own ? t('traceAdmin.recall.ownTitle') : t('traceAdmin.recall.upstreamTitle', { lot: r.lotNumber, product: r.productName })}>
      <p class="pre-line"><strong>{t('traceAdmin.recall.reason')}:</strong> {r.reason}</p>
      <p class="pre-line"><strong>{t('traceAdmin.recall.scope')}:</strong> {r.scope}</p>
      <p class="pre-line"><strong>{t('traceAdmin.recall.instructions')}:</strong> {r.instructions}</p>
      <p class="small">{t('traceAdmin.recall.since', { at: at(r.recalledAt) })}{own ? null : <> · <a href={lotHref(r.lotId)}>{t('traceAdmin.recall.openLot')}</a></>}</p>
    </Notice>
  );
}

function EventItem({ view, e, lot, canCorrect, byId }: { view: View; e: TraceEventDto; lot: LotDto; canCorrect: boolean; byId: Map<string, TraceEventDto> }) {
  const { t } = view;
  const corrects = e.correctsId ? byId.get(e.correctsId) : undefined;
  const ins = e.lots.filter((l) => l.role === 'input');
  const outs = e.lots.filter((l) => l.role === 'output');
  const lotLink = (l: TraceEventDto['lots'][number]) => (l.id === lot.id ? <strong>{l.lotNumber}</strong> : <a href={lotHref(l.id)}>{l.lotNumber}</a>);
  return (
    <li class="timeline-item" id={`su-kien-${e.id}`}>
      <h3 class="timeline-head">
        {t(`trace.kind.${e.kind}`)}{' '}
        {e.correctedBy ? <StatusBadge tone="warning">{t('traceAdmin.event.corrected')}</StatusBadge> : null}
        {e.correctsId ? <StatusBadge tone="info">{t('traceAdmin.event.correction')}</StatusBadge> : null}
      </h3>
      <p class="muted small mb-0">
        <time dateTime={e.occurredAt}>{e.labResultId ? formatDateVi(todayInVietnam(new Date(e.occurredAt))) : at(e.occurredAt)}</time> · {[e.facility, e.communeName, e.provinceName].filter(Boolean).join(', ')}
      </p>
      <p class="mb-0">{t('traceAdmin.event.by', { who: e.actor })}</p>
      {e.counterparty ? <p class="mb-0">{t('traceAdmin.event.counterpartyIs', { who: e.counterparty })}</p> : null}
      {e.container ? <p class="mb-0">{t('traceAdmin.event.containerIs', { code: e.container })}</p> : null}
      {ins.length || outs.length ? (
        <p class="mb-0">
          {t('traceAdmin.event.inputs')}: {ins.map((l, i) => <>{i ? ', ' : ''}{lotLink(l)} ({l.productName}{l.quantity !== null ? `, ${qty(view, l.quantity, l.unit)}` : ''})</>)}
          <br />{t('traceAdmin.event.outputs')}: {outs.map((l, i) => <>{i ? ', ' : ''}{lotLink(l)} ({l.productName}{l.quantity !== null ? `, ${qty(view, l.quantity, l.unit)}` : ''})</>)}
        </p>
      ) : null}
      {e.note ? <p class="timeline-comment pre-line">{e.note}</p> : null}
      {corrects ? <p class="small mb-0">{t('traceAdmin.event.corrects')} <a href={`#su-kien-${corrects.id}`}>{t(`trace.kind.${corrects.kind}`)} · {at(corrects.occurredAt)}</a></p> : null}
      {e.correctedBy ? <p class="small mb-0"><a href={`#su-kien-${e.correctedBy}`}>{t('traceAdmin.event.seeCorrection')}</a></p> : null}
      <p class="cluster small mb-0">
        {e.evidence ? <a href={e.evidence.url}>{t('traceAdmin.event.evidence', { name: e.evidence.name })}</a> : null}
        {canCorrect && e.kind !== 'transformation' && !e.correctedBy ? (
          <a class="btn btn-ghost btn-sm" href={`${lotFormHref(lot.id, 'event')}?dinh-chinh=${e.id}`}>
            {t('traceAdmin.event.correct')}<span class="visually-hidden"> {t(`trace.kind.${e.kind}`)} {at(e.occurredAt)}</span>
          </a>
        ) : null}
      </p>
    </li>
  );
}

function InputItem({ view, i }: { view: View; i: LotInputDto }) {
  const { t } = view;
  const place = [i.supplier.communeName, i.supplier.provinceName].filter(Boolean).join(', ');
  return (
    <li class="outlet">
      <p><strong>{i.material}</strong> · <span class="outlet-kind">{t(`trace.source.${i.sourceKind}`)}</span></p>
      <p>{i.supplier.name}{place ? <span class="outlet-address"> — {place}</span> : null}</p>
      {i.area ? <p class="small">{t('traceAdmin.area.facts', { crop: i.area.crop, ha: i.area.hectares !== null ? qty(view, i.area.hectares, null) : '—' })}{i.area.certification ? ` · ${i.area.certification}` : ''}</p> : null}
      <p class="small muted">
        {i.quantity !== null ? qty(view, i.quantity, i.unit) : null}
        {i.quantity !== null && i.receivedOn ? ' · ' : null}
        {i.receivedOn ? t('traceAdmin.input.receivedOnIs', { day: formatDateVi(i.receivedOn) }) : null}
      </p>
      {i.document ? <p class="small"><a href={i.document.url}>{t('traceAdmin.input.document', { name: i.document.name })}</a></p> : null}
    </li>
  );
}

function LabCard({ view, r }: { view: View; r: LabResultDto }) {
  const { t } = view;
  return (
    <Card level={3} title={<>{r.laboratory} <StatusBadge tone={r.passed ? 'success' : 'danger'}>{t(r.passed ? 'traceAdmin.lab.passed' : 'traceAdmin.lab.failed')}</StatusBadge></>}>
      <p class="small muted">{t('traceAdmin.lab.testedOnIs', { day: formatDateVi(r.testedOn) })}{r.reportNumber ? ` · ${t('traceAdmin.lab.reportNumberIs', { n: r.reportNumber })}` : ''}</p>
      <DataTable<LabResultDto['indicators'][number]> caption={t('traceAdmin.lab.indicatorsOf', { lab: r.laboratory })} captionHidden rows={r.indicators} empty="—"
        columns={[
          { key: 'name', label: t('traceAdmin.lab.indicator'), render: (i) => i.name },
          { key: 'result', label: t('traceAdmin.lab.result'), render: (i) => i.result },
          { key: 'limit', label: t('traceAdmin.lab.limit'), render: (i) => i.limit ?? '—' },
          { key: 'passed', label: t('traceAdmin.lab.verdict'), render: (i) => <StatusBadge tone={i.passed ? 'success' : 'danger'}>{t(i.passed ? 'traceAdmin.lab.passed' : 'traceAdmin.lab.failed')}</StatusBadge> },
        ]} />
      {r.report ? <p class="small"><a href={r.report.url}>{t('traceAdmin.lab.report', { name: r.report.name })}</a></p> : null}
    </Card>
  );
}

function LotRefs({ lots, empty }: { lots: LotRef[]; empty: string }) {
  if (!lots.length) return <p class="muted">{empty}</p>;
  return (
    <ul class="council-list">
      {lots.map((l) => <li><a href={lotHref(l.id)}>{l.lotNumber}</a> — {l.productName} <span class="muted">({l.producerName})</span> · <TraceCode code={l.traceCode} /></li>)}
    </ul>
  );
}

export interface LotPageProps { view: View; lot: LotDto; done: DoneKey | undefined }

export function LotPage({ view, lot, done }: LotPageProps) {
  const { t } = view;
  const open = lot.recalls.filter((r) => r.status === 'open');
  const byId = new Map(lot.events.map((e) => [e.id, e]));
  const events = [...lot.events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt));
  return (
    <Layout view={view} title={`${lot.product.name} · ${t('traceAdmin.lotN', { lot: lot.lotNumber })}`} active={TRACE_ADMIN}>
      <BackLink href={TRACE_ADMIN}>{t('traceAdmin.lots.title')}</BackLink>
      <PageHeader title={<>{lot.product.name} · {t('traceAdmin.lotN', { lot: lot.lotNumber })}</>} caption={lot.producer.name} />
      <DoneNotice view={view} done={done} />
      {open.map((r) => <RecallNotice view={view} r={r} own={r.lotId === lot.id} />)}
      {lot.isSample ? <Notice tone="info">{t('common.sampleNote')}</Notice> : null}
      <Card title={t('traceAdmin.lot.facts')}>
        <DescriptionList items={[
          { term: t('traceAdmin.traceCode'), detail: <><TraceCode code={lot.traceCode} />{lot.recalled ? <> <RecalledBadge view={view} /></> : null}{lot.isSample ? <> <SampleBadge label={t('common.sample')} /></> : null}</> },
          { term: t('traceAdmin.lot.publicPage'), detail: <a href={lot.links.trace}>{lot.links.trace}</a> },
          ...(lot.links.digitalLink ? [{ term: t('traceAdmin.lot.digitalLink'), detail: <a href={lot.links.digitalLink} class="mono">{lot.links.digitalLink}</a> }] : []),
          { term: t('traceAdmin.product'), detail: lot.product.gtin ? `${lot.product.name} · GTIN ${lot.product.gtin}` : lot.product.name },
          { term: t('traceAdmin.producer'), detail: lot.producer.name },
          { term: t('traceAdmin.producedOn'), detail: formatDateVi(lot.producedOn) },
          { term: t('traceAdmin.expiresOn'), detail: lot.expiresOn ? formatDateVi(lot.expiresOn) : '—' },
          { term: t('traceAdmin.quantity'), detail: qty(view, lot.quantity, lot.unit) },
          { term: t('traceAdmin.remaining'), detail: qty(view, lot.remaining, lot.unit) },
          { term: t('traceAdmin.facility'), detail: lot.facility || '—' },
          { term: t('traceAdmin.lotCommune'), detail: `${lot.communeName}, ${lot.provinceName}` },
          ...(lot.note ? [{ term: t('traceAdmin.note'), detail: <span class="pre-line">{lot.note}</span> }] : []),
        ]} />
        <p class="cluster">
          <a class="btn btn-secondary btn-sm" href={labelsHref(lot.id)}>{t('traceAdmin.lot.labels')}</a>
          <a class="btn btn-ghost btn-sm" href={lot.links.epcis}>{t('traceAdmin.lot.epcis')}</a>
        </p>
      </Card>
      {lot.actions.record || lot.actions.recall ? (
        <Card title={t('traceAdmin.lot.record')} variant="accent">
          <ul class="cluster plain-list">
            {lot.actions.record ? (
              <>
                <li><a class="btn btn-primary" href={lotFormHref(lot.id, 'event')}>{t('traceAdmin.event.add')}</a></li>
                <li><a class="btn btn-secondary" href={lotFormHref(lot.id, 'input')}>{t('traceAdmin.input.add')}</a></li>
                <li><a class="btn btn-secondary" href={lotFormHref(lot.id, 'lab')}>{t('traceAdmin.lab.add')}</a></li>
                <li><a class="btn btn-secondary" href={lotFormHref(lot.id, 'transform')}>{t('traceAdmin.transform.title')}</a></li>
              </>
            ) : null}
            {lot.actions.recall ? <li><a class="btn btn-danger" href={lotFormHref(lot.id, 'recall')}>{t('traceAdmin.recall.title')}</a></li> : null}
          </ul>
        </Card>
      ) : null}
      <section aria-labelledby="journey-h" class="trade-section">
        <h2 id="journey-h">{t('traceAdmin.journey')} ({events.length})</h2>
        {events.length ? (
          <ol class="timeline">{events.map((e) => <EventItem view={view} e={e} lot={lot} canCorrect={lot.actions.record} byId={byId} />)}</ol>
        ) : <EmptyState>{t('traceAdmin.journey.none')}</EmptyState>}
      </section>
      <section aria-labelledby="inputs-h" class="trade-section">
        <h2 id="inputs-h">{t('traceAdmin.inputs')} ({lot.inputs.length})</h2>
        {lot.inputs.length ? <ul class="outlet-list">{lot.inputs.map((i) => <InputItem view={view} i={i} />)}</ul> : <p class="muted">{t('traceAdmin.inputs.none')}</p>}
        <h3>{t('traceAdmin.inputLots')}</h3>
        <LotRefs lots={lot.inputLots} empty={t('traceAdmin.inputLots.none')} />
        <h3>{t('traceAdmin.outputLots')}</h3>
        <LotRefs lots={lot.outputLots} empty={t('traceAdmin.outputLots.none')} />
      </section>
      <section aria-labelledby="lab-h" class="trade-section">
        <h2 id="lab-h">{t('traceAdmin.labResults')} ({lot.labResults.length})</h2>
        {lot.labResults.length ? lot.labResults.map((r) => <LabCard view={view} r={r} />) : <p class="muted">{t('traceAdmin.labResults.none')}</p>}
      </section>
    </Layout>
  );
}
