/**
 * The view of /admin/programme (programme.routes.tsx): the entry to running the programme —
 * targets, points of sale, training, inspections and support to producers — a card per section.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { Card, PageHeader } from '../../web/components/page';
import type { MessageKey } from '../../core/i18n';
import type { Role } from '../../core/roles';

export interface Section { href: string; title: MessageKey; lead: MessageKey; roles: readonly Role[] }

export function ProgrammePage({ view, sections }: { view: View; sections: readonly Section[] }) {
  const { t } = view;
  return (
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
  );
}
