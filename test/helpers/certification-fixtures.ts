/**
 * Closed council rounds for certification tests, written straight into the council's and
 * dossier's tables (the council module closes rounds in real use): a round, its council
 * (members with users), one evaluated dossier per result and every member's submitted total.
 *
 *   const round = await buildClosedRound(t.ctx, { results: [{ mean: 85, recognised: 4 }, { mean: 45 }] });
 *   round.results[0].productId …
 */
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../src/context';
import { products } from '../../src/modules/registry/registry.tables';
import { starsForScore } from '../../src/domain/stars';
import { dossiers } from '../../src/modules/dossier/dossier.tables';
import { councilMembers, evaluationRounds, roundDossiers, scoreSheets } from '../../src/modules/council/council.tables';
import { buildProducer, buildProduct, nextSeq } from './builders';
import { publishTestSheet } from './sheets';
import { createTestUser } from './users';

export interface ResultSpec {
  /** Mean of the members' totals. */
  mean: number;
  /** What the council recognised (null: not recognised). Default: the band's stars when ≥3 and the level recognises it. */
  recognised?: number | null;
  eliminated?: boolean;
  potentialFiveStar?: boolean;
  forwarded?: boolean;
  /** Certify this existing product (an upgrade or re-evaluation); default a new product. */
  productId?: string;
  producerId?: string;
  /** Commune of a new producer (default Hàm Rồng, Thanh Hóa). */
  communeCode?: string;
}

export interface RoundSpec {
  level?: 'province' | 'national';
  provinceCode?: string;
  results: ResultSpec[];
  /** Default 3 scoring members plus a secretary and an advisor. */
  members?: number;
  sessionDate?: string;
}

export interface BuiltResult { dossierId: string; productId: string; producerId: string; mean: number; recognised: number | null; number: string }
export interface BuiltRound { id: string; level: 'province' | 'national'; provinceCode: string | null; results: BuiltResult[]; memberUserIds: string[] }

const sheetIds = new WeakMap<object, Promise<string>>();

/** The published TEST sheet of the database behind ctx (published once). */
export function testSheetId(ctx: Ctx): Promise<string> {
  let id = sheetIds.get(ctx.deps.database);
  if (!id) {
    id = publishTestSheet(ctx);
    sheetIds.set(ctx.deps.database, id);
  }
  return id;
}

export async function buildClosedRound(ctx: Ctx, spec: RoundSpec): Promise<BuiltRound> {
  const db = ctx.deps.database.db;
  const level = spec.level ?? 'province';
  const provinceCode = level === 'national' ? null : spec.provinceCode ?? '38';
  const sheetId = await testSheetId(ctx);
  const n = nextSeq();
  const sessionDate = spec.sessionDate ?? '2026-06-20';
  const [round] = await db.insert(evaluationRounds).values({
    name: `Đợt đánh giá thử nghiệm ${n}`, level, provinceCode, regimeCode: '26-2026', year: Number(sessionDate.slice(0, 4)),
    cutoffDate: '2026-06-01', sessionDate, status: 'closed', createdBy: 'test', openedAt: new Date('2026-06-19T01:00:00Z'),
    closedAt: new Date(`${sessionDate}T09:00:00Z`), closedBy: 'test',
  }).returning();
  const roles = ['chair', ...Array.from({ length: Math.max(0, (spec.members ?? 3) - 1) }, () => 'member' as const), 'secretary', 'advisor'] as const;
  const members: { id: string; userId: string; role: string }[] = [];
  for (const [i, role] of roles.entries()) {
    const u = await createTestUser(ctx.deps, { role: 'council_member', displayName: `Thành viên ${n}-${i + 1}` });
    const [m] = await db.insert(councilMembers).values({
      roundId: round!.id, userId: u.user.id, councilRole: role, fullName: `Nguyễn Thị Thành Viên ${i + 1}`, organisation: 'Sở Nông nghiệp và Môi trường',
    }).returning();
    members.push({ id: m!.id, userId: u.user.id, role });
  }
  const scorers = members.filter((m) => m.role !== 'advisor');
  const results: BuiltResult[] = [];
  for (const r of spec.results) {
    let productId = r.productId;
    let producerId = r.producerId;
    if (!productId) {
      producerId ??= (await buildProducer(ctx, r.communeCode ? { communeCode: r.communeCode } : {})).id;
      productId = (await buildProduct(ctx, { producerId })).id;
    }
    const [product] = await db.select().from(products).where(eq(products.id, productId));
    const band = starsForScore(r.mean);
    const defaultRecognised = level === 'national' ? (band === 5 ? 5 : null) : band >= 3 ? Math.min(band, 4) : null;
    const recognised = r.recognised === undefined ? (r.eliminated ? null : defaultRecognised) : r.recognised;
    const number = `HS-TEST-${n}-${String(results.length + 1).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6)}`;
    const [d] = await db.insert(dossiers).values({
      number, kind: 'first', status: 'evaluated', productId, producerId: product!.producerId, provinceCode: product!.provinceCode,
      communeCode: product!.communeCode, regimeCode: '26-2026', sheetId, createdBy: 'test',
    }).returning();
    await db.insert(roundDossiers).values({
      roundId: round!.id, dossierId: d!.id, sheetId, status: 'closed', meanScore: r.mean, bandStars: band, recognisedStars: recognised,
      potentialFiveStar: r.potentialFiveStar ?? (level === 'province' && r.mean >= 90), forwarded: r.forwarded ?? (level === 'province' && r.mean >= 90),
      eliminated: r.eliminated ?? false,
    });
    // Members' totals around the mean (spread within the limit), averaging exactly to it.
    const offsets = scorers.map((_, i) => (i - (scorers.length - 1) / 2) * 2);
    await db.insert(scoreSheets).values(scorers.map((m, i) => ({
      roundId: round!.id, dossierId: d!.id, memberId: m.id, status: 'submitted' as const, total: Math.max(0, Math.min(100, r.mean + offsets[i]!)),
      outcome: r.eliminated ? 'eliminated' as const : 'scored' as const, submittedAt: new Date(`${sessionDate}T08:00:00Z`),
    })));
    results.push({ dossierId: d!.id, productId, producerId: product!.producerId, mean: r.mean, recognised, number });
  }
  return { id: round!.id, level, provinceCode, results, memberUserIds: members.map((m) => m.userId) };
}

/** A decision drafting body for a round. */
export const draftBody = (roundId: string, extra: Record<string, unknown> = {}) => ({
  roundId, number: `${100 + nextSeq()}/QĐ-UBND`, decisionDate: '2026-07-01', signerName: 'Lê Văn Ký',
  signerTitle: 'Phó Chủ tịch Ủy ban nhân dân tỉnh', title: 'Về việc công nhận sản phẩm đạt chuẩn OCOP năm 2026', ...extra,
});
