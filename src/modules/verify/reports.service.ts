/**
 * "Report a suspected fake" (from the verification page or the public API) and the officers'
 * queue. A report records what the code verified as, so it lands in the queue of the province
 * the code belongs to (unknown codes: the national queue). Spam defences: a honeypot field, a
 * minimum length, a cap on links, and at most REPORT_LIMITS.perHour reports per address per hour
 * (counted in the database, so it holds across processes; the address is kept only as a keyed
 * hash). Photos: JPEG/PNG/WebP by their bytes, ≤ 5 MB, re-encoded without metadata (no GPS of the
 * reporter) and stored under reports/. Every write is audited.
 */
import { createHmac, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, type FieldErrors } from '../../errors';
import { IMAGE_LIMITS, sniffImageType } from '../../domain/image';
import { addressList } from '../../web/address-list';
import type { UploadedFile } from '../../web/multipart';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { stampSecret } from '../stamps/stamp-lookup';
import * as repo from './reports.repository';
import { canHandleReport, REPORT_TRANSITIONS, reportScope } from './reports.policy';
import { REPORT_LIMITS, type ReportDto, type ReportInput, type ReportListQuery, type ReportUpdate } from './reports.schema';
import { verifyAnswer, type VerifyAnswer } from './verify.service';
import { isUuid } from '../../domain/ids';
import { sameContact, validateContact } from '../../domain/contact';
import { todayInVietnam } from '../../domain/dates';

export const PHOTO_MAX_BYTES = IMAGE_LIMITS.maxBytes;
/** Longest side of a stored photo. */
const PHOTO_MAX_SIDE = 2000;

export interface Reporter {
  ip: string;
  photo?: UploadedFile | null;
}

/** A keyed hash of the reporter's address: enough to count, useless to identify. */
async function reporterHash(ctx: Ctx, ip: string): Promise<string> {
  const key = createHmac('sha256', await stampSecret(ctx.deps)).update('fake-report-reporter').digest();
  return createHmac('sha256', key).update(ip).digest('base64url');
}

/** Drop control characters other than tab and line breaks (pasted junk, terminal escapes). */
const isJunk = (c: number) => (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
const clean = (s: string | undefined) => [...(s ?? '').normalize('NFC')].filter((ch) => !isJunk(ch.charCodeAt(0))).join('').trim();
const links = (s: string) => (s.match(/https?:\/\/|www\./gi) ?? []).length;

/** The checks that need no database: field errors as codes. */
export function checkReportInput(input: ReportInput): { fields: FieldErrors; spam: boolean; value: { code: string; message: string; placeSeen: string; contact: string | null } } {
  const code = clean(input.code).slice(0, REPORT_LIMITS.codeMax);
  const message = clean(input.message);
  const placeSeen = clean(input.placeSeen);
  const contact = clean(input.contact) || null;
  const fields: FieldErrors = {};
  if (message.length < REPORT_LIMITS.messageMin) fields.message = problem('report.message_too_short', { min: REPORT_LIMITS.messageMin });
  else if (message.length > REPORT_LIMITS.messageMax) fields.message = problem('report.too_long', { max: REPORT_LIMITS.messageMax });
  if (placeSeen.length < REPORT_LIMITS.placeMin) fields.placeSeen = problem('report.place_missing');
  else if (placeSeen.length > REPORT_LIMITS.placeMax) fields.placeSeen = problem('report.too_long', { max: REPORT_LIMITS.placeMax });
  let contactValue: string | null = null;
  if (contact && contact.length > REPORT_LIMITS.contactMax) fields.contact = problem('report.too_long', { max: REPORT_LIMITS.contactMax });
  else if (contact) {
    const c = validateContact(contact);
    if (c.ok) contactValue = c.value;
    else fields.contact = problem('report.contact_invalid');
  }
  const spam = Boolean(clean(input.website)) || links(message) + links(placeSeen) > REPORT_LIMITS.maxLinks;
  return { fields, spam, value: { code, message, placeSeen, contact: contactValue } };
}

/** How many codes one report may look up to find its province. */
const MAX_CANDIDATES = 6;
const CERT_NUMBER = /OCOP[\s._-]*(\d{2})[\s._-]*(\d{4})[\s._-]*(\d{3,6})/giu;
const SERIAL = /\b\d{2}[A-Z2-7]{4}-\d{6}-[A-Z2-7]{6}\b/giu;

/**
 * The codes a report may be about, most likely first: the code as given, the words of it (people
 * type "Số GCN: OCOP-38-2025-00001"), then certificate numbers ("OCOP 38 2025 00001" too) and
 * stamp serials written in the code, the message or the place.
 */
export function candidateCodes(code: string, message: string, placeSeen: string): string[] {
  const out: string[] = [];
  const add = (c: string) => { if (c && !out.includes(c)) out.push(c); };
  add(code);
  for (const text of [code, message, placeSeen]) {
    for (const m of text.matchAll(CERT_NUMBER)) add(`OCOP-${m[1]}-${m[2]}-${m[3]}`);
    for (const m of text.matchAll(SERIAL)) add(m[0].toUpperCase());
  }
  for (const word of code.split(/[\s,;:()]+/)) if (word.length >= 5 && /\d/.test(word)) add(word.replace(/[.]+$/, ''));
  return out.slice(0, MAX_CANDIDATES);
}

/**
 * The certificate or stamp a report is about: the first candidate the verification knows (its
 * province gets the report), else the code as given (national queue).
 */
async function subjectOf(ctx: Ctx, code: string, message: string, placeSeen: string): Promise<{ code: string; answer: VerifyAnswer | null }> {
  let first: VerifyAnswer | null = null;
  for (const candidate of candidateCodes(code, message, placeSeen)) {
    const answer = await verifyAnswer(ctx, candidate);
    if (candidate === code) first = answer;
    if (answer.provinceCode) return { code: candidate, answer };
  }
  return { code, answer: first };
}

async function preparePhoto(photo: UploadedFile): Promise<{ data: Buffer; type: 'image/jpeg' }> {
  if (photo.truncated || photo.data.length > PHOTO_MAX_BYTES) {
    throw new AppError('payload_too_large', `the photo is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB`, { photo: problem('report.photo_too_large') });
  }
  const type = sniffImageType(photo.data);
  if (!type) throw new AppError('unsupported_media_type', 'the photo must be a JPEG, PNG or WebP image', { photo: problem('report.photo_type') });
  try {
    const data = await sharp(photo.data, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'truncated', autoOrient: true })
      .resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 }).toBuffer();
    return { data, type: 'image/jpeg' };
  } catch {
    throw validation({ photo: problem('report.photo_unreadable') }, 'the photo could not be read');
  }
}

/** File a report (anonymous or signed in). Spam → 400, too many → 429, bad photo → 413/415/400. */
/** `code`: the code the report was filed under (the one found in its text when the code box had none that verifies). */
export async function submitReport(ctx: Ctx, input: ReportInput, reporter: Reporter): Promise<{ id: string; reference: string; status: 'new'; code: string }> {
  const checked = checkReportInput(input);
  if (checked.spam) throw validation({ form: problem('report.spam') }, 'the report was refused as spam');
  if (Object.keys(checked.fields).length) throw validation(checked.fields);
  const hash = await reporterHash(ctx, reporter.ip);
  const exempt = addressList(ctx.deps.env.RATE_LIMIT_ALLOWLIST)(reporter.ip);
  if (!exempt) {
    const since = new Date(ctx.deps.clock().getTime() - 3_600_000);
    if (await repo.countReportsSince(ctx, hash, since) >= REPORT_LIMITS.perHour) {
      throw new AppError('rate_limited', `at most ${REPORT_LIMITS.perHour} reports per hour; please try again later`);
    }
  }
  const photo = reporter.photo && (reporter.photo.data.length || reporter.photo.truncated) ? await preparePhoto(reporter.photo) : null;
  const { message, placeSeen, contact } = checked.value;
  const { code, answer: verified } = await subjectOf(ctx, checked.value.code, message, placeSeen);
  const id = randomUUID();
  const now = ctx.deps.clock();
  let reference = '';
  const photoKey = photo ? `reports/${now.toISOString().slice(0, 7)}/${id}.jpg` : null;
  if (photo && photoKey) await ctx.deps.storage.put(photoKey, photo.data);
  try {
    await inTx(ctx, async (tx) => {
      reference = await repo.nextReference(tx, Number(todayInVietnam(now).slice(0, 4)));
      const row = await repo.insertReport(tx, {
        id, reference, code, verifiedStatus: verified?.result.status ?? 'unknown', provinceCode: verified?.provinceCode ?? null,
        message, placeSeen, contact, photoKey, photoType: photo?.type ?? null, reporterHash: hash, status: 'new', createdAt: now,
      });
      await recordAudit(tx, {
        action: 'fake_report.create', entityType: 'fake_report', entityId: row.id, provinceCode: row.provinceCode,
        after: { reference: row.reference, code: row.code, verifiedStatus: row.verifiedStatus, status: row.status, photo: Boolean(photoKey) },
      });
    });
  } catch (e) {
    if (photoKey) await ctx.deps.storage.remove(photoKey).catch(() => {});
    throw e;
  }
  return { id, reference, status: 'new', code };
}

/** "BC-2026-000123" (letters in any case, spaces around). */
export function normaliseReference(raw: string): string | null {
  const s = raw.trim().toUpperCase().replace(/\s+/g, '');
  return /^BC-\d{4}-\d{6}$/.test(s) ? s : null;
}

export interface ReportProgress { reference: string; status: ReportDto['status']; receivedAt: string; updatedAt: string | null; provinceName: string | null }

/**
 * What a reporter may see of their report: its status and dates, when the reference and the
 * contact they left both match (a report without a contact cannot be followed). The officers'
 * notes stay with the officers. Null for any mismatch (no hint which part was wrong).
 */
export async function reportProgress(ctx: Ctx, reference: string, contact: string): Promise<ReportProgress | null> {
  const ref = normaliseReference(reference);
  if (!ref) return null;
  const row = await repo.findReportByReference(ctx, ref);
  if (!row?.contact || !sameContact(row.contact, contact)) return null;
  const view = await repo.findReport(ctx, row.id);
  return {
    reference: ref, status: row.status, receivedAt: row.createdAt.toISOString(),
    updatedAt: row.handledAt?.toISOString() ?? null, provinceName: view?.provinceName ?? null,
  };
}

export function toReportDto(v: repo.ReportView): ReportDto {
  const r = v.report;
  return {
    id: r.id, reference: r.reference, code: r.code, verifiedStatus: r.verifiedStatus, provinceCode: r.provinceCode, provinceName: v.provinceName,
    message: r.message, placeSeen: r.placeSeen, contact: r.contact, hasPhoto: Boolean(r.photoKey),
    photoUrl: r.photoKey ? `/api/v1/fake-reports/${r.id}/photo` : null,
    status: r.status, handledBy: r.handledBy, handledAt: r.handledAt?.toISOString() ?? null, resolution: r.resolution,
    createdAt: r.createdAt.toISOString(),
  };
}

async function readable(ctx: Ctx, id: string): Promise<repo.ReportView> {
  const actor = requireActor(ctx);
  const found = isUuid(id) ? await repo.findReport(ctx, id) : null;
  if (!found || !canHandleReport(actor, found.report)) throw new AppError('not_found', 'report not found');
  return found;
}

export async function getReport(ctx: Ctx, id: string): Promise<ReportDto> {
  return toReportDto(await readable(ctx, id));
}

export async function listReports(ctx: Ctx, q: ReportListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listReports(ctx, reportScope(actor), q);
  return { items: items.map(toReportDto), total, page: q.page, pageSize: q.pageSize };
}

/** Counts per status in the actor's queue. */
export async function reportCounts(ctx: Ctx): Promise<Record<'new' | 'reviewing' | 'closed', number>> {
  const actor = requireActor(ctx);
  const c = await repo.countByStatus(ctx, reportScope(actor));
  return { new: c.new ?? 0, reviewing: c.reviewing ?? 0, closed: c.closed ?? 0 };
}

/** new → reviewing → closed (closing needs a resolution note); a closed report may be reopened. */
export async function updateReport(ctx: Ctx, id: string, input: ReportUpdate): Promise<ReportDto> {
  const actor = requireActor(ctx);
  const v = await readable(ctx, id);
  const r = v.report;
  const resolution = clean(input.resolution) || null;
  if (input.status === r.status) {
    if (resolution === null || resolution === r.resolution) throw new AppError('invalid_transition', `the report is already ${r.status}`);
  } else if (!REPORT_TRANSITIONS[r.status].includes(input.status)) {
    throw new AppError('invalid_transition', `a ${r.status} report cannot become ${input.status}`);
  }
  if (input.status === 'closed' && !resolution) throw validation({ resolution: problem('report.resolution_missing') });
  return inTx(ctx, async (tx) => {
    const row = await repo.updateReportIf(tx, r.id, r.status, {
      status: input.status, resolution: resolution ?? r.resolution, handledBy: actor.label, handledAt: ctx.deps.clock(),
    });
    if (!row) throw new AppError('conflict', 'the report was changed meanwhile; reload it');
    await recordAudit(tx, {
      action: 'fake_report.update', entityType: 'fake_report', entityId: r.id, provinceCode: r.provinceCode,
      before: { status: r.status, resolution: r.resolution }, after: { status: row.status, resolution: row.resolution },
    });
    return toReportDto({ ...v, report: row });
  });
}

/** The report's photo (officers in scope). */
export async function reportPhoto(ctx: Ctx, id: string): Promise<{ data: Buffer; type: string }> {
  const v = await readable(ctx, id);
  const data = v.report.photoKey ? await ctx.deps.storage.get(v.report.photoKey) : null;
  if (!data) throw new AppError('not_found', 'the report has no photo');
  return { data, type: v.report.photoType ?? 'image/jpeg' };
}
