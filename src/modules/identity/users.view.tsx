/**
 * Administering users (/admin/nguoi-dung): the list of the accounts an officer administers, and
 * one user with what the officer may do to them (disable / enable, change role, a temporary
 * password, revoke API tokens). Components only: data comes as props.
 */
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField, type SelectOption } from '../../web/components/form';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import type { View } from '../../web/view';
import type { Role } from '../../core/roles';
import type { FieldMessages } from '../../errors';
import type { TokenDto, UserDto } from './accounts.service';
import { MY_ACCOUNT, TokensTable, when } from './accounts.view';

export const USERS = '/admin/nguoi-dung';
export const userPath = (id: string) => `${USERS}/${id}`;
export const userAction = (id: string, action: 'khoa' | 'mo-khoa' | 'vai-tro') => `${userPath(id)}/${action}`;
export const userTokenRevoke = (id: string) => (tokenId: string) => `${userPath(id)}/khoa-api/${tokenId}/thu-hoi`;

export type UserStatus = 'enabled' | 'disabled';
export interface UsersQuery { q?: string | undefined; role?: Role | undefined; status?: UserStatus | undefined; page: number }

/** "Đang hoạt động", or "Đã khóa" (the reason under it where there is room). */
export function UserStatusBadge({ view, user, reason }: { view: View; user: UserDto; reason?: boolean }) {
  const { t } = view;
  if (!user.disabled) return <StatusBadge tone="success">{t('users.status.enabled')}</StatusBadge>;
  return (
    <>
      <StatusBadge tone="danger">{t('users.status.disabled')}</StatusBadge>
      {reason && user.disabledReason ? <span class="small muted">{` ${user.disabledReason}`}</span> : null}
    </>
  );
}

/** Where the user belongs: the producer for a producer account, else the area (none: nationwide). */
const placeOf = (view: View, u: UserDto) => u.producerName ?? u.areaName ?? u.areaCode ?? view.t('account.who.national');

function queryHref(q: UsersQuery, page: number): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.role) params.set('role', q.role);
  if (q.status) params.set('status', q.status);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `${USERS}?${s}` : USERS;
}

/** Previous / next (the service reads a page at a time and says whether more follow). */
function Pager({ view, query, more }: { view: View; query: UsersQuery; more: boolean }) {
  const { t } = view;
  if (query.page <= 1 && !more) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {query.page > 1 ? <a class="pagination-link pagination-prev" href={queryHref(query, query.page - 1)} rel="prev"><span aria-hidden="true">‹ </span>{t('common.prev')}</a> : null}
      <p class="pagination-status">{t('pagination.page', { page: query.page })}</p>
      {more ? <a class="pagination-link pagination-next" href={queryHref(query, query.page + 1)} rel="next">{t('common.next')}<span aria-hidden="true"> ›</span></a> : null}
    </nav>
  );
}

export interface UsersPageProps {
  view: View;
  query: UsersQuery;
  items: UserDto[];
  more: boolean;
  /** The roles the filter offers (the ones the officer sees); empty: no role filter. */
  roles: readonly Role[];
}

/** The accounts an officer administers, searched and filtered; a table on a desktop, cards on a phone. */
export function UsersPage({ view, query, items, more, roles }: UsersPageProps) {
  const { t } = view;
  const self = view.actor?.userId;
  return (
    <Layout view={view} title={t('nav.users')} active={USERS}>
      <PageHeader title={t('nav.users')} lead={t('users.lead')} />
      <FilterBar action={USERS} submitLabel={t('common.search')} label={t('users.search')} reset={{ href: USERS, label: t('common.all') }}>
        <SearchInput name="q" label={t('users.search')} hint={t('users.searchHint')} value={query.q ?? ''} />
        {roles.length > 1 ? (
          <SelectField name="role" label={t('officerReset.role')} value={query.role ?? ''} placeholder={t('common.all')} autoSubmit
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        ) : null}
        <SelectField name="status" label={t('users.status')} value={query.status ?? ''} placeholder={t('common.all')} autoSubmit
          options={[{ value: 'enabled', label: t('users.status.enabled') }, { value: 'disabled', label: t('users.status.disabled') }]} />
      </FilterBar>
      <DataTable<UserDto>
        caption={t('nav.users')} captionHidden rows={items} rowKey={(u) => u.id} empty={t('common.empty')}
        columns={[
          {
            key: 'name', label: t('officerReset.name'), render: (u) => (
              <>
                <a href={u.id === self ? MY_ACCOUNT : userPath(u.id)}>{u.displayName || u.username}</a>
                {u.id === self ? <> <StatusBadge tone="info">{t('users.you')}</StatusBadge></> : null}
                {u.isSample ? <> <SampleBadge label={t('users.sample')} /></> : null}
                <br /><span class="small muted mono">{u.username}</span>
              </>
            ),
          },
          { key: 'role', label: t('officerReset.role'), render: (u) => t(`role.${u.role}`) },
          { key: 'place', label: t('users.place'), render: (u) => placeOf(view, u) },
          { key: 'status', label: t('users.status'), render: (u) => <UserStatusBadge view={view} user={u} reason /> },
          { key: 'last', label: t('account.who.lastSignIn'), render: (u) => when(u.lastLoginAt) ?? t('account.who.never') },
        ]}
      />
      <Pager view={view} query={query} more={more} />
    </Layout>
  );
}

/** How the role form asks for the area: a list (a province officer's province and communes) or a code (the national admin). */
export type AreaInput = { kind: 'select'; options: SelectOption[] } | { kind: 'code' };

export interface UserPageProps {
  view: View;
  user: UserDto;
  tokens: TokenDto[];
  openSessions: number;
  assignableRoles: readonly Role[];
  area: AreaInput;
  done?: 'disabled' | 'enabled' | 'role' | 'revoked' | undefined;
  errors?: FieldMessages;
  /** What was typed in the failed form (kept). */
  values?: Record<string, string>;
}

function RoleCard({ view, user, assignableRoles, area, errors, values }: Required<Pick<UserPageProps, 'view' | 'user' | 'assignableRoles' | 'area' | 'errors' | 'values'>>) {
  const { t } = view;
  const role = values.role ?? (assignableRoles.includes(user.role) ? user.role : '');
  const areaValue = values.areaCode ?? user.areaCode ?? '';
  return (
    <Card title={t('users.role.title')}>
      <p class="muted">{t('users.role.lead')}</p>
      <form method="post" action={userAction(user.id, 'vai-tro')} novalidate data-module="confirm" data-confirm={t('users.role.confirm', { username: user.username })}>
        <CsrfField token={view.csrfToken} />
        <SelectField name="role" label={t('officerReset.role')} value={role} required placeholder={t('users.role.choose')} error={errors.role}
          options={assignableRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        {area.kind === 'select' ? (
          <SelectField name="areaCode" label={t('account.who.area')} hint={t('users.role.areaHint')} required error={errors.areaCode}
            value={area.options.some((o) => o.value === areaValue) ? areaValue : area.options[0]?.value ?? ''} options={area.options} />
        ) : (
          <>
            <TextField name="areaCode" label={t('account.who.area')} hint={t('users.role.areaCodeHint')} value={areaValue} error={errors.areaCode}
              optionalLabel={t('form.optional')} width="sm" maxLength={10} inputMode="numeric" spellcheck={false} />
            <TextField name="producerId" label={t('users.role.producer')} hint={t('users.role.producerHint')} value={values.producerId ?? user.producerId ?? ''}
              error={errors.producerId} optionalLabel={t('form.optional')} width="lg" maxLength={36} spellcheck={false} />
          </>
        )}
        <SubmitRow><button type="submit" class="btn btn-primary">{t('users.role.title')}</button></SubmitRow>
      </form>
    </Card>
  );
}

function LockCard({ view, user, errors, values }: Required<Pick<UserPageProps, 'view' | 'user' | 'errors' | 'values'>>) {
  const { t } = view;
  if (user.disabled) {
    return (
      <Card title={t('users.enable.title')}>
        <p class="muted">{t('users.enable.lead')}</p>
        <form method="post" action={userAction(user.id, 'mo-khoa')}>
          <CsrfField token={view.csrfToken} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary" data-module="confirm" data-confirm={t('users.enable.confirm', { username: user.username })}>
              {t('users.enable.title')}
            </button>
          </SubmitRow>
        </form>
      </Card>
    );
  }
  return (
    <Card title={t('users.disable.title')}>
      <p class="muted">{t('users.disable.lead')}</p>
      <form method="post" action={userAction(user.id, 'khoa')} novalidate>
        <CsrfField token={view.csrfToken} />
        <TextArea name="reason" label={t('users.reason')} hint={t('users.disable.reasonHint')} value={values.reason ?? ''} error={errors.reason}
          required rows={3} maxLength={500} />
        <SubmitRow>
          <button type="submit" class="btn btn-danger" data-module="confirm" data-confirm={t('users.disable.confirm', { username: user.username })}>
            {t('users.disable.title')}
          </button>
        </SubmitRow>
      </form>
    </Card>
  );
}

const DONE = { disabled: 'users.done.disabled', enabled: 'users.done.enabled', role: 'users.done.role', revoked: 'account.tokens.revokedDone' } as const;

/** One user: details, then the actions the officer may take. */
export function UserPage({ view, user, tokens, openSessions, assignableRoles, area, done, errors = {}, values = {} }: UserPageProps) {
  const { t } = view;
  const labels = {
    reason: t('users.reason'), role: t('officerReset.role'), areaCode: t('account.who.area'), producerId: t('users.role.producer'),
  };
  const title = user.displayName || user.username;
  return (
    <Layout view={view} title={title} active={USERS}>
      <BackLink href={USERS}>{t('nav.users')}</BackLink>
      <PageHeader title={title} caption={t('nav.users')} />
      <p>
        <UserStatusBadge view={view} user={user} />
        {user.isSample ? <> <SampleBadge label={t('users.sample')} /></> : null}
      </p>
      {done ? <Notice tone="success">{t(DONE[done])}</Notice> : null}
      <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />
      <Card title={t('account.who.title')}>
        <DescriptionList items={[
          { term: t('login.username'), detail: <span class="mono">{user.username}</span> },
          { term: t('officerReset.name'), detail: user.displayName || '—' },
          { term: t('officerReset.email'), detail: user.email ?? t('officerReset.noEmail') },
          { term: t('officerReset.role'), detail: t(`role.${user.role}`) },
          ...(user.producerId
            ? [{ term: t('role.producer'), detail: <a href={`/admin/producers/${user.producerId}`}>{user.producerName ?? user.producerId}</a> }]
            : [{ term: t('account.who.area'), detail: user.areaName ?? user.areaCode ?? t('account.who.national') }]),
          ...(user.disabled && user.disabledReason ? [{ term: t('users.reason'), detail: user.disabledReason }] : []),
          ...(user.mustChangePassword ? [{ term: t('users.mustChange'), detail: t('common.yes') }] : []),
          { term: t('account.who.lastSignIn'), detail: when(user.lastLoginAt) ?? t('account.who.never') },
          { term: t('users.openSessions'), detail: String(openSessions) },
          { term: t('account.createdAt'), detail: when(user.createdAt) },
        ]} />
      </Card>
      <div class="grid grid-2">
        <LockCard view={view} user={user} errors={errors} values={values} />
        {assignableRoles.length ? <RoleCard view={view} user={user} assignableRoles={assignableRoles} area={area} errors={errors} values={values} /> : null}
        <Card title={t('officerReset.title')}>
          <p class="muted">{t('officerReset.lead')}</p>
          <p><a class="btn btn-secondary" href={`/admin/accounts/password?username=${encodeURIComponent(user.username)}`}>{t('officerReset.title')}</a></p>
        </Card>
      </div>
      <Card title={t('account.tokens.title')}>
        <p class="muted">{t('users.tokens.lead')}</p>
        <TokensTable view={view} tokens={tokens} revokePath={userTokenRevoke(user.id)} />
      </Card>
    </Layout>
  );
}
