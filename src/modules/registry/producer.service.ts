import { publicFactsChanged } from './public-facts-feed';
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { AppError, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { z } from 'zod';
import { validateTaxCode } from '../../domain/tax-code';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { nameKey } from '../../domain/text';
import { todayInVietnam } from '../../domain/dates';
import { recordAudit } from '../audit/audit.service';
import { findArea } from './area.repository';
import * as repo from './producer.repository';
import { assertCan, canCreateProducerIn, canListRegistry, registryScope } from './registry.policy';
import {
  FOUNDED_YEAR_MIN, ProducerInputSchema, ProducerUpdateSchema, type ProducerDto, type ProducerInput, type ProducerListQuery,
  type ProducerUpdate,
} from './producer.schema';
import type { producers } from './registry.tables';


export function toProducerDto(r: repo.ProducerWithAreas): ProducerDto {
  const p = r.producer;
  return {
    id: p.id, name: p.name, kind: p.kind, taxCode: p.taxCode, communeCode: p.communeCode,
    communeName: r.communeName, provinceCode: p.provinceCode, provinceName: r.provinceName,
    address: p.address, representative: p.representative, phone: p.phone, email: p.email,
    foundedYear: p.foundedYear, members: p.members, womenLed: p.womenLed,
    ethnicMinorityLed: p.ethnicMinorityLed, isSample: p.isSample,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

/** Field checks beyond the schema: identifiers with check digits, contacts, the commune. */
async function normaliseFields(ctx: Ctx, input: Partial<ProducerInput>, fields: FieldErrors) {
  const out: { taxCode?: string | null; phone?: string | null; email?: string | null; provinceCode?: string } = {};
  if (input.taxCode !== undefined) {
    if (input.taxCode === null || input.taxCode.trim() === '') out.taxCode = null;
    else {
      const r = validateTaxCode(input.taxCode);
      if (r.ok) out.taxCode = r.value;
      else fields.taxCode = problem(r.reason === 'checksum' ? 'tax_code.check_digit' : 'tax_code.format');
    }
  }
  if (input.phone !== undefined) {
    if (!input.phone) out.phone = null;
    else {
      const r = validateVnPhone(input.phone);
      if (r.ok) out.phone = r.value; else fields.phone = problem('phone.invalid');
    }
  }
  if (input.email !== undefined) {
    if (!input.email) out.email = null;
    else {
      const r = validateEmail(input.email);
      if (r.ok) out.email = r.value; else fields.email = problem('email.invalid');
    }
  }
  if (input.communeCode !== undefined && input.communeCode.trim() === '') fields.communeCode = problem('commune.required');
  else if (input.communeCode !== undefined) {
    const commune = await findArea(ctx, input.communeCode);
    if (!commune || commune.level !== 'commune' || !commune.parentCode) fields.communeCode = problem('commune.unknown');
    else out.provinceCode = commune.parentCode;
  }
  return out;
}

/** A founding year from FOUNDED_YEAR_MIN to the current year (Vietnam's calendar), when one is given. */
function checkFoundedYear(ctx: Ctx, year: unknown, fields: FieldErrors) {
  if (year === undefined || year === null || year === '') return;
  const max = Number(todayInVietnam(ctx.deps.clock()).slice(0, 4));
  const n = Number(year);
  if (!Number.isInteger(n) || n < FOUNDED_YEAR_MIN || n > max) fields.foundedYear = problem('producer.founded_year', { min: FOUNDED_YEAR_MIN, max });
}

/** Schema errors together with the tax code, contact, commune and founding-year checks on whatever was given. */
async function invalidProducer(ctx: Ctx, raw: unknown, issues: z.core.$ZodIssue[]) {
  const fields: FieldErrors = {};
  await normaliseFields(ctx, stringFieldsOf(raw, ['taxCode', 'phone', 'email', 'communeCode'] as const), fields);
  checkFoundedYear(ctx, (raw as { foundedYear?: unknown } | null)?.foundedYear, fields);
  return validation({ ...fields, ...zodFieldErrors(issues) });
}

async function assertNoDuplicate(ctx: Ctx, p: { taxCode: string | null; communeCode: string; name: string }, exceptId?: string) {
  const dup = await repo.findDuplicate(ctx, { taxCode: p.taxCode, communeCode: p.communeCode, nameKey: nameKey(p.name) }, exceptId);
  if (!dup) return;
  const sameTax = p.taxCode && dup.taxCode === p.taxCode;
  throw new AppError('duplicate', sameTax ? 'a producer with this tax code exists' : 'a producer with this name exists in this commune',
    sameTax ? { taxCode: problem('producer.tax_code_taken') } : { name: problem('producer.name_taken') }, { existingId: dup.id });
}

export async function createProducer(ctx: Ctx, raw: ProducerInput, opts: { isSample?: boolean } = {}): Promise<ProducerDto> {
  const actor = requireActor(ctx);
  const parsed = ProducerInputSchema.safeParse(raw);
  if (!parsed.success) throw await invalidProducer(ctx, raw, parsed.error.issues);
  const input = parsed.data;
  const fields: FieldErrors = {};
  const norm = await normaliseFields(ctx, input, fields);
  checkFoundedYear(ctx, input.foundedYear, fields);
  if (Object.keys(fields).length) throw validation(fields);
  if (!canCreateProducerIn(actor, norm.provinceCode!, input.communeCode)) {
    throw new AppError('forbidden', 'you may not register producers in this commune', { communeCode: problem('area.outside') });
  }
  const taxCode = norm.taxCode ?? null;
  await assertNoDuplicate(ctx, { taxCode, communeCode: input.communeCode, name: input.name });
  return inTx(ctx, async (tx) => {
    const row = await repo.insertProducer(tx, {
      ...input, taxCode, phone: norm.phone ?? null, email: norm.email ?? null,
      provinceCode: norm.provinceCode!, nameKey: nameKey(input.name),
      foundedYear: input.foundedYear ?? null, members: input.members ?? null,
      womenLed: input.womenLed ?? false, ethnicMinorityLed: input.ethnicMinorityLed ?? false,
      isSample: opts.isSample ?? false,
    });
    await recordAudit(tx, { action: 'producer.create', entityType: 'producer', entityId: row.id, provinceCode: row.provinceCode, after: row });
    return toProducerDto((await repo.findProducer(tx, row.id))!);
  });
}

export async function updateProducer(ctx: Ctx, id: string, raw: ProducerUpdate): Promise<ProducerDto> {
  const actor = requireActor(ctx);
  const before = await repo.findProducerRow(ctx, id);
  if (!before) throw new AppError('not_found', 'producer not found');
  assertCan(actor, 'write', { ...before, producerId: before.id }, 'producer');
  const parsed = ProducerUpdateSchema.safeParse(raw);
  if (!parsed.success) throw await invalidProducer(ctx, raw, parsed.error.issues);
  const input = parsed.data;
  const fields: FieldErrors = {};
  const norm = await normaliseFields(ctx, input, fields);
  checkFoundedYear(ctx, input.foundedYear, fields);
  if (Object.keys(fields).length) throw validation(fields);
  const next = {
    taxCode: norm.taxCode !== undefined ? norm.taxCode : before.taxCode,
    communeCode: input.communeCode ?? before.communeCode,
    name: input.name ?? before.name,
  };
  if (input.communeCode && input.communeCode !== before.communeCode
    && !canCreateProducerIn(actor, norm.provinceCode!, input.communeCode)) {
    throw new AppError('forbidden', 'you may not move producers to this commune', { communeCode: problem('area.outside') });
  }
  await assertNoDuplicate(ctx, next, id);
  return inTx(ctx, async (tx) => {
    const values: Partial<typeof producers.$inferInsert> = { ...input, ...norm };
    if (input.name) values.nameKey = nameKey(input.name);
    const row = await repo.updateProducer(tx, id, values);
    await recordAudit(tx, { action: 'producer.update', entityType: 'producer', entityId: id, provinceCode: row.provinceCode, before, after: row });
    await publicFactsChanged(tx, { producerIds: [id] });
    return toProducerDto((await repo.findProducer(tx, id))!);
  });
}

export async function getProducer(ctx: Ctx, id: string): Promise<ProducerDto> {
  const actor = requireActor(ctx);
  const found = await repo.findProducer(ctx, id);
  if (!found) throw new AppError('not_found', 'producer not found');
  assertCan(actor, 'read', { ...found.producer, producerId: found.producer.id }, 'producer');
  return toProducerDto(found);
}

export async function listProducers(ctx: Ctx, query: ProducerListQuery) {
  const actor = requireActor(ctx);
  if (!canListRegistry(actor)) throw new AppError('forbidden', 'not allowed');
  const { items, total } = await repo.listProducers(ctx, registryScope(actor), query);
  return { items: items.map(toProducerDto), total, page: query.page, pageSize: query.pageSize };
}
