/**
 * Sample training courses for the demo (seed/demo/training.json, SAMPLE data: invented courses,
 * trainers and attendance, stored with is_sample = true). Participants are matched to demo
 * producers by name; each session lists who was present.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import { SEED_DIR } from '../../paths';
import * as repo from './training.repository';

export interface DemoCourse {
  title: string;
  framework: string;
  provinceCode: string;
  communeCode?: string;
  startsOn: string;
  endsOn: string;
  trainer: string;
  venue: string;
  participants: { producer?: string; fullName: string; position: string; phone?: string }[];
  sessions: { heldOn: string; topic: string; hours: number; present: string[] }[];
}

async function producerId(ctx: Ctx, name: string): Promise<string> {
  const row = await repo.producerByName(ctx, name);
  if (!row) throw new Error(`demo training: producer "${name}" not found`);
  return row.id;
}

export async function loadDemoTrainingCourses(ctx: Ctx, courses: DemoCourse[]): Promise<number> {
  for (const c of courses) {
    const course = await repo.insertCourse(ctx, {
      title: c.title, framework: c.framework, provinceCode: c.provinceCode, communeCode: c.communeCode ?? null,
      startsOn: c.startsOn, endsOn: c.endsOn, trainer: c.trainer, venue: c.venue, isSample: true, createdBy: ctx.actor?.label ?? 'demo',
    });
    const ids = new Map<string, string>();
    for (const p of c.participants) {
      const row = await repo.insertParticipant(ctx, {
        courseId: course.id, producerId: p.producer ? await producerId(ctx, p.producer) : null, fullName: p.fullName, position: p.position, phone: p.phone ?? null,
      });
      if (!row) throw new Error(`demo training: "${p.fullName}" twice in "${c.title}"`);
      ids.set(p.fullName, row.id);
    }
    const all = [...ids.values()];
    for (const s of c.sessions) {
      const session = await repo.insertSession(ctx, { courseId: course.id, heldOn: s.heldOn, topic: s.topic, hours: String(s.hours) });
      const present = new Set(s.present.map((n) => {
        const id = ids.get(n);
        if (!id) throw new Error(`demo training: "${n}" is not a participant of "${c.title}"`);
        return id;
      }));
      await repo.replaceAttendance(ctx, session.id, all, present);
    }
  }
  return courses.length;
}

/** SAMPLE training data for the demo (stored with is_sample = true). */
export async function loadDemoTraining(ctx: Ctx): Promise<void> {
  const courses = JSON.parse(await readFile(join(SEED_DIR, 'demo', 'training.json'), 'utf8')) as DemoCourse[];
  await loadDemoTrainingCourses(ctx, courses);
}
