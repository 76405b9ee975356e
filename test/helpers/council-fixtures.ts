/**
 * Fixtures for council and scoring tests: dossiers written straight into the database in the
 * status a round takes them ('received' of a province, or 'recognised' with a potential-5★
 * result), independent of the dossier module's services; and a council formed over HTTP.
 *
 *   const sheetId = await publishTestSheet(t.ctx);
 *   const d = await buildDossier(t.ctx, { sheetId });
 *   const round = await createRound(t, organiser, { name: 'Đợt 1' });
 *   const council = await formCouncil(t, organiser, round.id, ['chair', 'member', 'secretary']);
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Ctx } from '../../src/context';
import { dossiers } from '../../src/modules/dossier/dossier.tables';
import { buildProducer, buildProduct, nextSeq, AREAS } from './builders';
import { asUser, json, type AuthedUser, type TestApp } from './app';
import { BEST_ANSWERS } from './sheets';

export interface DossierSpec {
  sheetId: string;
  producerId?: string;
  communeCode?: string;
  status?: 'received' | 'recognised' | 'submitted' | 'forwarded' | 'draft';
  /** Default 2026-06-10 (before the 30/6 cut-off of 26/2026). */
  submittedAt?: Date;
  isService?: boolean;
  regimeCode?: string;
}

export interface BuiltDossier { id: string; number: string; producerId: string; productId: string; provinceCode: string }

export async function buildDossier(ctx: Ctx, spec: DossierSpec): Promise<BuiltDossier> {
  const producer = spec.producerId
    ? { id: spec.producerId }
    : await buildProducer(ctx, { communeCode: spec.communeCode ?? AREAS.hamRong });
  const product = await buildProduct(ctx, { producerId: producer.id });
  const full = await ctx.deps.database.db.query.producers.findFirst({ where: (p, { eq }) => eq(p.id, producer.id) });
  const n = nextSeq();
  const [row] = await ctx.deps.database.db.insert(dossiers).values({
    number: `HS-TEST-${n}-${randomUUID().slice(0, 8)}`, kind: 'first', status: spec.status ?? 'received',
    productId: product.id, producerId: producer.id, provinceCode: full!.provinceCode, communeCode: full!.communeCode,
    regimeCode: spec.regimeCode ?? '26-2026', sheetId: spec.sheetId, isService: spec.isService ?? false,
    createdBy: 'test', submittedAt: spec.submittedAt ?? new Date('2026-06-10T03:00:00Z'),
    receivedAt: new Date('2026-06-12T03:00:00Z'),
  }).returning();
  return { id: row!.id, number: row!.number, producerId: producer.id, productId: product.id, provinceCode: full!.provinceCode };
}

export type SeatName = 'chair' | 'vice_chair' | 'member' | 'secretary' | 'advisor';
export interface Seated { user: AuthedUser; memberId: string; seat: SeatName }

/** Council members (users of role council_member) seated in the round over HTTP by the organiser. */
export async function formCouncil(t: TestApp, organiser: AuthedUser, roundId: string, seats: SeatName[]): Promise<Seated[]> {
  const out: Seated[] = [];
  for (const seat of seats) {
    const user = await asUser(t.app, t.deps, { role: 'council_member', displayName: `Thành viên ${seat} ${nextSeq()}` });
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/rounds/${roundId}/members`, headers: organiser.headers(),
      payload: { userId: user.user.id, councilRole: seat, organisation: 'Sở Nông nghiệp và Môi trường' },
    });
    expect(res.statusCode, res.body).toBe(201);
    out.push({ user, memberId: json(res).id, seat });
  }
  return out;
}

export async function createRound(t: TestApp, organiser: AuthedUser, body: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/rounds', headers: organiser.headers(),
    payload: { name: `Đợt đánh giá ${nextSeq()}`, level: 'province', provinceCode: AREAS.thanhHoa, sessionDate: '2026-07-15', ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

/**
 * Answers of the test sheet worth a given total (multiples of 5 from 0 to 100), avoiding the
 * knock-out answers (A.1.1 o1, C.1.1 o1: they eliminate or stop by themselves) whenever the
 * total allows it.
 */
export function answersFor(total: number): { options: string[]; knockOuts: string[] } {
  const criteria: [string, number[]][] = [
    ['B.1.1', [0, 10, 25]], ['C.1.1', [0, 20]], ['A.1.2', [0, 10, 15]], ['A.2.1', [0, 15]], ['C.1.2', [0, 15]], ['A.1.1', [0, 5, 10]],
  ];
  let found: number[] | null = null;
  let foundKnockOuts = Infinity;
  const visit = (i: number, picks: number[], sum: number) => {
    if (i === criteria.length) {
      if (sum !== total) return;
      const knockOuts = (picks[1] === 0 ? 1 : 0) + (picks[5] === 0 ? 1 : 0);
      if (knockOuts < foundKnockOuts) { found = [...picks]; foundKnockOuts = knockOuts; }
      return;
    }
    criteria[i]![1].forEach((p, k) => visit(i + 1, [...picks, k], sum + p));
  };
  visit(0, [], 0);
  if (!found) throw new Error(`answersFor: cannot make ${total} from the test sheet`);
  const picks: number[] = found;
  return { options: criteria.map(([code], i) => `${code}.o${picks[i]! + 1}`), knockOuts: [] };
}

export { BEST_ANSWERS };
