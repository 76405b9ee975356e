/**
 * SAMPLE trade events for the demo (invented, marked `is_sample` and shown as samples): an
 * upcoming OCOP fair of Thanh Hóa, run by the province's office, with exhibitors approved through
 * the same services an officer uses (booths A 01, A 02 …) and one registration awaiting a decision;
 * and a product week in Hà Nội held weeks ago by the national office, with its exhibitors' reported
 * sales (written directly: registration for a past event is closed), so the calendar's past
 * events and the event report have something to show. Dates are relative to the day it is loaded.
 *
 * Call it after the demo's accounts exist (it acts as the first national administrator and the
 * first province officer of Thanh Hóa) and after the certified products are loaded.
 */
import type { Actor, Ctx } from '../../context';
import { where } from '../../core/scope';
import * as repo from './events.repository';
import { createEvent, publishEvent, today } from './events.service';
import { allocateBooth, approveRegistration, register } from './events-registrations.service';

export interface DemoEventsResult { events: number; exhibitors: number }

/** A calendar day `n` days after (before, when negative) `day`. */
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const THANH_HOA = '38';
const HA_NOI = '01';

const actorOf = (u: { id: string; username: string; displayName: string }, role: Actor['role'], area: string | null): Actor => ({
  userId: u.id, username: u.username, displayName: u.displayName || u.username, role, areaCode: area, provinceCode: area, producerId: null, label: u.username,
});

/**
 * Producers of a province with products certified today, with those products (at most `n`
 * producers, by name). Producers with their own account are left to register themselves.
 */
async function exhibitorsIn(ctx: Ctx, province: string, n: number) {
  const found = await repo.certifiedProducers(ctx, where('province', province), today(ctx), undefined, n + 5);
  const own = await repo.producersWithAccounts(ctx, found.map((p) => p.id));
  const out: { id: string; name: string; productIds: string[] }[] = [];
  for (const p of found.filter((x) => !own.has(x.id)).slice(0, n)) {
    const products = await repo.certifiedProductsOf(ctx, p.id, today(ctx));
    if (products.length) out.push({ id: p.id, name: p.name, productIds: products.slice(0, 3).map((x) => x.id) });
  }
  return out;
}

export async function seedDemoEvents(ctx: Ctx, opts: { province?: string } = {}): Promise<DemoEventsResult> {
  const province = opts.province ?? THANH_HOA;
  const admin = await repo.firstUserOf(ctx, 'national_admin');
  if (!admin) throw new Error('demo events: create the demo accounts first (no national administrator)');
  const officer = await repo.firstUserOf(ctx, 'province_officer', province);
  const adminCtx: Ctx = { ...ctx, actor: actorOf(admin, 'national_admin', null) };
  const officerCtx: Ctx = officer ? { ...ctx, actor: actorOf(officer, 'province_officer', province) } : adminCtx;
  const day = today(ctx);
  let exhibitors = 0;

  // ─── An upcoming fair, run by the province ─────────────────────────────────
  const fair = await createEvent(officerCtx, {
    kind: 'fair',
    title: 'Hội chợ OCOP và hàng nông sản Thanh Hóa (mẫu)',
    summary: 'Hơn 30 gian hàng sản phẩm OCOP, đặc sản và làng nghề xứ Thanh; giao lưu, kết nối với siêu thị, nhà phân phối và doanh nghiệp du lịch.',
    body: '<p>Hội chợ giới thiệu, quảng bá và bán các sản phẩm OCOP từ 3 đến 5 sao của tỉnh Thanh Hóa và các tỉnh bạn.</p>'
      + '<h2>Hoạt động chính</h2><ul><li>Trưng bày, bán sản phẩm OCOP và nông sản an toàn;</li><li>Hội nghị kết nối cung – cầu với siêu thị, nhà phân phối;</li>'
      + '<li>Trình diễn nghề truyền thống và ẩm thực xứ Thanh.</li></ul><p><em>Dữ liệu mẫu để trình diễn, không phải sự kiện thật.</em></p>',
    startsOn: addDays(day, 20), endsOn: addDays(day, 24), registrationClosesOn: addDays(day, 13),
    venueName: 'Quảng trường Lam Sơn', venueAddress: 'Đại lộ Lê Lợi', venueCommuneCode: '14797',
    latitude: 19.8077, longitude: 105.7766,
    organiser: 'Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa (mẫu)',
    boothQuota: 30, boothFee: 1_500_000,
    support: 'Miễn phí gian hàng cho chủ thể OCOP 4–5 sao; hỗ trợ 50% chi phí vận chuyển hàng hóa cho chủ thể ở các xã miền núi.',
  }, { isSample: true });
  await publishEvent(officerCtx, fair.id);
  const fairExhibitors = await exhibitorsIn(officerCtx, province, 6);
  for (const [i, x] of fairExhibitors.entries()) {
    const r = await register(officerCtx, fair.id, { producerId: x.id, productIds: x.productIds, note: 'Cần 1 ổ điện và 2 bàn trưng bày (mẫu).' });
    // The last one awaits the office's decision, so the back office shows one to approve.
    if (i === fairExhibitors.length - 1 && i > 0) continue;
    await approveRegistration(officerCtx, r.id);
    await allocateBooth(officerCtx, r.id, { booth: `A ${String(i + 1).padStart(2, '0')}` });
    exhibitors++;
  }

  // ─── A past product week, run by the national office ───────────────────────
  const week = await createEvent(adminCtx, {
    kind: 'product_week',
    title: 'Tuần hàng OCOP và sản phẩm làng nghề Hà Nội (mẫu)',
    summary: 'Tuần hàng giới thiệu sản phẩm OCOP, làng nghề truyền thống của Hà Nội và các tỉnh phía Bắc tại phố đi bộ Hồ Gươm.',
    body: '<p>Tuần hàng do văn phòng Điều phối Chương trình OCOP trung ương phối hợp tổ chức.</p><p><em>Dữ liệu mẫu để trình diễn, không phải sự kiện thật.</em></p>',
    startsOn: addDays(day, -45), endsOn: addDays(day, -39),
    venueName: 'Phố đi bộ Hồ Gươm', venueAddress: 'Phố Đinh Tiên Hoàng', venueCommuneCode: '00070',
    latitude: 21.0287, longitude: 105.8522,
    organiser: 'Văn phòng Điều phối Chương trình OCOP trung ương (mẫu)',
    boothQuota: 40, boothFee: 0, support: 'Miễn phí gian hàng và điện, nước trong thời gian tuần hàng.',
  }, { isSample: true });
  await publishEvent(adminCtx, week.id);
  const now = ctx.deps.clock();
  for (const [i, x] of (await exhibitorsIn(adminCtx, HA_NOI, 5)).entries()) {
    const r = await repo.insertRegistration(adminCtx, {
      eventId: week.id, producerId: x.id, status: 'approved', booth: `B ${String(i + 1).padStart(2, '0')}`, note: '',
      decidedBy: admin.id, decidedAt: now, createdBy: admin.id, createdAt: now, updatedAt: now,
    });
    await repo.replaceBrought(adminCtx, r.id, x.productIds);
    // Sales as an exhibitor might report them (round sums); one has not reported yet.
    if (i < 4) await repo.upsertResult(adminCtx, { registrationId: r.id, salesValue: [18_500_000, 42_300_000, 9_750_000, 27_000_000][i]!, visitors: [320, 610, 150, 480][i]!, note: '', reportedBy: admin.id, reportedAt: now });
    exhibitors++;
  }
  return { events: 2, exhibitors };
}
