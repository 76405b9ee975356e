/** Trade connection and events (trade.ts): the agreement's table, the guards, matching a demand. */
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_TRANSITIONS, COUNTED_AGREEMENT_STATUSES, FINAL_AGREEMENT_STATUSES, agreementActionsFor, boothGuard, decideAgreementTransition, demandGuard,
  normaliseBooth, offerGuard, rankMatches, registrationGuard, type AgreementStatus, type MatchCandidate,
} from './trade';

describe('a trade agreement', () => {
  it('goes from negotiating to completed by the parties\' moves', () => {
    let status: AgreementStatus = 'negotiating';
    for (const [action, side] of [['sign', 'buyer'], ['start_delivery', 'producer'], ['complete', 'buyer']] as const) {
      const d = decideAgreementTransition(status, action, side);
      expect(d.ok, `${status} ${action}`).toBe(true);
      if (d.ok) status = d.to;
    }
    expect(status).toBe('completed');
  });

  it('is cancelled by either party or the officer, always with a reason, never once final', () => {
    for (const from of ['negotiating', 'signed', 'delivering'] as const) {
      for (const side of ['buyer', 'producer', 'officer'] as const) {
        expect(decideAgreementTransition(from, 'cancel', side)).toEqual({ ok: false, reason: 'comment_required' });
        expect(decideAgreementTransition(from, 'cancel', side, 'bên mua đổi kế hoạch')).toMatchObject({ ok: true, to: 'cancelled' });
      }
    }
    for (const s of FINAL_AGREEMENT_STATUSES) for (const side of ['buyer', 'producer', 'officer'] as const) expect(agreementActionsFor(s, side)).toEqual([]);
  });

  it('lets only the producer (or its officer) start the delivery; skipping a step is refused', () => {
    expect(decideAgreementTransition('signed', 'start_delivery', 'buyer')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideAgreementTransition('negotiating', 'complete', 'buyer')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(agreementActionsFor('signed', 'producer').sort()).toEqual(['cancel', 'start_delivery']);
  });

  it('counts as a programme result once signed, and not when cancelled', () => {
    expect([...COUNTED_AGREEMENT_STATUSES].sort()).toEqual(['completed', 'delivering', 'signed']);
    expect(AGREEMENT_TRANSITIONS.every((t) => t.to !== 'negotiating')).toBe(true);
  });
});

describe('guards', () => {
  const demand = { status: 'open' as const, deadline: '2026-12-20', productSetCode: '0105', minStars: 4 };
  const honey4 = [{ productSetCode: '0105', stars: 4 }];

  it('a demand is posted by a verified buyer only', () => {
    expect(demandGuard({ status: 'verified' })).toEqual({ ok: true });
    expect(demandGuard({ status: 'pending' })).toEqual({ ok: false, reason: 'buyer_not_verified' });
    expect(demandGuard({ status: 'rejected' })).toEqual({ ok: false, reason: 'buyer_not_verified' });
  });

  it('an offer comes until the deadline day, to an open demand, from a producer certified in its set with its stars', () => {
    expect(offerGuard(demand, '2026-12-20', honey4)).toEqual({ ok: true });
    expect(offerGuard(demand, '2026-12-21', honey4)).toEqual({ ok: false, reason: 'deadline_passed' });
    expect(offerGuard({ ...demand, status: 'awarded' }, '2026-12-01', honey4)).toEqual({ ok: false, reason: 'demand_closed' });
    expect(offerGuard(demand, '2026-12-01', [{ productSetCode: '0105', stars: 3 }, { productSetCode: '0101', stars: 5 }])).toEqual({ ok: false, reason: 'no_certified_product' });
    expect(offerGuard(demand, '2026-12-01', [])).toEqual({ ok: false, reason: 'no_certified_product' });
    expect(offerGuard({ ...demand, productSetCode: null, minStars: null }, '2026-12-01', [{ productSetCode: '0101', stars: 3 }])).toEqual({ ok: true });
  });

  it('registration closes the day an event starts (or after its own closing day) and when the quota is full', () => {
    const fair = { startsOn: '2026-12-15', registrationClosesOn: null, boothQuota: 3, approved: 2 };
    expect(registrationGuard(fair, '2026-12-14')).toEqual({ ok: true });
    expect(registrationGuard(fair, '2026-12-15')).toEqual({ ok: false, reason: 'registration_closed' });
    expect(registrationGuard({ ...fair, registrationClosesOn: '2026-12-10' }, '2026-12-10')).toEqual({ ok: true });
    expect(registrationGuard({ ...fair, registrationClosesOn: '2026-12-10' }, '2026-12-11')).toEqual({ ok: false, reason: 'registration_closed' });
    expect(registrationGuard({ ...fair, approved: 3 }, '2026-12-01')).toEqual({ ok: false, reason: 'quota_full' });
    expect(registrationGuard({ ...fair, boothQuota: null, approved: 500 }, '2026-12-01')).toEqual({ ok: true });
  });

  it('a booth is held by one exhibitor: the same number written another way is the same booth', () => {
    const held = [{ registrationId: 'r1', booth: 'A 12' }];
    expect(normaliseBooth('  a   12 ')).toBe('A 12');
    expect(boothGuard('a 12', held, 'r2')).toEqual({ ok: false, reason: 'booth_taken' });
    expect(boothGuard('A 12', held, 'r1')).toEqual({ ok: true });
    expect(boothGuard('A 13', held, 'r2')).toEqual({ ok: true });
    expect(boothGuard('   ', held, 'r2')).toEqual({ ok: false, reason: 'booth_empty' });
  });
});

describe('matching a demand', () => {
  const c = (productId: string, over: Partial<MatchCandidate> = {}): MatchCandidate => ({ productId, productSetCode: '0105', stars: 4, provinceCode: '38', inStock: false, ...over });

  it('keeps the products of the set with the stars asked for: the delivery province first, then in stock, then more stars', () => {
    const ranked = rankMatches({ productSetCode: '0105', minStars: 4, deliveryProvince: '01' }, [
      c('far-5', { stars: 5 }), c('far-4-stock', { inStock: true }), c('hanoi-4', { provinceCode: '01' }), c('other-set', { productSetCode: '0101', provinceCode: '01' }),
      c('three-star', { stars: 3, provinceCode: '01' }), c('far-4'),
    ]);
    expect(ranked.map((x) => x.productId)).toEqual(['hanoi-4', 'far-4-stock', 'far-5', 'far-4']);
  });

  it('without a set or stars, every certified product fits; ties keep a stable order', () => {
    expect(rankMatches({ productSetCode: null, minStars: null, deliveryProvince: null }, [c('b', { stars: 3 }), c('a', { stars: 3 })]).map((x) => x.productId)).toEqual(['a', 'b']);
  });
});
