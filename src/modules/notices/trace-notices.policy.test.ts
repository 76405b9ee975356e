import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n';
import { renderNotice } from './notices.dispatch';
import { inAppOnlyKindsForRole, kindsForRole, NOTICE_ACTIONS, NOTICE_KINDS, noticesFor, type AuditEvent } from './notices.policy';
import { TRACE_LINKS, type RecallFacts } from './trace-notices.policy';

const B1 = '0b9c5a64-1f0e-4c55-9a53-2f8e3c1d0a01';
const B2 = '0b9c5a64-1f0e-4c55-9a53-2f8e3c1d0a02';
const ev = (action: string, after: unknown = {}): AuditEvent => ({
  id: 11, action, entityType: 'trace_recall', entityId: 'r1', provinceCode: '08', after, actorUserId: 'u1',
});
const recall: RecallFacts = {
  type: 'trace_recall', id: 'r1', lotId: 'l1', lotNumber: 'MV-2026-06', traceCode: '08K7M2Q9XRC', productName: 'Mật ong bạc hà Mèo Vạc',
  producerId: 'p1', producerName: 'HTX Ong mật Mèo Vạc', provinceCode: '08', reason: 'Vượt giới hạn dư lượng kháng sinh.',
  scope: 'Toàn bộ lô', instructions: 'Ngừng sử dụng, mang trả tại điểm bán', closeNote: null, recalledByProducerId: null,
};

describe('recall notices', () => {
  it('a recall by an officer tells the producer, the province\'s recall handlers and the buyer accounts (in the app only)', () => {
    const list = noticesFor(ev('trace_lot.recall', { lotId: 'l1', reason: 'Vượt giới hạn dư lượng kháng sinh.', buyers: 3, buyerUserIds: [B1, B2, 'not-an-id', B1] }), recall);
    expect(list.map((n) => [n.kind, n.audience, n.link, n.inAppOnly === true])).toEqual([
      ['lot_recalled', { to: 'producer', producerId: 'p1' }, TRACE_LINKS.lot('l1'), false],
      ['lot_recall_queue', { to: 'recall_handlers', provinceCode: '08' }, '/admin/truy-xuat/thu-hoi', false],
      ['lot_recalled_order', { to: 'buyer_accounts', userIds: [B1, B2] }, '/truy-xuat/08K7M2Q9XRC', true],
    ]);
    expect(list[0]!.link).toBe('/admin/truy-xuat/lo/l1');
    const buyer = renderNotice(list[2]!);
    expect(buyer.title).toBe('Thu hồi sản phẩm có thể có trong đơn hàng của bạn: Mật ong bạc hà Mèo Vạc');
    expect(buyer.body).toContain('Lý do: Vượt giới hạn dư lượng kháng sinh. Phạm vi: Toàn bộ lô.');
    expect(buyer.body).toContain('mã truy xuất 08-K7M2-Q9XR-C');
    expect(buyer.body).toContain('Hướng dẫn: Ngừng sử dụng, mang trả tại điểm bán');
  });

  it('a recall by the producer itself tells only the officers (and buyers); none without buyer accounts', () => {
    const list = noticesFor(ev('trace_lot.recall', { reason: 'Bao bì lỗi', buyerUserIds: [] }), { ...recall, recalledByProducerId: 'p1' });
    expect(list.map((n) => n.kind)).toEqual(['lot_recall_queue']);
    expect(renderNotice(list[0]!).body).toContain('Lý do: Bao bì lỗi.');
    // Another producer's account (an upstream supplier) recalling still tells the lot's producer.
    expect(noticesFor(ev('trace_lot.recall'), { ...recall, recalledByProducerId: 'p2' }).map((n) => n.kind)).toEqual(['lot_recalled', 'lot_recall_queue']);
  });

  it('closing tells the producer and the officers, with the note', () => {
    const list = noticesFor(ev('trace_recall.close', { note: 'Đã thu hồi đủ 120 chai' }), recall);
    expect(list.map((n) => [n.kind, n.audience.to, n.link])).toEqual([
      ['lot_recall_closed', 'producer', '/admin/truy-xuat/lo/l1'],
      ['lot_recall_closed', 'recall_handlers', '/admin/truy-xuat/thu-hoi'],
    ]);
    expect(renderNotice(list[0]!).body).toContain('Ghi chú: Đã thu hồi đủ 120 chai');
    expect(renderNotice(noticesFor(ev('trace_recall.close', {}), { ...recall, closeNote: 'Xong' })[0]!).body).toContain('Ghi chú: Xong');
    expect(noticesFor(ev('trace_recall.acknowledge'), recall)).toEqual([]);
  });

  it('the actions are read, the kinds are labelled in both languages and listed per role', () => {
    expect(NOTICE_ACTIONS).toEqual(expect.arrayContaining(['trace_lot.recall', 'trace_recall.close']));
    for (const kind of ['lot_recalled', 'lot_recall_queue', 'lot_recalled_order', 'lot_recall_closed'] as const) {
      expect(NOTICE_KINDS).toContain(kind);
      for (const locale of ['vi', 'en'] as const) {
        expect(t(locale, `notices.title.${kind}`)).not.toBe(`notices.title.${kind}`);
        expect(t(locale, `notices.msg.${kind}`)).not.toBe(`notices.msg.${kind}`);
        expect(t(locale, `notices.kind.${kind}`)).not.toBe(`notices.kind.${kind}`);
      }
    }
    expect(kindsForRole('producer')).toEqual(expect.arrayContaining(['lot_recalled', 'lot_recall_closed']));
    expect(kindsForRole('inspector')).toEqual(['fake_report', 'lot_recall_queue', 'lot_recall_closed']);
    expect(kindsForRole('province_officer')).toEqual(expect.arrayContaining(['lot_recall_queue', 'lot_recall_closed']));
    expect(kindsForRole('buyer')).not.toContain('lot_recalled_order');
    expect(inAppOnlyKindsForRole('buyer')).toEqual(['lot_recalled_order']);
    expect(inAppOnlyKindsForRole('producer')).toEqual([]);
  });
});
