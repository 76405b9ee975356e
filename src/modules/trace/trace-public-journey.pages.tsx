/**
 * The lower half of a lot's public trace page (trace-public.pages.tsx): the journey as a timeline,
 * the communes on the way as an ordered route with a map link each, the inputs one step back and
 * the lots upstream, and the lab results. Plain lists and text: no script, no picture.
 *
 * The timeline reads oldest first, as the lot travelled — from the raw-material area through
 * processing to the shop — the same order as the route of communes beside it, so the two tell one
 * story; what a shopper must know now (a recall) is at the very top of the page whatever its date.
 */
import type { View } from '../../web/view';
import { formatDateTimeVi, formatDateVi, todayInVietnam } from '../../domain/dates';
import type { TraceUnit } from '../../domain/trace';
import type { TraceView } from './trace-read.service';
import { tracePath } from './trace-read.service';
import type { LabResultDto, LotInputDto, TraceEventDto } from './trace.schema';

const day = (d: string) => formatDateVi(d);
/** An instant in Vietnam's time, as the house writes it (dd/MM/yyyy HH:mm). */
export const momentOf = (iso: string) => formatDateTimeVi(new Date(iso));
/** The day in Vietnam of an instant. */
export const dayOf = (iso: string) => formatDateVi(todayInVietnam(new Date(iso)));

/** "1.250,5 kg" (Vietnamese) or "1,250.5 kg" (English). */
export function quantity(view: View, n: number, unit: TraceUnit): string {
  return `${n.toLocaleString(view.locale === 'en' ? 'en-US' : 'vi-VN')} ${view.t(`trace.unit.${unit}`)}`;
}

/** OpenStreetMap's search for a commune (the reference data has no coordinates): an ordinary link. */
export const mapLink = (commune: string, province: string) =>
  `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${commune}, ${province}, Việt Nam`)}`;

const anchorOf = (id: string) => `ev-${id}`;

function EventItem({ view, e, lotId, anchors }: { view: View; e: TraceEventDto; lotId: string; anchors: ReadonlySet<string> }) {
  const { t } = view;
  const subject = e.lots.find((l) => l.role === 'subject');
  const inputs = e.lots.filter((l) => l.role === 'input');
  const outputs = e.lots.filter((l) => l.role === 'output');
  const lotLabel = (l: TraceEventDto['lots'][number]) => t('trace.public.event.lot', { lot: l.lotNumber, product: l.productName });
  const moved = (l: TraceEventDto['lots'][number]) => (
    <li>{l.id === lotId ? <strong>{lotLabel(l)}</strong> : lotLabel(l)}{l.quantity !== null ? `: ${quantity(view, l.quantity, l.unit)}` : ''}</li>
  );
  // Lean markup (a lot may show hundreds of events): the list's class styles its items.
  return (
    <li class={e.correctedBy ? 'tl-old' : undefined} id={anchors.has(e.id) ? anchorOf(e.id) : undefined}>
      <p><strong>{t(`trace.kind.${e.kind}`)}</strong>{' '}
        {/* A lab result is known by its day only (the report's date): no invented time of day. */}
        {e.labResultId
          ? <time dateTime={todayInVietnam(new Date(e.occurredAt))}>{dayOf(e.occurredAt)}</time>
          : <time dateTime={`${e.occurredAt.slice(0, 16)}Z`}>{momentOf(e.occurredAt)}</time>}
        {e.correctsId ? <> <span class="tl-flag">{t('trace.public.event.correction')}</span>{anchors.has(e.correctsId) ? <> <a href={`#${anchorOf(e.correctsId)}`}>{t('trace.public.event.seeOriginal')}</a></> : null}</> : null}
        {e.correctedBy ? <> <span class="tl-flag">{t('trace.public.event.corrected')}</span>{anchors.has(e.correctedBy) ? <> <a href={`#${anchorOf(e.correctedBy)}`}>{t('trace.public.event.seeCorrection')}</a></> : null}</> : null}
      </p>
      {subject && subject.id !== lotId ? <p class="tl-lot">{lotLabel(subject)}</p> : null}
      <p>{e.facility ? `${e.facility} · ` : ''}{e.communeName}, {e.provinceName}</p>
      <p>{t('trace.public.event.by')}: {e.actor}{e.counterparty ? <> · {t('trace.public.event.to')}: {e.counterparty}</> : null}
        {e.container ? <> · {t('trace.public.event.container')}: {e.container}</> : null}</p>
      {inputs.length ? <div>{t('trace.public.event.in')}:<ul>{inputs.map(moved)}</ul></div> : null}
      {outputs.length ? <div>{t('trace.public.event.out')}:<ul>{outputs.map(moved)}</ul></div> : null}
      {e.note ? <p class="tl-note">{e.note}</p> : null}
    </li>
  );
}

export function Journey({ view, trace }: { view: View; trace: TraceView }) {
  const { t } = view;
  const ids = new Set(trace.journey.map((e) => e.id));
  // Only the events of a correction (the original and the correcting one, both on the page) carry an anchor.
  const anchors = new Set(trace.journey.flatMap((e) => [e.correctsId, e.correctedBy]).filter((id): id is string => !!id && ids.has(id)));
  return (
    <section class="trace-section" aria-labelledby="trace-journey">
      <h2 id="trace-journey">{t('trace.public.journey')}</h2>
      {trace.journey.length ? (
        <>
          <p class="muted">{t('trace.public.journey.lead')}</p>
          <ol class="trace-tl">{trace.journey.map((e) => <EventItem view={view} e={e} lotId={trace.lot.id} anchors={anchors} />)}</ol>
        </>
      ) : <p>{t('trace.public.journey.empty')}</p>}
    </section>
  );
}

/** "The map of communes": the places in the order the lot reached them, each with what happened there. */
export function Route({ view, trace }: { view: View; trace: TraceView }) {
  const { t } = view;
  if (!trace.places.length) return null;
  return (
    <section class="trace-section" aria-labelledby="trace-route">
      <h2 id="trace-route">{t('trace.public.route')}</h2>
      <p class="muted">{t('trace.public.route.lead')}</p>
      <ol class="trace-route">
        {trace.places.map((p) => (
          <li>
            <a href={mapLink(p.communeName, p.provinceName)}>{p.communeName}</a>, {p.provinceName}
            <span class="route-kinds">{p.kinds.map((k) => t(`trace.kind.${k}`)).join(' · ')}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function InputItem({ view, i }: { view: View; i: LotInputDto }) {
  const { t } = view;
  const place = [i.supplier.communeName, i.supplier.provinceName].filter(Boolean).join(', ');
  return (
    <li>
      <strong>{i.material}</strong>{i.quantity !== null && i.unit ? ` — ${quantity(view, i.quantity, i.unit)}` : ''}
      {i.receivedOn ? `, ${t('trace.public.inputs.received', { date: day(i.receivedOn) })}` : ''}
      <br />
      <span class="muted">{t(`trace.source.${i.sourceKind}`)}:</span>{' '}
      {i.supplier.name}{place ? ` (${place})` : ''}
      {i.area ? <>{' · '}{t('trace.public.inputs.crop')}: {i.area.crop}{i.area.hectares !== null ? `, ${t('trace.public.inputs.hectares', { ha: i.area.hectares.toLocaleString(view.locale === 'en' ? 'en-US' : 'vi-VN') })}` : ''}
        {i.area.certification ? `, ${i.area.certification}` : ''}</> : null}
    </li>
  );
}

export function Inputs({ view, trace }: { view: View; trace: TraceView }) {
  const { t } = view;
  const { lot, upstream } = trace;
  return (
    <>
      <section class="trace-section" aria-labelledby="trace-inputs">
        <h2 id="trace-inputs">{t('trace.public.inputs')}</h2>
        {lot.inputs.length ? <ul class="trace-list">{lot.inputs.map((i) => <InputItem view={view} i={i} />)}</ul> : null}
        {lot.inputLots.length ? (
          <p>{t('trace.public.inputs.lots')}{' '}
            {lot.inputLots.map((l, n) => <>{n ? ', ' : ''}<a href={tracePath(l.traceCode)}>{t('trace.public.event.lot', { lot: l.lotNumber, product: l.productName })}</a></>)}</p>
        ) : null}
        {!lot.inputs.length && !lot.inputLots.length ? <p>{t('trace.public.inputs.none')}</p> : null}
      </section>
      {upstream.length ? (
        <section class="trace-section" aria-labelledby="trace-upstream">
          <h2 id="trace-upstream">{t('trace.public.upstream')}</h2>
          <p class="muted">{t('trace.public.upstream.lead')}</p>
          <ol class="trace-list trace-cards">
            {upstream.map((u) => (
              <li data-depth={u.depth}>
                <span class="trace-depth">{t('trace.public.upstream.depth', { depth: u.depth })}</span>{' '}
                <a href={tracePath(u.lot.traceCode)}>{t('trace.public.event.lot', { lot: u.lot.lotNumber, product: u.lot.productName })}</a>
                {' — '}{u.lot.producerName}
                <br /><span class="muted">{t('trace.public.upstream.made', { date: day(u.lot.producedOn), place: `${u.lot.communeName}, ${u.lot.provinceName}` })}</span>
                {u.inputs.length ? <ul class="trace-list">{u.inputs.map((i) => <InputItem view={view} i={i} />)}</ul> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function Lab({ view, lab, of }: { view: View; lab: LabResultDto; of: string | null }) {
  const { t } = view;
  const mark = (passed: boolean) => <span class={passed ? 'lab-ok' : 'lab-ko'}>{passed ? `✓ ${t('trace.public.passed')}` : `✗ ${t('trace.public.failed')}`}</span>;
  return (
    <li class="trace-lab" data-passed={String(lab.passed)}>
      <p class="lab-head"><strong>{lab.laboratory}</strong> {mark(lab.passed)}</p>
      <p class="muted">{day(lab.testedOn)}{lab.reportNumber ? ` · ${t('trace.public.labs.report', { number: lab.reportNumber })}` : ''}{of ? ` · ${of}` : ''}</p>
      <ul class="lab-list">
        {lab.indicators.map((i) => <li>{i.name}: {i.result}{i.limit ? ` (${t('trace.public.labs.limit', { limit: i.limit })})` : ''} {mark(i.passed)}</li>)}
      </ul>
      {lab.report ? <p><a href={lab.report.url}>{t('trace.public.labs.open')}</a></p> : null}
    </li>
  );
}

export function Labs({ view, trace }: { view: View; trace: TraceView }) {
  const { t } = view;
  const labs = [
    ...trace.lot.labResults.map((lab) => ({ lab, of: null })),
    ...trace.upstream.flatMap((u) => u.labResults.map((lab) => ({ lab, of: t('trace.public.labs.of', { lot: u.lot.lotNumber, product: u.lot.productName }) }))),
  ];
  return (
    <section class="trace-section" aria-labelledby="trace-labs">
      <h2 id="trace-labs">{t('trace.public.labs')}</h2>
      {labs.length ? <ul class="trace-list trace-cards">{labs.map((l) => <Lab view={view} lab={l.lab} of={l.of} />)}</ul> : <p>{t('trace.public.labs.none')}</p>}
    </section>
  );
}
