/**
 * /admin/programme: the entry to running the programme — targets, points of sale, training,
 * inspections and support to producers — each card shown to the roles that may open it.
 */
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { forbidden } from '../../errors';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { Card, PageHeader } from '../../web/components/page';
import type { MessageKey } from '../../core/i18n';
import type { Role } from '../../core/roles';

interface Section { href: string; title: MessageKey; lead: MessageKey; roles: readonly Role[] }

const ALL: readonly Role[] = ['national_admin', 'province_officer', 'commune_officer', 'inspector'];
export const PROGRAMME_SECTIONS: readonly Section[] = [
  { href: '/admin/targets', title: 'nav.targets', lead: 'programme.targets.lead', roles: ALL },
  { href: '/admin/outlets', title: 'nav.outlets', lead: 'programme.outlets.lead', roles: ['national_admin', 'province_officer', 'commune_officer'] },
  { href: '/admin/training', title: 'nav.training', lead: 'programme.training.lead', roles: ['national_admin', 'province_officer', 'commune_officer'] },
  { href: '/admin/inspections', title: 'nav.inspections', lead: 'programme.inspections.lead', roles: ['national_admin', 'province_officer', 'inspector'] },
  { href: '/admin/support', title: 'nav.support', lead: 'programme.support.lead', roles: ALL },
];

export function registerProgrammePages(app: App) {
  app.get('/admin/programme', { schema: { hide: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const sections = PROGRAMME_SECTIONS.filter((s) => s.roles.includes(actor.role));
    if (!sections.length) throw forbidden();
    const view = viewOf(req);
    const { t } = view;
    return sendPage(reply, (
      <Layout view={view} title={t('nav.programme')} active="/admin/programme">
        <PageHeader title={t('programme.title')} lead={t('programme.lead')} />
        <div class="grid grid-3">
          {sections.map((s) => (
            <Card key={s.href} title={t(s.title)} level={2}>
              <p>{t(s.lead)}</p>
              <p><a class="button button--secondary" href={s.href}>{t('programme.open', { section: t(s.title) })}</a></p>
            </Card>
          ))}
        </div>
      </Layout>
    ));
  });
}
