/**
 * Training (tập huấn) API: courses for producers with their sessions, participants and
 * attendance, area-scoped like the points of sale. The back-office pages are in training.pages.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf, VersionQuerySchema } from '../../web/api-schemas';
import {
  AttendanceInputSchema, CourseDetailSchema, CourseInputSchema, CourseListQuerySchema, CoursePatchSchema, CourseSchema,
  ParticipantInputSchema, ParticipantSchema, SessionAttendanceSchema, SessionInputSchema, SessionSchema,
} from './training.schema';
import {
  addParticipant, addSession, createCourse, deleteCourse, getCourse, listCourses, setAttendance, TRAINING_READERS, TRAINING_WRITERS, updateCourse,
} from './training.service';
import { registerTrainingPages } from './training-admin.routes';

const IdParams = z.object({ id: z.string().max(64) });
const tags = ['training'];

export function registerTrainingRoutes(app: App, deps: Deps) {
  app.get('/api/v1/training/courses', {
    config: { access: TRAINING_READERS },
    schema: {
      tags, summary: 'Training courses in the caller\'s scope, newest first, with their summary (year: courses starting or ending in it; area: province or commune code; q: title or trainer)',
      querystring: CourseListQuerySchema, response: { 200: pageOf(CourseSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listCourses(req.ctx, req.query));

  app.post('/api/v1/training/courses', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Create a course: national administrators anywhere, province officers in their province, commune officers in their commune (communeCode). '
        + 'Dates real, endsOn ≥ startsOn; the area must exist and be in the caller\'s scope (400 otherwise)',
      body: CourseInputSchema, response: { 201: CourseDetailSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createCourse(req.ctx, req.body)));

  app.get('/api/v1/training/courses/:id', {
    config: { access: TRAINING_READERS },
    schema: { tags, summary: 'A course with its sessions, participants, attendance and summary (sessions held, participants, attendance rate, producers reached)', params: IdParams, response: { 200: CourseDetailSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getCourse(req.ctx, req.params.id));

  app.patch('/api/v1/training/courses/:id', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Edit a course; new dates must still contain every session (400 otherwise). '
        + 'Send the version read: a stale version (someone else changed the course, its sessions, participants or attendance) → 409 conflict and nothing is changed',
      params: IdParams, body: CoursePatchSchema, response: { 200: CourseDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateCourse(req.ctx, req.params.id, req.body));

  app.delete('/api/v1/training/courses/:id', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Delete a course entered by mistake (with its sessions and participants); once attendance was recorded → 409 conflict. '
        + '?version= refuses with 409 conflict when it changed since',
      params: IdParams, querystring: VersionQuerySchema, response: { 204: z.null().describe('deleted'), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => { await deleteCourse(req.ctx, req.params.id, req.query.version); return reply.code(204).send(null); });

  app.post('/api/v1/training/courses/:id/sessions', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Add a session (date inside the course, topic, hours 0.5–24 in half hours); adds 1 to the course\'s version',
      params: IdParams, body: SessionInputSchema, response: { 201: SessionSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send(await addSession(req.ctx, req.params.id, req.body)));

  app.post('/api/v1/training/courses/:id/participants', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Add a participant: a person from a producer of the course\'s province (producerId; the name defaults to its representative) or a named person. '
        + 'The same person twice → 409 duplicate. Adds 1 to the course\'s version',
      params: IdParams, body: ParticipantInputSchema, response: { 201: ParticipantSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await addParticipant(req.ctx, req.params.id, req.body)));

  app.put('/api/v1/training/sessions/:id/attendance', {
    config: { access: TRAINING_WRITERS },
    schema: {
      tags, summary: 'Record the attendance of a session: the listed participants present, the course\'s others absent. A session not yet held → 409 invalid_transition; '
        + 'an id that is not a participant of the course → 400; a stale course version → 409 conflict',
      params: IdParams, body: AttendanceInputSchema, response: { 200: SessionAttendanceSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => setAttendance(req.ctx, req.params.id, req.body));

  registerTrainingPages(app, deps);
}
