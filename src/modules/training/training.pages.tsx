/**
 * The views of the back-office pages of training (training-admin.routes.tsx): the courses with
 * filters, the course form, and one course — summary, sessions, participants with a producer
 * picker, and the attendance grid (one checkbox per participant and session held).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader, StatGrid } from '../../web/components/page';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import type { CourseDetailDto, CourseDto } from './training.schema';
import { TRAINING_WRITERS } from './training.policy';

export type CommuneChoice = { code: string; name: string };
export type ProducerChoice = { id: string; name: string; communeName: string };

export const courseHref = (id: string) => `/admin/training/${id}`;
const isWriter = (view: View) => (TRAINING_WRITERS as readonly string[]).includes(view.actor?.role ?? '');
const pct = (view: View, r: number | null) => (r === null ? '—' : new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(r));
const hoursText = (view: View, h: number | null) => (h === null ? '—' : new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(h));
const areaText = (c: CourseDto) => (c.communeName ? `${c.communeName}, ${c.provinceName}` : c.provinceName);

function PostButton({ view, action, label, hidden, variant = 'btn-secondary' }: { view: View; action: string; label: string; hidden?: Record<string, string>; variant?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(hidden ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

export interface CourseListProps {
  view: View;
  query: { q?: string | undefined; year?: number | undefined; area?: string | undefined; page: number };
  done: string | undefined;
  list: { items: CourseDto[]; total: number; page: number; pageSize: number };
  communes: CommuneChoice[] | null;
  years: string[];
}

export function CourseListPage({ view, query: q, done, list, communes, years }: CourseListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('training.title')} active="/admin/programme">
      <BackLink href="/admin/programme">{t('nav.programme')}</BackLink>
      <PageHeader title={t('training.title')} lead={t('training.lead')}
        actions={isWriter(view) ? <a class="btn btn-primary" href="/admin/training/new">{t('training.new')}</a> : undefined} />
      {done === 'deleted' && <Notice tone="success">{t('training.done.deleted')}</Notice>}
      <FilterBar action="/admin/training" submitLabel={t('common.filter')} reset={{ href: '/admin/training', label: t('common.all') }}>
        <SearchInput name="q" label={t('training.search')} value={q.q} />
        <SelectField name="year" label={t('training.year')} value={q.year ? String(q.year) : ''} placeholder={t('common.all')} options={years.map((y) => ({ value: y, label: y }))} />
        {communes && communes.length > 1
          ? <SelectField name="area" label={t('training.commune')} value={q.area} placeholder={t('common.all')} options={communes.map((c) => ({ value: c.code, label: c.name }))} />
          : !communes ? <TextField name="area" label={t('training.area')} value={q.area} width="sm" inputMode="numeric" /> : null}
      </FilterBar>
      <p class="muted">{t('common.total', { total: list.total })}</p>
      <DataTable<CourseDto>
        caption={t('training.list')} captionHidden rows={list.items} empty={t('training.empty')} rowKey={(c) => c.id}
        columns={[
          { key: 'title', label: t('training.courseTitle'), render: (c) => <><a href={courseHref(c.id)}>{c.title}</a>{c.isSample && <> <SampleBadge label={t('common.sample')} /></>}{c.trainer && <><br /><span class="muted">{c.trainer}</span></>}</> },
          { key: 'area', label: t('training.area'), render: areaText },
          { key: 'dates', label: t('training.dates'), render: (c) => `${formatDateVi(c.startsOn)} – ${formatDateVi(c.endsOn)}` },
          { key: 'sessions', label: t('training.sessionsHeld'), numeric: true, render: (c) => `${c.summary.sessionsHeld}/${c.summary.sessions}` },
          { key: 'participants', label: t('training.participantsCount'), numeric: true, render: (c) => c.summary.participants },
          { key: 'rate', label: t('training.attendanceRate'), numeric: true, render: (c) => pct(view, c.summary.attendanceRate) },
        ]}
      />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref('/admin/training', q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

export interface CourseFormProps {
  view: View;
  c: CourseDetailDto | null;
  values: Record<string, string>;
  communes: CommuneChoice[] | null;
  errors?: FieldMessages;
  summary?: string | undefined;
}

export function CourseFormPage({ view, c, values, communes, errors = {}, summary }: CourseFormProps) {
  const { t } = view;
  const title = c ? t('training.edit') : t('training.new');
  const labels: Record<string, string> = {
    title: t('training.courseTitle'), framework: t('training.framework'), provinceCode: t('training.provinceCode'),
    communeCode: communes ? t('training.commune') : t('training.communeCode'), startsOn: t('training.startsOn'), endsOn: t('training.endsOn'),
    trainer: t('training.trainer'), venue: t('training.venue'), form: title,
  };
  const v = (k: string) => values[k] ?? '';
  const commune = view.actor?.role === 'commune_officer';
  return (
    <Layout view={view} title={title} active="/admin/programme">
      <BackLink href={c ? courseHref(c.id) : '/admin/training'}>{t('common.back')}</BackLink>
      <PageHeader title={title} caption={c?.title} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={c ? courseHref(c.id) : '/admin/training'} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {c && <input type="hidden" name="version" value={v('version') || String(c.version)} />}
        <TextField name="title" label={labels.title!} hint={t('training.courseTitleHint')} value={v('title')} error={errors.title} required maxLength={300} />
        <TextField name="framework" label={labels.framework!} hint={t('training.frameworkHint')} value={v('framework')} error={errors.framework} maxLength={300} optionalLabel={t('form.optional')} />
        {communes
          ? <SelectField name="communeCode" label={labels.communeCode!} value={v('communeCode')} error={errors.communeCode} required={commune}
            placeholder={commune ? undefined : t('training.communeAll')} options={communes.map((x) => ({ value: x.code, label: x.name }))} />
          : <>
            {!c && <TextField name="provinceCode" label={labels.provinceCode!} hint={t('training.provinceHint')} value={v('provinceCode')} error={errors.provinceCode} width="xs" inputMode="numeric" maxLength={2} />}
            <TextField name="communeCode" label={labels.communeCode!} hint={t('training.communeHint')} value={v('communeCode')} error={errors.communeCode} width="sm" inputMode="numeric" maxLength={5} optionalLabel={t('form.optional')} />
          </>}
        <div class="grid grid-2">
          <TextField name="startsOn" type="date" label={labels.startsOn!} value={v('startsOn')} error={errors.startsOn} required width="md" />
          <TextField name="endsOn" type="date" label={labels.endsOn!} value={v('endsOn')} error={errors.endsOn} required width="md" />
        </div>
        <TextField name="trainer" label={labels.trainer!} value={v('trainer')} error={errors.trainer} maxLength={300} optionalLabel={t('form.optional')} />
        <TextField name="venue" label={labels.venue!} value={v('venue')} error={errors.venue} maxLength={300} optionalLabel={t('form.optional')} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{c ? t('training.save') : t('training.new')}</button>
          <a class="btn btn-ghost" href={c ? courseHref(c.id) : '/admin/training'}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

function AttendanceGrid({ view, c, readOnly = false }: { view: View; c: CourseDetailDto; readOnly?: boolean }) {
  const { t } = view;
  const held = c.sessions.filter((s) => s.held);
  if (!held.length || !c.participants.length) return <p class="muted">{t('training.attendanceNone')}</p>;
  const present = new Set(c.attendance.filter((a) => a.present).map((a) => `${a.sessionId}:${a.participantId}`));
  const label = (s: CourseDetailDto['sessions'][number]) => `${formatDateVi(s.heldOn)} · ${s.topic}`;
  const grid = (
      <div class="table-wrap" role="region" aria-label={t('training.attendance')} tabindex={0}>
        <table class="data-table attendance-grid">
          <caption class="visually-hidden">{t('training.attendance')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('training.participants')}</th>
              {held.map((s) => <th scope="col">{label(s)}</th>)}
            </tr>
          </thead>
          <tbody>
            {c.participants.map((p) => (
              <tr>
                <th scope="row" data-label={t('training.participants')}><div class="cell">{p.fullName}{p.producerName && <><br /><span class="muted">{p.producerName}</span></>}</div></th>
                {held.map((s) => {
                  const id = `att-${s.id}-${p.id}`;
                  const here = present.has(`${s.id}:${p.id}`);
                  if (readOnly) {
                    return <td data-label={label(s)}><div class="cell">{here ? <StatusBadge tone="success">{t('training.present')}</StatusBadge> : <span class="muted">{t('training.absent')}</span>}</div></td>;
                  }
                  return (
                    <td data-label={label(s)}>
                      <div class="cell">
                        <input class="checkbox-input attendance-check" type="checkbox" id={id} name={`s_${s.id}`} value={p.id} checked={here || undefined} />
                        <label for={id} class="visually-hidden">{t('training.presentAt', { name: p.fullName, date: formatDateVi(s.heldOn) })}</label>
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
  );
  if (readOnly) return grid;
  return (
    <form method="post" action={`${courseHref(c.id)}/attendance`} class="attendance-form">
      <CsrfField token={view.csrfToken} />
      <input type="hidden" name="version" value={String(c.version)} />
      {held.map((s) => <input type="hidden" name="session" value={s.id} />)}
      {grid}
      <SubmitRow><button type="submit" class="btn btn-primary">{t('training.saveAttendance')}</button></SubmitRow>
    </form>
  );
}

export function CoursePage({ view, c, producers, q, errors, summary, values }: {
  view: View; c: CourseDetailDto; producers: ProducerChoice[]; q: { done?: string | undefined; pq?: string | undefined };
  errors: FieldMessages; summary?: string | undefined; values: Record<string, string>;
}) {
  const { t } = view;
  const doneKey = q.done && ['created', 'saved', 'session', 'participant', 'attendance'].includes(q.done) ? q.done : null;
  const base = courseHref(c.id);
  const labels: Record<string, string> = {
    heldOn: t('training.heldOn'), topic: t('training.topic'), hours: t('training.hours'), producerId: t('training.producer'), fullName: t('training.fullName'),
    position: t('training.position'), phone: t('training.phone'), present: t('training.attendance'), form: c.title,
  };
  return (
    <Layout view={view} title={c.title} active="/admin/programme">
      <BackLink href="/admin/training">{t('training.title')}</BackLink>
      <PageHeader title={c.title} caption={c.framework || t('training.course')}
        actions={c.actions.edit ? <a class="btn btn-secondary" href={`${base}/edit`}>{t('common.edit')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(`training.done.${doneKey}` as 'training.done.created')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      {c.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      {!c.actions.edit && <Notice tone="info">{t('training.readOnly')}</Notice>}
      <h2 class="visually-hidden">{t('training.summary')}</h2>
      <StatGrid items={[
        { label: t('training.sessionsHeld'), value: `${c.summary.sessionsHeld}/${c.summary.sessions}` },
        { label: t('training.participantsCount'), value: c.summary.participants },
        { label: t('training.attendanceRate'), value: pct(view, c.summary.attendanceRate) },
        { label: t('training.producersReached'), value: c.summary.producersReached },
      ]} />
      <Card>
        <DescriptionList items={[
          { term: t('training.area'), detail: areaText(c) },
          { term: t('training.dates'), detail: `${formatDateVi(c.startsOn)} – ${formatDateVi(c.endsOn)}` },
          { term: t('training.trainer'), detail: c.trainer || '—' },
          { term: t('training.venue'), detail: c.venue || '—' },
          { term: t('training.hoursHeld'), detail: hoursText(view, c.summary.hoursHeld) },
          { term: t('training.createdBy'), detail: c.createdBy },
        ]} />
      </Card>

      <section aria-labelledby="sessions-h" class="stamp-section">
        <h2 id="sessions-h">{t('training.sessions')} ({c.sessions.length})</h2>
        <DataTable
          caption={t('training.sessions')} captionHidden rows={c.sessions} empty={t('training.sessionsEmpty')} rowKey={(s) => s.id}
          columns={[
            { key: 'heldOn', label: t('training.heldOn'), render: (s) => formatDateVi(s.heldOn) },
            { key: 'topic', label: t('training.topic'), render: (s) => s.topic },
            { key: 'hours', label: t('training.hours'), numeric: true, render: (s) => hoursText(view, s.hours) },
            { key: 'present', label: t('training.present'), numeric: true, render: (s) => (s.held ? `${s.present}/${c.participants.length}` : <StatusBadge tone="info">{t('training.notHeld')}</StatusBadge>) },
          ]}
        />
        {c.actions.edit && (
          <Card title={t('training.addSession')} level={3}>
            <form method="post" action={`${base}/sessions`} novalidate class="form-narrow">
              <CsrfField token={view.csrfToken} />
              <TextField name="heldOn" type="date" label={labels.heldOn!} value={values.heldOn} error={errors.heldOn} required width="md" />
              <TextField name="topic" label={labels.topic!} value={values.topic} error={errors.topic} required maxLength={300} />
              <TextField name="hours" type="number" inputMode="decimal" label={labels.hours!} hint={t('training.hoursHint')} value={values.hours} error={errors.hours} width="sm" optionalLabel={t('form.optional')} />
              <SubmitRow><button type="submit" class="btn btn-secondary">{t('training.addSession')}</button></SubmitRow>
            </form>
          </Card>
        )}
      </section>

      <section aria-labelledby="participants-h" class="stamp-section">
        <h2 id="participants-h">{t('training.participants')} ({c.participants.length})</h2>
        <DataTable
          caption={t('training.participants')} captionHidden rows={c.participants} empty={t('training.participantsEmpty')} rowKey={(p) => p.id}
          columns={[
            { key: 'name', label: t('training.fullName'), render: (p) => <><strong>{p.fullName}</strong>{p.position && <><br /><span class="muted">{p.position}</span></>}</> },
            { key: 'producer', label: t('training.producer'), render: (p) => p.producerName ?? '—' },
            { key: 'phone', label: t('training.phone'), render: (p) => p.phone ?? '—' },
            { key: 'attended', label: t('training.attended'), numeric: true, render: (p) => p.attended },
          ]}
        />
        {c.actions.edit && (
          <Card title={t('training.addParticipant')} level={3}>
            <p>{t('training.addParticipantLead')}</p>
            <FilterBar action={base} submitLabel={t('common.search')} label={t('training.pickSearch')}>
              <SearchInput name="pq" label={t('training.pickSearch')} value={q.pq} />
            </FilterBar>
            <form method="post" action={`${base}/participants`} novalidate class="form-narrow">
              <CsrfField token={view.csrfToken} />
              <SelectField name="producerId" label={labels.producerId!} value={values.producerId} error={errors.producerId} placeholder={t('training.producerNone')}
                options={producers.map((p) => ({ value: p.id, label: `${p.name} (${p.communeName})` }))} />
              <TextField name="fullName" label={labels.fullName!} hint={t('training.fullNameHint')} value={values.fullName} error={errors.fullName} maxLength={200} autocomplete="off" />
              <TextField name="position" label={labels.position!} value={values.position} error={errors.position} maxLength={200} optionalLabel={t('form.optional')} />
              <TextField name="phone" type="tel" label={labels.phone!} value={values.phone} error={errors.phone} width="md" maxLength={30} optionalLabel={t('form.optional')} />
              <SubmitRow><button type="submit" class="btn btn-secondary">{t('training.addParticipant')}</button></SubmitRow>
            </form>
          </Card>
        )}
      </section>

      <section aria-labelledby="attendance-h" class="stamp-section">
        <h2 id="attendance-h">{t('training.attendance')}</h2>
        {c.actions.edit ? <><p class="muted">{t('training.attendanceLead')}</p><AttendanceGrid view={view} c={c} /></> : <AttendanceGrid view={view} c={c} readOnly />}
      </section>

      {c.actions.delete && (
        <Card title={t('training.delete')}>
          <p>{t('training.deleteLead')}</p>
          <PostButton view={view} action={`${base}/delete`} hidden={{ version: String(c.version) }} label={t('training.delete')} variant="btn-danger" />
        </Card>
      )}
    </Layout>
  );
}
