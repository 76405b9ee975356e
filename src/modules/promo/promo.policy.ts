/**
 * Who may write and read promotion posts. Deny unless a rule below allows:
 * - writing (create, edit, cover, publish, withdraw): national administrators any post (what they
 *   create is national: no owner province); province officers the posts of their own province;
 * - reading: everyone reads published posts; a writer also reads the drafts and withdrawn posts
 *   they may write;
 * - a post the actor may not write answers 404 to a write, and an unpublished one 404 to a read
 *   (existence does not leak).
 */
import type { Actor } from '../../context';
import { ALL, anyOf, where, type RowScope } from '../../core/scope';

export const PROMO_WRITERS = ['national_admin', 'province_officer'] as const;

export interface PostOwner { ownerProvinceCode: string | null }

export const isPromoWriter = (actor: Actor | null): actor is Actor =>
  !!actor && (PROMO_WRITERS as readonly string[]).includes(actor.role);

export function canManagePost(actor: Actor | null, post: PostOwner): boolean {
  if (!actor) return false;
  if (actor.role === 'national_admin') return true;
  return actor.role === 'province_officer' && actor.provinceCode !== null && post.ownerProvinceCode === actor.provinceCode;
}

/** The owner province of a post the actor creates (null: national); undefined when they may not write. */
export function ownerProvinceFor(actor: Actor): string | null | undefined {
  if (actor.role === 'national_admin') return null;
  if (actor.role === 'province_officer' && actor.provinceCode) return actor.provinceCode;
  return undefined;
}

/**
 * The posts a list may show, on the logical columns 'status' and 'owner': published ones for
 * everyone, and every post the actor may write.
 */
export function postScope(actor: Actor | null): RowScope {
  const published = where('status', 'published');
  if (!actor) return published;
  if (actor.role === 'national_admin') return ALL;
  if (actor.role === 'province_officer' && actor.provinceCode) return anyOf(published, where('owner', actor.provinceCode));
  return published;
}
