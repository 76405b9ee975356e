/**
 * What the public portal shows of products and producers, announced on the change feed
 * (src/db/change-feed.ts, docs/decisions/010 and 033): a product's name, description, set or
 * photos, a producer's name or commune, the outlets that sell a product. Whoever changes them calls
 * `publicFactsChanged(ctx, …)` in the same transaction; the portal keeps its in-memory catalogue
 * and its rendered pages true by it (certificates travel on the verification feed).
 *
 * The payload is a contract between processes: `{"p":[product ids],"r":[producer ids]}`, or
 * `{"all":true}`; a notice naming nothing means "what the pages show changed, the catalogue
 * did not" (an outlet's opening hours). Anything unreadable means "everything changed".
 */
import type { Ctx } from '../../context';
import { publishChange } from '../../db/change-feed';

export const PUBLIC_FACTS_CHANNEL = 'ocop_public_facts';
/** NOTIFY payloads stay well under PostgreSQL's 8,000 bytes; larger changes become "all". */
const MAX_IDS_PER_NOTICE = 150;

export interface PublicFactsChange {
  productIds?: readonly string[];
  producerIds?: readonly string[];
  /** Anything else (imports, restores): rebuild everything. */
  all?: boolean;
}

export function encodePublicFacts(change: PublicFactsChange): string {
  const p = [...new Set(change.productIds ?? [])];
  const r = [...new Set(change.producerIds ?? [])];
  if (change.all || p.length + r.length > MAX_IDS_PER_NOTICE) return '{"all":true}';
  return JSON.stringify({ p, r });
}

/** A notice's payload; anything unreadable means "everything changed". */
export function decodePublicFacts(payload: string | undefined): PublicFactsChange {
  try {
    const v = JSON.parse(payload ?? '') as { all?: unknown; p?: unknown; r?: unknown };
    const ids = (x: unknown) => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);
    if (v.all === true || typeof v !== 'object' || v === null) return { all: true };
    return { productIds: ids(v.p), producerIds: ids(v.r) };
  } catch {
    return { all: true };
  }
}

/** Call in the transaction that changes what the portal shows of products or producers. */
export async function publicFactsChanged(ctx: Ctx, change: PublicFactsChange): Promise<void> {
  await publishChange(ctx, PUBLIC_FACTS_CHANNEL, encodePublicFacts(change));
}
