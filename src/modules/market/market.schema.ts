/**
 * The marketplace's API shapes (api.md "Marketplace" is the minimum kept exactly; the rest is
 * what shops, buyers and officers need around it). Money is whole đồng: integers only.
 */
import { z } from 'zod';
import { MAX_DONG, MAX_QUANTITY } from '../../domain/market';
import { zodCode } from '../../errors';
import { ORDER_ACTIONS, ORDER_STATUSES, PAYMENT_METHODS } from '../../domain/order';

const NUL = String.fromCharCode(0);
const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s) && !s.includes(NUL), { message: 'one line of text' });
const Para = (max: number) => z.string().trim().max(max).refine((s) => !s.includes(NUL), { message: 'no NUL characters' });
const Dong = z.number().int().min(0).max(MAX_DONG);
const Uuid = z.string().uuid();
/**
 * A row version the caller read: compared in SQL with an `integer` column, so a number past
 * PostgreSQL's integer range is refused here (400) rather than by the database (a 500).
 */
const RowVersion = z.number().int().positive().max(2_147_483_647);

// ─── Shops ────────────────────────────────────────────────────────────────────

export const ShippingSchema = z.object({
  inProvince: Dong.describe('fee of an order delivered within the shop\'s province, đồng'),
  otherProvinces: Dong.describe('fee of an order delivered to another province, đồng'),
  freeFrom: Dong.nullable().default(null).describe('orders of at least this subtotal ship free (null: never)'),
});

export const ShopInputSchema = z.object({
  producerId: Uuid.optional().describe('officers: the producer the shop is opened for; producers: their own (may be left out)'),
  name: Line(120).pipe(z.string().min(2)),
  description: Para(3_000).default(''),
  phone: z.string().trim().max(30),
  email: z.string().trim().max(254).nullable().optional(),
  pickup: z.object({ communeCode: z.string().regex(/^\d{5}$/, '5-digit commune code'), street: Line(300).pipe(z.string().min(3)) }),
  bank: z.object({
    bin: z.string().regex(/^\d{6}$/, 'the bank\'s 6-digit NAPAS BIN (GET /api/v1/market/banks)'),
    accountNumber: z.string().trim().max(19),
    holder: Line(100).pipe(z.string().min(2)).describe('as the bank has it (capitals without diacritics are fine)'),
  }),
  shipping: ShippingSchema,
  returnDays: z.number().int().min(0).max(90).default(7),
  returnPolicy: Para(3_000).default(''),
  payWithinHours: z.number().int().min(1).max(168).default(24),
});
export type ShopInput = z.infer<typeof ShopInputSchema>;

export const ShopPatchSchema = ShopInputSchema.omit({ producerId: true }).partial().extend({
  status: z.enum(['open', 'paused']).optional(),
  version: RowVersion.optional().describe('the version read (GET); a stale one → 409 conflict'),
});
export type ShopPatch = z.infer<typeof ShopPatchSchema>;

export const NotifySecretSchema = z.object({
  secret: z.string().trim().refine((x) => /^[\x21-\x7e]{16,200}$/.test(x), zodCode('market.notify_secret')).nullable()
    .describe('the "Key bảo mật" of the shop\'s Casso Webhook V2 integration (null: unlink Casso)'),
});

export const ShopSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['open', 'paused']),
  producer: z.object({ id: z.string(), name: z.string() }),
  phone: z.string(),
  email: z.string().nullable(),
  pickup: z.object({ communeCode: z.string(), communeName: z.string(), provinceCode: z.string(), provinceName: z.string(), street: z.string() }),
  bank: z.object({ bin: z.string(), name: z.string(), accountNumber: z.string(), holder: z.string() }),
  shipping: z.object({ inProvince: z.number().int(), otherProvinces: z.number().int(), freeFrom: z.number().int().nullable() }),
  returnDays: z.number().int(),
  returnPolicy: z.string(),
  payWithinHours: z.number().int(),
  bankNotifications: z.boolean().describe('a bank-notification service is linked (a key or a secret set up): transfers are marked paid automatically'),
  bankNotificationServices: z.array(z.enum(['sepay', 'casso'])).optional().describe('which: sepay (a key made here, POST /notify-key), casso (its webhook v2 secret, PUT /notify-secret)'),
  isSample: z.boolean(),
  version: z.number().int(),
});
export type ShopDto = z.infer<typeof ShopSchema>;

// ─── Listings ─────────────────────────────────────────────────────────────────

export const VariantInputSchema = z.object({
  id: Uuid.optional().describe('an existing variant to change (left out: a new one)'),
  name: Line(80).pipe(z.string().min(1)).describe('pack size or weight, e.g. "Hộp 500 g"'),
  price: z.number().int().min(1).max(MAX_DONG).describe('whole đồng'),
  stock: z.number().int().min(0).max(10_000_000),
  stockWas: z.number().int().min(0).max(10_000_000).optional()
    .describe('the stock the client read: the same stock sent back leaves the stock as it is now (sales meanwhile kept); '
      + 'another stock is written only if no sale moved it meanwhile, else 409 conflict'),
  sku: Line(60).nullable().optional(),
  gtin: z.string().regex(/^\d{8}$|^\d{12,14}$/, 'GTIN-8, -12, -13 or -14').nullable().optional().describe('the barcode\'s number; its check digit is checked'),
  active: z.boolean().default(true),
});

export const ListingInputSchema = z.object({
  productId: Uuid,
  title: Line(160).pipe(z.string().min(2)).optional().describe('defaults to the product\'s name'),
  description: Para(5_000).default(''),
  variants: z.array(VariantInputSchema).min(1).max(20),
});
export type ListingInput = z.infer<typeof ListingInputSchema>;

export const ListingPatchSchema = z.object({
  title: Line(160).pipe(z.string().min(2)).optional(),
  description: Para(5_000).optional(),
  status: z.enum(['active', 'hidden']).optional(),
  variants: z.array(VariantInputSchema).min(1).max(20).optional().describe('the complete list: variants left out are withdrawn from sale'),
  version: RowVersion.optional(),
});
export type ListingPatch = z.infer<typeof ListingPatchSchema>;

export const VariantSchema = z.object({
  id: z.string(), name: z.string(), price: z.number().int(), stock: z.number().int(), sku: z.string().nullable(), gtin: z.string().nullable(),
  active: z.boolean().optional().describe('the shop\'s own view (GET /shop-listings/:id): false for a variant withdrawn from sale'),
});

export const ListingSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().describe('the public listing page'),
  shop: z.object({ id: z.string(), name: z.string(), provinceCode: z.string(), provinceName: z.string() }),
  product: z.object({ id: z.string(), name: z.string(), stars: z.number().int().nullable(), productSetCode: z.string().nullable() }),
  certificate: z.object({
    number: z.string(),
    status: z.enum(['valid', 'expired', 'revoked', 'superseded', 'not_yet_valid']),
    verifyUrl: z.string().describe('the live verification page'),
  }).nullable(),
  variants: z.array(VariantSchema),
  priceFrom: z.number().int().nullable(),
  inStock: z.boolean(),
  onSale: z.boolean().describe('on the floor: active, in an open shop, with a certificate valid today'),
  status: z.enum(['active', 'hidden']),
  description: z.string(),
  photo: z.string().nullable(),
  isSample: z.boolean(),
  version: z.number().int(),
});
export type ListingDto = z.infer<typeof ListingSchema>;

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
export const ListingQuerySchema = z.object({
  q: z.string().max(200).optional(),
  stars: z.coerce.number().int().min(3).max(5).optional(),
  province: z.string().regex(/^\d{2}$/, '2-digit province code').optional(),
  set: z.string().max(20).optional().describe('product set code'),
  priceMin: z.coerce.number().int().min(0).max(MAX_DONG).optional(),
  priceMax: z.coerce.number().int().min(0).max(MAX_DONG).optional(),
  inStock: Bool.optional(),
  shop: Uuid.optional(),
  sort: z.enum(['relevance', 'price_asc', 'price_desc', 'stars', 'newest']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListingQuery = z.infer<typeof ListingQuerySchema>;

// ─── Checkout and orders ──────────────────────────────────────────────────────

export const CheckoutSchema = z.object({
  buyer: z.object({ name: Line(100).pipe(z.string().min(2)), phone: z.string().trim().max(30), email: z.string().trim().max(254).nullable().optional() }),
  address: z.object({ communeCode: z.string().regex(/^\d{5}$/, '5-digit commune code'), street: Line(300).pipe(z.string().min(3)) }),
  items: z.array(z.object({
    variantId: Uuid,
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
    price: z.number().int().min(1).max(MAX_DONG).optional().describe('the price the buyer saw: a different current price → 409 price_changed'),
  })).min(1).max(50),
  payment: z.enum(PAYMENT_METHODS),
  note: Para(500).default(''),
});
export type CheckoutInput = z.infer<typeof CheckoutSchema>;

export const VietQrSchema = z.object({
  payload: z.string().describe('the EMVCo payload to draw as a QR code (any Vietnamese banking app scans it)'),
  bankBin: z.string(), bankName: z.string(), accountNumber: z.string(), accountHolder: z.string(), amount: z.number().int(), memo: z.string(),
});

export const OrderItemSchema = z.object({
  variantId: z.string(), listingId: z.string(), productId: z.string(), title: z.string(), variantName: z.string(),
  certificateNumber: z.string().nullable(), stars: z.number().int().nullable(),
  unitPrice: z.number().int(), quantity: z.number().int(), lineTotal: z.number().int(),
  reviewed: z.boolean().describe('the buyer reviewed this product of the order'),
});

export const OrderSchema = z.object({
  code: z.string(),
  shop: z.object({ id: z.string(), name: z.string(), phone: z.string() }),
  status: z.enum(ORDER_STATUSES),
  items: z.array(OrderItemSchema),
  subtotal: z.number().int(),
  shippingFee: z.number().int(),
  total: z.number().int(),
  payment: z.object({
    method: z.enum(PAYMENT_METHODS),
    paid: z.boolean(),
    paidAt: z.string().nullable(),
    payBy: z.string().nullable().describe('bank transfer: the order expires unpaid after this time'),
    vietqr: VietQrSchema.nullable(),
  }),
  buyer: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
  address: z.object({ communeCode: z.string(), communeName: z.string(), provinceName: z.string(), street: z.string() }),
  note: z.string(),
  shipping: z.object({ carrier: z.string().nullable(), trackingNumber: z.string().nullable() }),
  reason: z.string().nullable(),
  placedAt: z.string(),
  history: z.array(z.object({ at: z.string(), action: z.string(), status: z.enum(ORDER_STATUSES), by: z.enum(['buyer', 'shop', 'system']), comment: z.string().nullable() })),
  actions: z.array(z.enum(ORDER_ACTIONS)).describe('what the caller may do next'),
  isSample: z.boolean(),
});
export type OrderDto = z.infer<typeof OrderSchema>;

export const CheckoutResultSchema = z.object({ checkoutId: z.string(), orders: z.array(OrderSchema) });
export type CheckoutResult = z.infer<typeof CheckoutResultSchema>;

export const OrderActionSchema = z.object({
  action: z.enum(ORDER_ACTIONS),
  comment: Para(1_000).optional().describe('required to cancel by the shop, to ask for or refuse a return'),
  carrier: Line(80).optional().describe('ship: the carrier'),
  trackingNumber: Line(80).optional().describe('ship: the tracking number'),
  version: RowVersion.optional(),
});
export type OrderActionInput = z.infer<typeof OrderActionSchema>;

export const ShopOrdersQuerySchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  unpaid: Bool.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ShopOrdersQuery = z.infer<typeof ShopOrdersQuerySchema>;

/**
 * A bank-notification service's post of one transfer (SePay's shape: id, gateway,
 * transactionDate, accountNumber, code, content, transferType, transferAmount, referenceCode …).
 */
export const BankNotificationSchema = z.object({
  id: z.union([z.number().int(), z.string().max(100)]),
  gateway: z.string().max(100).nullable().optional(),
  transactionDate: z.string().max(40).nullable().optional(),
  accountNumber: z.string().max(40).nullable().optional(),
  code: z.string().max(60).nullable().optional(),
  content: z.string().max(500).default(''),
  transferType: z.enum(['in', 'out']),
  transferAmount: z.number().int().min(0).max(MAX_DONG),
  accumulated: z.number().nullable().optional(),
  subAccount: z.string().max(60).nullable().optional(),
  referenceCode: z.string().max(100).nullable().optional(),
  description: z.string().max(500).nullable().optional(),
}).passthrough();
export type BankNotification = z.infer<typeof BankNotificationSchema>;

const Opt = (max: number) => z.string().max(max).nullable().optional();
/**
 * Casso's webhook v2 post of one transaction (developer.casso.vn, "Xử lý sự kiện Webhook"): the
 * signature covers the body as sent, so nothing here trims, converts or fills in a default.
 */
export const CassoNotificationSchema = z.object({
  error: z.number().int().describe('0: a transaction; anything else is ignored'),
  data: z.object({
    id: z.union([z.number().int(), z.string().max(100)]).describe('Casso\'s id of the transaction: a replay is recognised by it'),
    reference: Opt(100).describe('the bank\'s reference'),
    description: Opt(500).describe('the transfer\'s memo (the order code)'),
    amount: z.number().int().min(-MAX_DONG).max(MAX_DONG).describe('đồng; negative for money going out (ignored)'),
    runningBalance: z.number().nullable().optional(),
    transactionDateTime: Opt(40),
    accountNumber: Opt(40).describe('the receiving account: another account than the shop\'s is kept as wrong_account'),
    bankName: Opt(100), bankAbbreviation: Opt(40), virtualAccountNumber: Opt(40), virtualAccountName: Opt(100),
    counterAccountName: Opt(200), counterAccountNumber: Opt(40), counterAccountBankId: Opt(40), counterAccountBankName: Opt(100),
  }).passthrough(),
}).passthrough();
export type CassoNotification = z.infer<typeof CassoNotificationSchema>;
