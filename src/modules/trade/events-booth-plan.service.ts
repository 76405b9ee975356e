/**
 * An event's booth plan: one image the event's office uploads, checked and re-encoded by the
 * product images' pipeline (registry/product-images.service.ts: type by its first bytes, size and
 * pixel limits, no EXIF or GPS kept) and stored as `events/<event id>/plan-<random>.<ext>`; a new
 * plan replaces the old one (a new address: the image is cached for good). It is public with the
 * event (published), and shown to the officers who read a draft.
 */
import { randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { t, type FieldCode, type Params } from '../../core/i18n';
import { IMAGE_EXTENSIONS, IMAGE_LIMITS, sniffImageType } from '../../domain/image';
import { AppError, notFound, type ErrorCode } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { processImage } from '../registry/product-images.service';
import { putFiles, readFile, removeFiles } from '../registry/product-images.repository';
import * as repo from './events.repository';
import { canSeeEvent, isPublic } from './events.policy';
import type { EventDetailDto } from './events.schema';
import { getEventForStaff, managedEvent, STALE } from './events.service';

export interface PlanUpload { data: Buffer; truncated?: boolean }

/** A problem with the image, on the `file` field (the form's file input; the API's answer names it too). */
function fileError(ctx: Ctx, status: ErrorCode, code: FieldCode, params?: Params): AppError {
  return new AppError(status, t(ctx.locale, `field.${code}`, params), { file: { code, ...(params ? { params } : {}), message: t(ctx.locale, `field.${code}`, params) } });
}

export async function setBoothPlan(ctx: Ctx, id: string, upload: PlanUpload | null): Promise<EventDetailDto> {
  const v = await managedEvent(ctx, id);
  if (v.event.status === 'cancelled') throw new AppError('invalid_transition', 'a cancelled event is kept as it was');
  if (!upload || upload.data.length === 0) throw fileError(ctx, 'validation_failed', 'trade_event.plan_missing');
  if (upload.truncated || upload.data.length > IMAGE_LIMITS.maxBytes) throw fileError(ctx, 'payload_too_large', 'image.too_large', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024 });
  const mime = sniffImageType(upload.data);
  if (!mime) throw fileError(ctx, 'unsupported_media_type', 'image.not_image');
  const image = await processImage(ctx, upload.data, mime);
  const key = `events/${v.event.id}/plan-${randomUUID()}.${IMAGE_EXTENSIONS[mime]}`;
  await putFiles(ctx, [{ key, data: image.full }]);
  try {
    await inTx(ctx, async (tx) => {
      const r = await repo.updateEventIf(tx, v.event.id, v.event.version, { boothPlanKey: key, updatedAt: ctx.deps.clock() });
      if (!r) throw new AppError('conflict', STALE);
      await recordAudit(tx, {
        action: 'trade_event.update', entityType: 'trade_event', entityId: r.id, provinceCode: r.provinceCode,
        before: { boothPlan: v.event.boothPlanKey !== null }, after: { boothPlan: true, title: r.title },
      });
    });
  } catch (e) {
    await removeFiles(ctx, [key]).catch(() => undefined);
    throw e;
  }
  if (v.event.boothPlanKey) await removeFiles(ctx, [v.event.boothPlanKey]).catch(() => undefined);
  return getEventForStaff(ctx, v.event.id);
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The plan's bytes: public with a published event; a draft's for the officers who read it. */
export async function boothPlanImage(ctx: Ctx, id: string): Promise<{ data: Buffer; mime: string; etag: string; shared: boolean }> {
  const v = await repo.findEvent(ctx, id);
  const key = v?.event.boothPlanKey;
  if (!v || !key) throw notFound('booth plan');
  const shared = isPublic(v.event);
  if (!shared && !(ctx.actor && canSeeEvent(ctx.actor, v.event))) throw notFound('booth plan');
  const data = await readFile(ctx, key);
  if (!data) throw notFound('booth plan');
  return { data, mime: MIME[key.split('.').pop() ?? ''] ?? 'application/octet-stream', etag: `"${key.split('/').pop()}"`, shared };
}

/** An image sent in JSON as base64 (a `data:image/…;base64,` prefix allowed); null when it is not base64. */
export function planFromBase64(value: string): PlanUpload | null {
  const b64 = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
  return { data: Buffer.from(b64, 'base64') };
}
