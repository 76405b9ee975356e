/**
 * /admin/programme: the entry to running the programme, each section's card shown to the roles
 * that may open it (the view is programme.view.tsx).
 */
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { forbidden } from '../../errors';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import type { Role } from '../../core/roles';
import { ProgrammePage, type Section } from './programme.view';

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
    return sendPage(reply, <ProgrammePage view={viewOf(req)} sections={sections} />);
  });
}
