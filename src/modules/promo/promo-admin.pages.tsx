/**
 * The back office's posts (promo-admin.routes.tsx): the list with filters, the form (a new post;
 * an existing one with its cover, publish/withdraw and a preview of the body as stored). The body
 * is a plain textarea: plain text becomes paragraphs, and the safe HTML subset may be typed; what
 * is stored is the sanitiser's output, which the preview shows as the portal will.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, FileField, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge } from '../../web/components/badges';
import { listHref, pagerLabels } from '../../web/components/pager';
import { IMAGE_LIMITS } from '../../domain/image';
import type { FieldMessages } from '../../errors';
import { PROMO_KINDS, PROMO_STATUSES, SUMMARY_MAX, TITLE_MAX, type PostDto, type PostSummaryDto } from './promo.schema';
import { dayOf, PostStatusBadge } from './promo.view';

export const ADMIN_PATH = '/admin/tin-tuc';
export const postAdminHref = (id: string) => `${ADMIN_PATH}/${id}`;
export const FORM_FIELDS = ['kind', 'title', 'summary', 'body', 'videoUrl', 'products', 'producers', 'events', 'version'] as const;
export type PostFormValues = Record<(typeof FORM_FIELDS)[number], string> & { provinces: string[] };

const ownerLabel = (view: View, code: string | null) => (code ? view.t('promo.owner.province', { code }) : view.t('promo.owner.national'));

export interface PostListProps {
  view: View;
  query: { q?: string | undefined; status?: PostDto['status'] | undefined; kind?: PostDto['kind'] | undefined; page: number };
  list: { items: PostSummaryDto[]; total: number; page: number; pageSize: number };
}

export function PostListPage({ view, query: q, list }: PostListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('promo.admin.title')} active={ADMIN_PATH}>
      <PageHeader title={t('promo.admin.title')} lead={t('promo.admin.lead')}
        actions={<a class="btn btn-primary" href={`${ADMIN_PATH}/moi`}>{t('promo.admin.new')}</a>} />
      <FilterBar action={ADMIN_PATH} submitLabel={t('common.filter')} reset={{ href: ADMIN_PATH, label: t('common.all') }}>
        <SearchInput name="q" label={t('promo.admin.search')} value={q.q} />
        <SelectField name="status" label={t('promo.status')} value={q.status} placeholder={t('common.all')}
          options={PROMO_STATUSES.map((s) => ({ value: s, label: t(`promo.status.${s}`) }))} />
        <SelectField name="kind" label={t('promo.kind')} value={q.kind} placeholder={t('common.all')}
          options={PROMO_KINDS.map((k) => ({ value: k, label: t(`promo.kind.${k}`) }))} />
      </FilterBar>
      <p class="muted">{t('common.total', { total: list.total })}</p>
      <DataTable<PostSummaryDto>
        caption={t('promo.admin.list')} captionHidden rows={list.items} empty={t('promo.admin.empty')} rowKey={(p) => p.id}
        columns={[
          { key: 'title', label: t('promo.field.title'), render: (p) => <>
            {p.actions.edit ? <a href={postAdminHref(p.id)}>{p.title}</a> : <a href={p.url}>{p.title}</a>}
            {p.isSample && <> <SampleBadge label={t('promo.sample')} /></>}
          </> },
          { key: 'kind', label: t('promo.kind'), render: (p) => t(`promo.kind.${p.kind}`) },
          { key: 'status', label: t('promo.status'), render: (p) => <PostStatusBadge view={view} status={p.status} /> },
          { key: 'owner', label: t('promo.owner'), render: (p) => ownerLabel(view, p.ownerProvinceCode) },
          { key: 'updated', label: t('promo.updatedAt'), render: (p) => dayOf(p.updatedAt) },
        ]}
      />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref(ADMIN_PATH, q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

/** Province checkboxes (a post may be about several). */
function ProvinceChoices({ view, provinces, chosen, error }: { view: View; provinces: { code: string; name: string }[]; chosen: string[]; error?: string | undefined }) {
  const { t } = view;
  return (
    <fieldset class={error ? 'field field--error promo-provinces' : 'field promo-provinces'} id="field-provinces" aria-describedby="field-provinces-hint">
      <legend class="field-label">{t('promo.field.provinces')} <span class="field-optional">({t('form.optional')})</span></legend>
      <p class="field-hint" id="field-provinces-hint">{t('promo.field.provincesHint')}</p>
      {error ? <p class="field-error-message"><span class="visually-hidden">{`${t('form.errorPrefix')}: `}</span>{error}</p> : null}
      <ul class="promo-province-list">
        {provinces.map((p) => (
          <li>
            <input class="checkbox-input" type="checkbox" id={`field-provinces-${p.code}`} name="provinces" value={p.code} checked={chosen.includes(p.code) || undefined} />
            <label class="checkbox-label" for={`field-provinces-${p.code}`}>{p.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export interface PostFormProps {
  view: View;
  post: PostDto | null;
  values: PostFormValues;
  provinces: { code: string; name: string }[];
  errors?: FieldMessages;
  summary?: string | undefined;
  done?: string | undefined;
}

const DONE = ['created', 'saved', 'published', 'withdrawn', 'cover', 'coverRemoved'] as const;

export function PostFormPage({ view, post, values, provinces, errors = {}, summary, done }: PostFormProps) {
  const { t } = view;
  const title = post ? t('promo.admin.edit') : t('promo.admin.new');
  const action = post ? postAdminHref(post.id) : ADMIN_PATH;
  const labels: Record<string, string> = {
    kind: t('promo.kind'), title: t('promo.field.title'), summary: t('promo.field.summary'), body: t('promo.field.body'), videoUrl: t('promo.field.videoUrl'),
    products: t('promo.field.products'), producers: t('promo.field.producers'), events: t('promo.field.events'), provinces: t('promo.field.provinces'),
    file: t('promo.field.cover'), form: title,
  };
  const doneKey = DONE.find((d) => d === done);
  return (
    <Layout view={view} title={post ? `${title} · ${post.title}` : title} active={ADMIN_PATH}>
      <BackLink href={ADMIN_PATH}>{t('promo.admin.back')}</BackLink>
      <PageHeader title={title} caption={post?.title}
        actions={post?.status === 'published' ? <a class="btn btn-secondary" href={post.url}>{t('promo.viewPublic')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(`promo.done.${doneKey}`)}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      {post?.isSample && <Notice tone="info" title={t('promo.sample')}><p>{t('promo.sampleNote')}</p></Notice>}
      {post && <StatusCard view={view} post={post} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {post && <input type="hidden" name="version" value={values.version || String(post.version)} />}
        <SelectField name="kind" label={labels.kind!} value={values.kind || 'news'} error={errors.kind} required
          options={PROMO_KINDS.map((k) => ({ value: k, label: t(`promo.kind.${k}`) }))} />
        <TextField name="title" label={labels.title!} hint={t('promo.field.titleHint')} value={values.title} error={errors.title} required maxLength={TITLE_MAX} />
        <TextArea name="summary" label={labels.summary!} hint={t('promo.field.summaryHint')} value={values.summary} error={errors.summary} rows={3} maxLength={SUMMARY_MAX} optionalLabel={t('form.optional')} />
        <TextArea name="body" label={labels.body!} hint={t('promo.field.bodyHint')} value={values.body} error={errors.body} rows={14} optionalLabel={t('form.optional')} />
        <TextField name="videoUrl" type="url" label={labels.videoUrl!} hint={t('promo.field.videoUrlHint')} value={values.videoUrl} error={errors.videoUrl} maxLength={500} optionalLabel={t('form.optional')} spellcheck={false} />
        <TextArea name="products" label={labels.products!} hint={t('promo.field.productsHint')} value={values.products} error={errors.products} rows={3} optionalLabel={t('form.optional')} />
        <TextArea name="producers" label={labels.producers!} hint={t('promo.field.producersHint')} value={values.producers} error={errors.producers} rows={3} optionalLabel={t('form.optional')} />
        <TextArea name="events" label={labels.events!} hint={t('promo.field.eventsHint')} value={values.events} error={errors.events} rows={2} optionalLabel={t('form.optional')} />
        <ProvinceChoices view={view} provinces={provinces} chosen={values.provinces} error={errors.provinces} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{post ? t('promo.save') : t('promo.create')}</button>
          <a class="btn btn-ghost" href={ADMIN_PATH}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
      {post && <CoverCard view={view} post={post} error={errors.file} />}
      {post && post.tags.length > 0 && (
        <Card title={t('promo.tags')}>
          <ul class="news-tag-list">{post.tags.map((g) => <li><span class="chip">{t(`promo.tag.${g.kind}`)}: {g.label}</span></li>)}</ul>
        </Card>
      )}
      {post?.body && (
        <Card title={t('promo.preview')}>
          {/* As stored: the sanitiser's output (web/rich-text.ts). */}
          <div class="rich-text" dangerouslySetInnerHTML={{ __html: post.body }} />
        </Card>
      )}
    </Layout>
  );
}

function ActionButton({ view, action, version, label, variant }: { view: View; action: string; version: number; label: string; variant: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      <input type="hidden" name="version" value={String(version)} />
      <button type="submit" class={`btn ${variant}`}>{label}</button>
    </form>
  );
}

function StatusCard({ view, post }: { view: View; post: PostDto }) {
  const { t } = view;
  const base = postAdminHref(post.id);
  return (
    <Card title={<>{t('promo.status')}: <PostStatusBadge view={view} status={post.status} /></>} variant="accent">
      {post.actions.publish && <>
        <p>{t('promo.publishLead')}</p>
        <ActionButton view={view} action={`${base}/publish`} version={post.version} label={post.status === 'withdrawn' ? t('promo.republish') : t('promo.publish')} variant="btn-primary" />
      </>}
      {post.actions.withdraw && <>
        <p>{t('promo.withdrawLead')}</p>
        <ActionButton view={view} action={`${base}/withdraw`} version={post.version} label={t('promo.withdraw')} variant="btn-danger" />
      </>}
    </Card>
  );
}

function CoverCard({ view, post, error }: { view: View; post: PostDto; error?: string | undefined }) {
  const { t } = view;
  const base = postAdminHref(post.id);
  return (
    <Card title={t('promo.cover.title')}>
      {post.cover
        ? <p><img class="promo-cover-thumb" src={post.cover.thumb} alt={t('promo.cover.alt', { title: post.title })} width={320} height={240} /></p>
        : <p class="muted">{t('promo.cover.none')}</p>}
      <form method="post" action={`${base}/cover`} enctype="multipart/form-data" class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="version" value={String(post.version)} />
        <FileField name="file" label={t('promo.field.cover')} hint={t('promo.field.coverHint')} accept="image/jpeg,image/png,image/webp"
          maxBytes={IMAGE_LIMITS.maxBytes} error={error} required />
        <SubmitRow><button type="submit" class="btn btn-secondary">{t('promo.cover.upload')}</button></SubmitRow>
      </form>
      {post.cover && <ActionButton view={view} action={`${base}/cover/remove`} version={post.version} label={t('promo.cover.remove')} variant="btn-ghost" />}
    </Card>
  );
}
