/**
 * Back-office pages of training: /admin/training (courses with filters by year and area),
 * /admin/training/new and /:id/edit (the course form), /admin/training/:id (summary, sessions,
 * participants and the attendance grid, saved with one button); the views are in
 * training.pages.tsx. Every form works without JavaScript.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, formVersion, str, type FormBody, wholeFormFailure } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import type { MessageKey } from '../../core/i18n';
import { todayInVietnam } from '../../domain/dates';
import { communeChoices } from '../outlets/outlets.service';
import type { CourseDetailDto } from './training.schema';
import {
  addParticipant, addSession, createCourse, deleteCourse, getCourse, listCourses, producerChoices, saveAttendanceGrid,
  TRAINING_READERS, TRAINING_WRITERS, updateCourse,
} from './training.service';
import { CourseFormPage, CourseListPage, CoursePage, courseHref } from './training.pages';

const Id = z.object({ id: z.string().max(64) });
const ListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  area: z.string().regex(/^(\d{2}|\d{5})$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});
const DetailQuery = z.object({ done: z.string().max(20).optional(), pq: z.string().trim().max(100).optional().catch(undefined) });
const COURSE_FIELDS = ['title', 'framework', 'provinceCode', 'communeCode', 'startsOn', 'endsOn', 'trainer', 'venue', 'version'] as const;

/** A whole-form failure said in the page's language. */
const wholeForm = (req: FastifyRequest, e: unknown, key: MessageKey) => wholeFormFailure(e, viewOf(req).t(key));

/**
 * Form failures: a session not held yet (invalid_transition) and a stale version (409 conflict)
 * in the page's language; the rest as every form shows them.
 */
function failure(req: FastifyRequest, e: unknown) {
  if (e instanceof AppError && e.code === 'invalid_transition') return wholeForm(req, e, 'training.err.notHeld');
  if (e instanceof AppError && e.code === 'conflict') return wholeForm(req, e, 'training.err.stale');
  return formErrors(e, viewOf(req).locale);
}

export function registerTrainingPages(app: App, _deps: Deps) {
  app.get('/admin/training', { config: { access: TRAINING_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { done, ...q } = req.query;
    const [list, communes] = await Promise.all([listCourses(req.ctx, { ...q, pageSize: 20 }), communeChoices(req.ctx)]);
    const thisYear = Number(todayInVietnam(req.ctx.deps.clock()).slice(0, 4));
    const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));
    return sendPage(reply, <CourseListPage view={viewOf(req)} query={q} done={done} list={list} communes={communes} years={years} />);
  });

  // ---- the course form ---------------------------------------------------------------------

  const formPage = async (req: FastifyRequest, c: CourseDetailDto | null, values: Record<string, string>, errors: FieldMessages = {}, summary?: string) =>
    <CourseFormPage view={viewOf(req)} c={c} values={values} communes={await communeChoices(req.ctx)} errors={errors} summary={summary} />;

  const courseValues = (body: FormBody) => Object.fromEntries(COURSE_FIELDS.map((k) => [k, str(body, k) ?? ''])) as Record<(typeof COURSE_FIELDS)[number], string>;

  app.get('/admin/training/new', { config: { access: TRAINING_WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const communes = await communeChoices(req.ctx);
    return sendPage(reply, await formPage(req, null, { communeCode: viewOf(req).actor?.role === 'commune_officer' && communes?.length ? communes[0]!.code : '' }));
  });

  app.post('/admin/training', { config: { access: TRAINING_WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const values = courseValues(req.body as FormBody);
    try {
      const c = await createCourse(req.ctx, {
        title: values.title, framework: values.framework, provinceCode: values.provinceCode || undefined, communeCode: values.communeCode || null,
        startsOn: values.startsOn, endsOn: values.endsOn, trainer: values.trainer, venue: values.venue,
      });
      return redirect(reply, `${courseHref(c.id)}?done=created`);
    } catch (e) {
      const { fields, message, status } = failure(req, e);
      return sendPage(reply, await formPage(req, null, values, fields, message), status);
    }
  });

  app.get('/admin/training/:id/edit', { config: { access: TRAINING_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const c = await getCourse(req.ctx, req.params.id);
    return sendPage(reply, await formPage(req, c, {
      title: c.title, framework: c.framework, provinceCode: c.provinceCode, communeCode: c.communeCode ?? '', startsOn: c.startsOn, endsOn: c.endsOn, trainer: c.trainer, venue: c.venue,
      version: String(c.version),
    }));
  });

  app.post('/admin/training/:id', { config: { access: TRAINING_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = courseValues(req.body as FormBody);
    try {
      await updateCourse(req.ctx, req.params.id, {
        title: values.title, framework: values.framework, communeCode: values.communeCode || null,
        startsOn: values.startsOn, endsOn: values.endsOn, trainer: values.trainer, venue: values.venue, version: formVersion(values.version),
      });
      return redirect(reply, `${courseHref(req.params.id)}?done=saved`);
    } catch (e) {
      const { fields, message, status } = failure(req, e);
      return sendPage(reply, await formPage(req, await getCourse(req.ctx, req.params.id), values, fields, message), status);
    }
  });

  // ---- one course ------------------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, q: { done?: string | undefined; pq?: string | undefined }, errors: FieldMessages = {}, summary?: string, values: Record<string, string> = {}) => {
    const c = await getCourse(req.ctx, id);
    const producers = c.actions.edit ? await producerChoices(req.ctx, id, q.pq) : [];
    return <CoursePage view={viewOf(req)} c={c} producers={producers} q={q} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/training/:id', { config: { access: TRAINING_READERS }, schema: { hide: true, params: Id, querystring: DetailQuery } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<string>,
    conflict: (req: FastifyRequest, id: string) => Promise<MessageKey> = async () => 'training.err.stale') => {
    app.post(path, { config: { access: TRAINING_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const { id } = req.params;
      const body = req.body as FormBody;
      try {
        return redirect(reply, await run(req, id, body));
      } catch (e) {
        const { fields, message, status } = e instanceof AppError && e.code === 'conflict' ? wholeForm(req, e, await conflict(req, id)) : failure(req, e);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return sendPage(reply, await detail(req, id, {}, fields, message, values), status);
      }
    });
  };
  act('/admin/training/:id/sessions', async (req, id, body) => {
    const hours = str(body, 'hours');
    await addSession(req.ctx, id, { heldOn: str(body, 'heldOn') ?? '', topic: str(body, 'topic') ?? '', hours: hours === undefined ? undefined : Number(hours.replace(',', '.')) });
    return `${courseHref(id)}?done=session#sessions-h`;
  });
  act('/admin/training/:id/participants', async (req, id, body) => {
    await addParticipant(req.ctx, id, {
      producerId: str(body, 'producerId') ?? null, fullName: str(body, 'fullName'), position: str(body, 'position') ?? '', phone: str(body, 'phone') ?? null,
    });
    return `${courseHref(id)}?done=participant#participants-h`;
  });
  act('/admin/training/:id/attendance', async (req, id, body) => {
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
    const sessions = list(body.session);
    await saveAttendanceGrid(req.ctx, id, sessions.map((s) => ({ sessionId: s, present: list(body[`s_${s}`]) })), formVersion(str(body, 'version')));
    return `${courseHref(id)}?done=attendance#attendance-h`;
  });
  // A conflict is a stale version, or a course with attendance (kept): the course's actions tell which.
  act('/admin/training/:id/delete', async (req, id, body) => {
    await deleteCourse(req.ctx, id, formVersion(str(body, 'version')));
    return '/admin/training?done=deleted';
  }, async (req, id) => ((await getCourse(req.ctx, id)).actions.delete ? 'training.err.stale' : 'training.err.hasAttendance'));
}
