import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n';
import { renderNotice } from './notices.dispatch';
import { NOTICE_KINDS, noticesFor, quietHoursOver, type AuditEvent } from './notices.policy';
import { excerpt, reminderNotice, type TradeFacts } from './trade-notices.policy';

const ev = (action: string, after: unknown = {}): AuditEvent => ({
  id: 9, action, entityType: action.split('.')[0]!, entityId: 'x', provinceCode: '38', after, actorUserId: 'u1',
});
const org: TradeFacts = { type: 'buyer_org', id: 'o1', name: 'Siêu thị Xanh', provinceCode: '38', reviewNote: null };
const offer: TradeFacts = {
  type: 'trade_offer', id: 'f1', demandId: 'd1', demandTitle: 'Mật ong 4 sao', buyerOrgId: 'o1',
  producerId: 'p1', producerName: 'HTX Pù Luông', productName: 'Mật ong bạc hà', decisionNote: 'Giá cao',
};
const event = (owner: string | null): TradeFacts => ({
  type: 'trade_event', id: 'e1', title: 'Hội chợ OCOP 2026', startsOn: '2026-09-10', endsOn: '2026-09-14', venue: 'Cung triển lãm, 91 Trần Hưng Đạo',
  provinceCode: '01', provinceName: 'Hà Nội', ownerProvinceCode: owner,
});

describe('trade notices', () => {
  it('a buyer organisation\'s registration goes to its province\'s office; verification and rejection to its members', () => {
    expect(noticesFor(ev('buyer_org.register'), org)).toEqual([expect.objectContaining({
      kind: 'buyer_org_registered', audience: { to: 'province_office', provinceCode: '38' }, link: '/admin/ket-noi/doanh-nghiep',
    })]);
    expect(noticesFor(ev('buyer_org.verify'), org)[0]).toMatchObject({ kind: 'buyer_org_verified', audience: { to: 'buyer_org', orgId: 'o1' } });
    const [rejected] = noticesFor(ev('buyer_org.reject', { reason: 'Mã số thuế không khớp tên' }), org);
    expect(renderNotice(rejected!).body).toContain('Mã số thuế không khớp tên');
  });

  it('a demand goes to its matched producers as one audience; offers go back and forth', () => {
    const demand: TradeFacts = { type: 'trade_demand', id: 'd1', title: 'Mật ong 4 sao', buyerName: 'Siêu thị Xanh', quantity: 500, unit: 'chai', deadline: '2026-07-01' };
    const [n] = noticesFor(ev('trade_demand.create'), demand);
    expect(n).toMatchObject({ kind: 'trade_demand_matched', audience: { to: 'demand_matches', demandId: 'd1' }, link: '/admin/ket-noi/nhu-cau/d1' });
    expect(renderNotice(n!).title).toBe('Có nhu cầu mua phù hợp với sản phẩm của bạn');
    expect(renderNotice(n!).body).toContain('01/07/2026');
    expect(noticesFor(ev('trade_offer.create'), offer)[0]).toMatchObject({ kind: 'trade_offer_received', audience: { to: 'buyer_org', orgId: 'o1' }, link: '/tai-khoan/nhu-cau/d1' });
    expect(noticesFor(ev('trade_offer.accept'), offer)[0]).toMatchObject({ kind: 'trade_offer_accepted', audience: { to: 'producer', producerId: 'p1' } });
    expect(renderNotice(noticesFor(ev('trade_offer.decline', { reason: 'Số lượng chưa đủ' }), offer)[0]!).body).toContain('Số lượng chưa đủ');
    expect(noticesFor(ev('trade_offer.withdraw'), offer)).toEqual([]);
  });

  it('a message goes to the other side of the thread only', () => {
    const m = { type: 'trade_message' as const, demandId: 'd1', demandTitle: 'Mật ong', buyerOrgId: 'o1', buyerName: 'Siêu thị Xanh', producerId: 'p1', producerName: 'HTX', body: 'Có giao được ở Hà Nội không?' };
    expect(noticesFor(ev('trade_message.create'), { ...m, side: 'buyer' }).map((n) => [n.audience, n.link]))
      .toEqual([[{ to: 'producer', producerId: 'p1' }, '/admin/ket-noi/nhu-cau/d1']]);
    expect(noticesFor(ev('trade_message.create'), { ...m, side: 'producer' }).map((n) => [n.audience, n.link]))
      .toEqual([[{ to: 'buyer_org', orgId: 'o1' }, '/tai-khoan/nhu-cau/d1']]);
    expect(excerpt('a '.repeat(200), 20)).toHaveLength(20);
  });

  it('an agreement\'s steps go to both parties (the producer alone when the buyer is not registered)', () => {
    const a = { type: 'trade_agreement' as const, code: 'HD-38-2026-0001', producerId: 'p1', producerName: 'HTX', buyerOrgId: 'o1', buyerName: 'Siêu thị Xanh', value: 125_000_000, cancelReason: null };
    const both = noticesFor(ev('trade_agreement.sign'), a);
    expect(both.map((n) => n.audience.to)).toEqual(['producer', 'buyer_org']);
    expect(renderNotice(both[0]!).title).toBe('Hợp đồng HD-38-2026-0001 đã được ký');
    expect(renderNotice(both[0]!).body).toContain('125.000.000 ₫');
    expect(noticesFor(ev('trade_agreement.create'), { ...a, buyerOrgId: null }).map((n) => n.variant)).toEqual(['created']);
    expect(renderNotice(noticesFor(ev('trade_agreement.cancel', { comment: 'Hết mùa' }), a)[1]!).body).toContain('Hết mùa');
  });

  it('a published event goes to the producers of the owner\'s province, or to every producer when national', () => {
    expect(noticesFor(ev('trade_event.publish'), event('38'))[0]!.audience).toEqual({ to: 'producers_in_province', provinceCode: '38' });
    const [national] = noticesFor(ev('trade_event.publish'), event(null));
    expect(national).toMatchObject({ audience: { to: 'all_producers' }, variant: 'national', link: '/su-kien/e1' });
    expect(renderNotice(national!).title).toBe('Sự kiện toàn quốc: Hội chợ OCOP 2026');
    expect(noticesFor(ev('trade_event.update'), event(null))).toEqual([]);
  });

  it('registration decisions, booths and the eve\'s reminder go to the producer', () => {
    const r: TradeFacts = { type: 'trade_event_registration', id: 'r1', eventId: 'e1', eventTitle: 'Hội chợ', startsOn: '2026-09-10', venue: 'Cung triển lãm', producerId: 'p1', booth: null, decisionNote: null };
    expect(noticesFor(ev('trade_event_registration.approve'), r)[0]).toMatchObject({ kind: 'event_registration_approved', link: '/admin/su-kien/e1' });
    expect(noticesFor(ev('trade_event_registration.booth', { eventId: 'e1', booth: 'A 12' }), r)[0]!.params.booth).toBe('A 12');
    expect(noticesFor(ev('trade_event_registration.booth', {}), r)).toEqual([]);
    expect(renderNotice(reminderNotice({ ...r, booth: 'B 3' })).body).toContain('Gian hàng của bạn: B 3');
    expect(renderNotice(reminderNotice(r)).body).not.toContain('Gian hàng');
  });

  it('every kind has a title, a text per language and a label', () => {
    for (const kind of NOTICE_KINDS) {
      for (const locale of ['vi', 'en'] as const) {
        expect(t(locale, `notices.title.${kind}`)).not.toBe(`notices.title.${kind}`);
        expect(t(locale, `notices.kind.${kind}`)).not.toBe(`notices.kind.${kind}`);
      }
    }
  });
});

describe('quiet hours for text messages', () => {
  it('a message written in quiet hours waits for their end', () => {
    const night = { startMinute: 22 * 60, endMinute: 6 * 60 + 30 };
    const at = new Date('2026-07-02T23:10:20+07:00');
    expect(quietHoursOver(night, at).toISOString()).toBe(new Date('2026-07-03T06:30:00+07:00').toISOString());
    const noon = new Date('2026-07-02T12:00:00+07:00');
    expect(quietHoursOver(night, noon)).toBe(noon);
    expect(quietHoursOver(null, noon)).toBe(noon);
  });
});
