/**
 * The in-memory catalogue and rendered pages of this process, kept true by the change feed
 * (docs/decisions/010 and 033), so a warm public request reads nothing from the database:
 *
 * - certificates issued, revoked or superseded arrive on the verification feed, product and
 *   producer edits on the public-facts feed (registry/public-facts-feed.ts); each notice clears the
 *   rendered pages at once and re-reads only the products it names, patching the index in place
 *   (catalogue.index.ts `patchIndex`); "all" (imports) rebuilds it;
 * - the day: an index of another day is rebuilt before it answers (expiries take effect);
 * - while a feed's connection is down (PostgreSQL restarting) notices may be missed: the index is
 *   then checked against the certificates' fingerprint on every search (one small read) and
 *   rebuilt when it moved or every MAX_AGE_MS, pages are not cached, and on reconnecting
 *   everything is rebuilt (what was missed is caught up).
 *
 * Index updates run one after another (a full build and a patch never race); concurrent requests
 * share them. A page rendered from data read before a change is not stored after it: the runtime's
 * `generation` moves with every notice and every swap.
 */
import { makeCtx, type Ctx, type Deps } from '../../context';
import { subscribeChanges } from '../../db/change-feed';
import { todayInVietnam } from '../../domain/dates';
import { addressList } from '../../web/address-list';
import { IpLimiter } from '../../web/ip-limiter';
import { decodeChange, VERIFICATION_CHANNEL } from '../certification/verification-feed';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import { decodePublicFacts, PUBLIC_FACTS_CHANNEL } from '../registry/public-facts-feed';
import { buildIndex, patchIndex, type CatalogueIndex, type Labels } from './catalogue.index';
import { buildPostings, patchPostings, postingsOf, setPostings } from './catalogue.postings';
import { certificatesFingerprint, facetLabels, productsTouched, snapshotRows } from './catalogue.repository';
import { PageCache } from './page-cache';
import { RATE_LIMITS } from './portal.limits';

/** Without the feed: an index older than this is rebuilt in the background. */
export const MAX_AGE_MS = 5 * 60_000;
/** A change that could not be read (database down) is tried again after this. */
const RETRY_MS = 1_000;
/** Per-IP budgets a minute: pages (as the app-wide limit) and the catalogue API (portal.limits.ts). */
export const PORTAL_RATE = { pages: 600, api: RATE_LIMITS.catalogue.max } as const;

interface Pending { all: boolean; productIds: Set<string>; certificateIds: Set<string>; producerIds: Set<string> }

export interface PortalRuntime {
  index: CatalogueIndex | null;
  /** Index updates, one after another. */
  chain: Promise<unknown>;
  /** A whole new index queued or being built (shared by everyone who needs one meanwhile). */
  rebuilding: Promise<CatalogueIndex> | null;
  pending: Pending | null;
  /** An update is queued or running (requests wait for it; pages are not stored meanwhile). */
  updating: number;
  /** Connected feeds (verification, public facts); trusted when both are. */
  online: Set<string>;
  /** Moves with every change notice and every new index: pages rendered before it are not stored. */
  generation: number;
  /** A change could not be applied yet (the database did not answer): pages are not stored meanwhile. */
  behind: boolean;
  pages: PageCache;
  pageLimiter: IpLimiter;
  apiLimiter: IpLimiter;
  /** Pages and answers served by the fast path in front of the framework. */
  fastPathHits: number;
}

const FEEDS = [VERIFICATION_CHANNEL, PUBLIC_FACTS_CHANNEL] as const;
const runtimes = new WeakMap<Deps, PortalRuntime>();

export function portalRuntime(deps: Deps): PortalRuntime {
  let r = runtimes.get(deps);
  if (!r) {
    const exempt = addressList(deps.env.RATE_LIMIT_ALLOWLIST);
    r = {
      index: null, chain: Promise.resolve(), rebuilding: null, pending: null, updating: 0, online: new Set(), generation: 0, behind: false, pages: new PageCache(),
      pageLimiter: new IpLimiter(PORTAL_RATE.pages, exempt), apiLimiter: new IpLimiter(PORTAL_RATE.api, exempt), fastPathHits: 0,
    };
    runtimes.set(deps, r);
  }
  return r;
}

/** Both feeds are heard: the index and the pages follow every change without asking the database. */
export const isTrusted = (r: PortalRuntime) => r.online.size === FEEDS.length;

/** Pages rendered now may be kept: the feed is heard and every change heard is applied. */
export const mayStorePages = (r: PortalRuntime) => isTrusted(r) && !r.behind && !r.pending && r.updating === 0;

/**
 * Pages held may be served: when they may be stored — or while the database is known to be away
 * (decisions/043), as they were when it went (no change can be committed meanwhile; a change heard
 * and not yet applied has dropped them). Stale-if-error, as verification's cache does.
 */
export const mayServePages = (r: PortalRuntime, deps: Deps) =>
  mayStorePages(r) || (deps.database.health.primaryDown && !r.behind && !r.pending && r.updating === 0);

const background = (deps: Deps): Ctx => makeCtx(deps, { requestId: 'portal-feed', locale: 'vi' });

/**
 * The whole index. The certificates' fingerprint is read first, so it never covers a change the
 * rows miss (a later change only makes it differ, and an untrusted check then rebuilds).
 */
async function build(ctx: Ctx, today: string): Promise<CatalogueIndex> {
  const fingerprint = await certificatesFingerprint(ctx);
  const [rowsIn, labelRows] = await Promise.all([snapshotRows(ctx, today, CURRENT_CLASSIFICATION), facetLabels(ctx, CURRENT_CLASSIFICATION)]);
  const labels: Labels = { province: new Map(), set: new Map(), group: new Map() };
  for (const l of labelRows) labels[l.kind].set(l.code, l.name);
  return buildIndex(rowsIn, labels, today, fingerprint);
}

/** Make `index` the current one: postings built before it answers, pages of the old one dropped. */
function install(r: PortalRuntime, index: CatalogueIndex, patched?: { from: CatalogueIndex; touched: ReadonlySet<string> }) {
  // A patch patches the postings too (milliseconds); a new index builds them.
  setPostings(index, patched ? patchPostings(postingsOf(patched.from), index, patched.touched) : buildPostings(index));
  r.index = index;
  r.behind = false;
  r.generation++;
  r.pages.clear();
}

/** Run `task` after the index updates queued before it. */
function queue<T>(r: PortalRuntime, task: () => Promise<T>): Promise<T> {
  const p = r.chain.then(task, task);
  r.chain = p.catch(() => undefined);
  return p;
}

/**
 * A whole new index, after the updates queued before it. Requests that need one while it is
 * queued or running share it: a cold process hit by fifty visitors at once builds it once.
 */
function rebuild(deps: Deps, r: PortalRuntime): Promise<CatalogueIndex> {
  if (r.rebuilding) return r.rebuilding;
  const p = queue(r, async () => {
    const ctx = background(deps);
    const today = todayInVietnam(deps.clock());
    const index = await build(ctx, today);
    // Building the index and its postings are two long computations: requests waiting meanwhile go between them.
    await new Promise((go) => setImmediate(go));
    install(r, index);
    return index;
  });
  r.rebuilding = p;
  const done = () => { if (r.rebuilding === p) r.rebuilding = null; };
  p.then(done, done);
  return p;
}

/** Build the index now, so the first visitors do not wait for it (a server, just after start-up). */
export function warmCatalogue(deps: Deps): Promise<void> {
  return catalogueIndex(background(deps)).then(() => undefined, () => undefined);
}

/** How long after a server starts listening its catalogue is built (readiness is not held up by it). */
export const WARM_AFTER_MS = 1_000;

/** Apply the changes heard since the last update (coalesced: one re-read for a burst). */
async function applyPending(deps: Deps, r: PortalRuntime): Promise<void> {
  const p = r.pending;
  r.pending = null;
  if (!p || !r.index) return;
  try {
    const ctx = background(deps);
    const today = todayInVietnam(deps.clock());
    if (p.all || r.index.today !== today) {
      install(r, await build(ctx, today));
      return;
    }
    const touched = new Set(p.productIds);
    for (const id of await productsTouched(ctx, { certificateIds: [...p.certificateIds], producerIds: [...p.producerIds] })) touched.add(id);
    if (!touched.size) {
      // What only the pages show (an outlet): they were dropped when the notice came.
      r.generation++;
      r.pages.clear();
      r.behind = false;
      return;
    }
    // The embedded engine's feed is in-process and never lost: no fingerprint to keep there.
    const fingerprint = deps.database.pglite ? r.index.fingerprint : await certificatesFingerprint(ctx);
    const rowsIn = await snapshotRows(ctx, today, CURRENT_CLASSIFICATION, [...touched]);
    install(r, { ...patchIndex(r.index, rowsIn, touched), fingerprint }, { from: r.index, touched });
  } catch {
    // The database did not answer: try again shortly (pages stay uncached until then).
    r.behind = true;
    setTimeout(() => heard(deps, { all: p.all, productIds: [...p.productIds], certificateIds: [...p.certificateIds], producerIds: [...p.producerIds] }), RETRY_MS).unref();
  }
}

/**
 * A change is being written in this process (not committed yet): pages rendered until now may be
 * stale once it commits, so none of them is served or stored any more. The index is updated when
 * it commits (`heard`), not before: there is nothing committed to read yet.
 */
function dropPages(r: PortalRuntime): void {
  r.generation++;
  r.pages.clear();
}

/** A change was committed: drop the pages now, update the index right after. */
export function heard(deps: Deps, change: { all?: boolean; productIds?: readonly string[]; certificateIds?: readonly string[]; producerIds?: readonly string[] }) {
  const r = portalRuntime(deps);
  dropPages(r);
  const first = !r.pending;
  const p = r.pending ?? (r.pending = { all: false, productIds: new Set(), certificateIds: new Set(), producerIds: new Set() });
  if (change.all) p.all = true;
  for (const id of change.productIds ?? []) p.productIds.add(id);
  for (const id of change.certificateIds ?? []) p.certificateIds.add(id);
  for (const id of change.producerIds ?? []) p.producerIds.add(id);
  if (first) {
    r.updating++;
    void queue(r, () => applyPending(deps, r)).finally(() => { r.updating--; });
  }
}

/** The current index; reads the database only when there is none for today or the feed is not heard. */
export async function catalogueIndex(ctx: Ctx): Promise<CatalogueIndex> {
  const r = portalRuntime(ctx.deps);
  const today = todayInVietnam(ctx.deps.clock());
  // A change heard and not applied yet: answer after it (a few milliseconds).
  if (r.updating) await r.chain;
  const current = r.index;
  if (current && current.today === today && isTrusted(r)) return current;
  if (current && current.today === today) {
    // Not trusted: the certificates' fingerprint says whether the index still holds.
    let fingerprint: string;
    try {
      fingerprint = await certificatesFingerprint(ctx);
    } catch {
      return current; // the database is unreachable: the last index answers
    }
    if (fingerprint === current.fingerprint) {
      if (performance.now() - current.builtAt > MAX_AGE_MS) rebuild(ctx.deps, r).catch(() => undefined);
      return current;
    }
    return rebuild(ctx.deps, r);
  }
  const index = await rebuild(ctx.deps, r);
  return index.today === today ? index : catalogueIndex(ctx);
}

export interface PortalListener { ready: Promise<void>; stop(): Promise<void> }

/** Listen to both feeds for this process; stop() on shutdown. */
export function startPortalListener(deps: Deps, log: (msg: string, err?: unknown) => void = () => {}): PortalListener {
  const r = portalRuntime(deps);
  const onOffline = (channel: string) => () => { r.online.delete(channel); };
  const onOnline = (channel: string) => () => {
    r.online.add(channel);
    // Notices sent while it was down were not heard: start afresh.
    if (r.index) heard(deps, { all: true });
  };
  const subs = [
    subscribeChanges(deps, VERIFICATION_CHANNEL, {
      changed: (payload, phase) => {
        const c = decodeChange(payload);
        if (!c.all && !c.certificateIds?.length) return; // stamp batches: not the catalogue's business
        if (phase === 'pending') dropPages(r);
        else heard(deps, c.all ? { all: true } : { certificateIds: c.certificateIds });
      },
      offline: onOffline(VERIFICATION_CHANNEL), online: onOnline(VERIFICATION_CHANNEL),
    }, log),
    subscribeChanges(deps, PUBLIC_FACTS_CHANNEL, {
      changed: (payload, phase) => (phase === 'pending' ? dropPages(r) : heard(deps, decodePublicFacts(payload))),
      offline: onOffline(PUBLIC_FACTS_CHANNEL), online: onOnline(PUBLIC_FACTS_CHANNEL),
    }, log),
  ];
  const ready = Promise.all(subs.map((s) => s.ready)).then(() => {
    // The embedded database delivers its notices in this process: nothing can be missed.
    if (deps.database.pglite) for (const f of FEEDS) r.online.add(f);
  });
  return {
    ready,
    stop: async () => {
      r.online.clear();
      await Promise.all(subs.map((s) => s.stop()));
    },
  };
}
