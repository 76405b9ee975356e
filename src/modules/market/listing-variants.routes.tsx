/**
 * Editing a listing and its variants from the shop's back office (listing-variants.pages.tsx), over
 * the same updateListing as `PATCH /api/v1/market/listings/:id`: the complete list of variants,
 * each existing one sent with the stock it was shown at (a sale meanwhile is kept, or refused
 * when the stock was changed too), the listing's version (a change meanwhile is refused with the
 * latest values shown).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { notFound, problem, type FieldErrors } from '../../errors';
import { SHOP_KEEPERS } from './market.policy';
import { ListingPatchSchema, type ListingDto } from './market.schema';
import { getListingForShop, getShop, updateListing } from './shops.service';
import { listingEditPath } from './shop-admin.pages';
import { ListingEditPage, listingValues, rowCount, variantField } from './listing-variants.pages';
import { attempt, FormBody, formMessages, money, optional, parseForm, renamed, whole } from './shop-forms';

const Params = z.object({ id: z.string().max(64), listing: z.string().max(64) });

/** `variants.2.price` → `v2_price`; a problem of the whole list shows on the first row's "on sale" box. */
const formName = (path: string) => {
  if (path === 'variants') return variantField(0, 'active');
  const m = /^variants\.(\d+)\.(\w+)$/.exec(path);
  return m ? `v${m[1]}_${m[2]}` : path;
};

/** The form as the API's patch: every row with an id, and the new row when anything was typed in it. */
function readListingForm(b: Record<string, string>) {
  const known: FieldErrors = {};
  const variants = [];
  for (let i = 0; i < Math.min(rowCount(b), 21); i++) {
    const f = (name: Parameters<typeof variantField>[1]) => b[variantField(i, name)];
    const id = f('id') || undefined;
    if (!id && !f('name')?.trim() && !f('price')?.trim() && !f('stock')?.trim() && !f('sku')?.trim() && !f('gtin')?.trim()) continue;
    const price = money(f('price'));
    if (!(price > 0)) known[`variants.${variants.length}.price`] = problem('market.price');
    const stockWas = whole(f('stockWas'));
    variants.push({
      ...(id ? { id } : {}), name: (f('name') ?? '').trim(), price, stock: whole(f('stock')),
      ...(id && !Number.isNaN(stockWas) ? { stockWas } : {}),
      sku: optional(f('sku')), gtin: optional(f('gtin'))?.replace(/\s/g, '') ?? null, active: f('active') === 'on',
    });
  }
  const candidate = { title: (b.title ?? '').trim(), description: b.description ?? '', status: b.status, variants, version: whole(b.version) || undefined };
  const { input, fields } = parseForm(ListingPatchSchema, candidate, known);
  return { input, fields: renamed(fields, formName) };
}

export function registerListingPages(app: App, _deps: Deps) {
  /** The listing of that shop (404 when it is another shop's). */
  async function listingOfShop(req: FastifyRequest, p: z.infer<typeof Params>): Promise<ListingDto> {
    const listing = await getListingForShop(req.ctx, p.listing);
    if (listing.shop.id !== p.id) throw notFound('listing');
    return listing;
  }

  async function show(req: FastifyRequest, reply: FastifyReply, listing: ListingDto, s: { values?: Record<string, string>; errors?: Record<string, string>; done?: string; error?: string } = {}, status = 200) {
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, <ListingEditPage view={viewOf(req)} shopId={listing.shop.id} shopName={listing.shop.name} listing={listing}
      values={s.values ?? listingValues(listing)} errors={s.errors ?? {}} done={s.done} error={s.error} />, status);
  }

  app.get(listingEditPath(':id', ':listing'), {
    config: { access: SHOP_KEEPERS }, schema: { hide: true, params: Params, querystring: z.object({ done: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    await getShop(req.ctx, req.params.id);
    return show(req, reply, await listingOfShop(req, req.params), { ...(req.query.done === 'saved' ? { done: viewOf(req).t('shop.done.listingSaved') } : {}) });
  });

  app.post(listingEditPath(':id', ':listing'), { config: { access: SHOP_KEEPERS }, schema: { hide: true, params: Params, body: FormBody } }, async (req, reply) => {
    const listing = await listingOfShop(req, req.params);
    const { input, fields } = readListingForm(req.body);
    if (!input) return show(req, reply, listing, { values: req.body, errors: formMessages(fields, req.ctx.locale) }, 400);
    const saved = await attempt(() => updateListing(req.ctx, listing.id, input), req.ctx.locale, formName);
    if ('ok' in saved) return redirect(reply, `${listingEditPath(listing.shop.id, listing.id)}?done=saved`);
    const { t } = viewOf(req);
    // Changed meanwhile (another edit, or a sale moved a stock that was changed here): the latest values, to be changed again.
    if (saved.refused.code === 'conflict') return show(req, reply, await listingOfShop(req, req.params), { error: t('shop.err.listingStale') }, 409);
    return show(req, reply, listing, { values: req.body, errors: saved.refused.errors }, saved.refused.status);
  });
}
