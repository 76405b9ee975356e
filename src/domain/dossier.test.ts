import { describe, it, expect } from 'vitest';
import {
  DOSSIER_ACTIONS, DOSSIER_STATUSES, DOSSIER_TRANSITIONS, decideDossierTransition, documentsFor, ownerMayEdit,
  type DossierDocumentSpec,
} from './dossier';

describe('dossier transition table', () => {
  it('walks the producer → commune → province path', () => {
    expect(decideDossierTransition('draft', 'submit')).toMatchObject({ ok: true, to: 'submitted' });
    expect(decideDossierTransition('submitted', 'forward')).toMatchObject({ ok: true, to: 'forwarded', transition: { by: 'commune' } });
    expect(decideDossierTransition('forwarded', 'receive')).toMatchObject({ ok: true, to: 'received', transition: { by: 'province' } });
    expect(decideDossierTransition('returned', 'submit')).toMatchObject({ ok: true, to: 'submitted' });
  });

  it('requires a comment to return, at every level', () => {
    for (const from of ['submitted', 'forwarded', 'received'] as const) {
      expect(decideDossierTransition(from, 'return')).toEqual({ ok: false, reason: 'comment_required' });
      expect(decideDossierTransition(from, 'return', '  ')).toEqual({ ok: false, reason: 'comment_required' });
      expect(decideDossierTransition(from, 'return', 'Thiếu giấy tờ')).toMatchObject({ ok: true, to: 'returned' });
    }
  });

  it('refuses every move that is not listed', () => {
    let refused = 0;
    for (const from of DOSSIER_STATUSES) {
      for (const action of DOSSIER_ACTIONS) {
        const listed = DOSSIER_TRANSITIONS.some((t) => t.from === from && t.action === action);
        const r = decideDossierTransition(from, action, 'comment');
        expect(r.ok, `${from} --${action}`).toBe(listed);
        if (!listed) refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
    // No withdrawal once the commune has forwarded it; nothing leaves a withdrawn dossier.
    expect(decideDossierTransition('forwarded', 'withdraw')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(DOSSIER_TRANSITIONS.filter((t) => t.from === 'withdrawn')).toEqual([]);
  });

  it('lets the owner edit only while it is their turn', () => {
    expect(DOSSIER_STATUSES.filter(ownerMayEdit)).toEqual(['draft', 'returned']);
  });
});

describe('documentsFor', () => {
  const specs: DossierDocumentSpec[] = [
    { code: 'form', title: 'f', titleEn: 'f', required: true, provided: 'upload' },
    { code: 'reg', title: 'r', titleEn: 'r', required: true, provided: 'upload', kinds: ['first'] },
    { code: 'samples', title: 's', titleEn: 's', required: true, provided: 'samples', goodsOnly: true },
  ];
  it('skips goods-only documents for services and first-only documents for upgrades', () => {
    expect(documentsFor(specs, 'first', false).map((s) => s.code)).toEqual(['form', 'reg', 'samples']);
    expect(documentsFor(specs, 'first', true).map((s) => s.code)).toEqual(['form', 'reg']);
    expect(documentsFor(specs, 'upgrade', false).map((s) => s.code)).toEqual(['form', 'samples']);
  });
});

describe('dossier guidance', () => {
  it('finds the next round cut-off on or after today, across the year end', async () => {
    const { nextCutoff } = await import('./regime');
    expect(nextCutoff('2026-12-06', ['06-30', '12-30'])).toBe('2026-12-30');
    expect(nextCutoff('2026-12-30', ['06-30', '12-30'])).toBe('2026-12-30');
    expect(nextCutoff('2026-12-31', ['06-30', '12-30'])).toBe('2027-06-30');
    expect(nextCutoff('2026-01-02', ['09-30', '03-30'])).toBe('2026-03-30');
    expect(nextCutoff('2026-12-06', null)).toBeNull();
    expect(nextCutoff('2026-12-06', [])).toBeNull();
  });

  it('names a regime by its decision, not its code', async () => {
    const { regimeName } = await import('./regime');
    expect(regimeName('QĐ 26/2026/QĐ-TTg (22/05/2026)')).toBe('Quyết định 26/2026/QĐ-TTg (22/05/2026)');
    expect(regimeName('QĐ 148/QĐ-TTg (2023), Phụ lục II sửa đổi theo QĐ 1489/QĐ-TTg (06/07/2025)'))
      .toBe('Quyết định 148/QĐ-TTg (2023), Phụ lục II sửa đổi theo Quyết định 1489/QĐ-TTg (06/07/2025)');
  });

  it('says who acts next', async () => {
    const { nextSideOf } = await import('./dossier');
    expect(nextSideOf('draft')).toBe('owner');
    expect(nextSideOf('submitted')).toBe('commune');
    expect(nextSideOf('forwarded')).toBe('province');
    expect(nextSideOf('received')).toBe('council');
    expect(nextSideOf('evaluated')).toBe('decision');
    expect(nextSideOf('not_recognised')).toBeNull();
  });
});
