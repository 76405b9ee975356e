import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import type { RowScope } from '../../core/scope';
import { canEditSelfAssessment, canHandOver, canOpenDossier, canRead, custodyOf, dossierScope, filesOnBehalf, sidesOf } from './dossier.policy';

const actor = (role: Role, areaCode: string | null = null, producerId: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId, label: 'u',
});

const dossier = { provinceCode: '38', communeCode: '14758', producerId: 'p1' };

/** A row scope evaluated on one dossier (the logical columns the dossier repository maps). */
function matches(s: RowScope, r: typeof dossier): boolean {
  const col = (name: string) => ({ province: r.provinceCode, commune: r.communeCode, producer: r.producerId })[name];
  if ('all' in s) return true;
  if ('none' in s) return false;
  if ('eq' in s) return col(s.eq) === s.value;
  if ('ne' in s) return col(s.ne) !== s.value;
  if ('and' in s) return s.and.every((x) => matches(x, r));
  if ('or' in s) return s.or.some((x) => matches(x, r));
  throw new Error('no facts in the dossier scope');
}

describe('dossier list scope (pure) agrees with canRead', () => {
  const cases: [string, Actor, boolean][] = [
    ['national admin', actor('national_admin'), true],
    ['province officer, same province', actor('province_officer', '38'), true],
    ['province officer, other province', actor('province_officer', '01'), false],
    ['province officer without area', actor('province_officer', null), false],
    ['commune officer, same commune', actor('commune_officer', '14758'), true],
    ['commune officer, other commune', actor('commune_officer', '14797'), false],
    ['commune officer without area', actor('commune_officer', null), false],
    ['the producer itself', actor('producer', null, 'p1'), true],
    ['another producer', actor('producer', null, 'p2'), false],
    ['a producer account without producer', actor('producer', null, null), false],
    ['inspector', actor('inspector', '38'), false],
    ['council member', actor('council_member', null), false],
    ['buyer', actor('buyer'), false],
  ];
  for (const [name, a, visible] of cases) {
    it(`${name}: ${visible ? 'sees' : 'does not see'} the dossier`, () => {
      expect(canRead(a, dossier)).toBe(visible);
      expect(matches(dossierScope(a), dossier)).toBe(visible);
    });
  }
});

describe('assisted filing: one owner of the forms at a time (decisions/029)', () => {
  const commune = actor('commune_officer', '14758');
  const otherCommune = actor('commune_officer', '14797');
  const province = actor('province_officer', '38');
  const otherProvince = actor('province_officer', '01');
  const admin = actor('national_admin');
  const producer = actor('producer', null, 'p1');
  const stranger = actor('producer', null, 'p2');
  const inspector = actor('inspector', '38');
  const byProducer = { ...dossier, filedOnBehalf: false, handedOverAt: null };
  const held = { ...dossier, filedOnBehalf: true, handedOverAt: null };
  const handedOver = { ...dossier, filedOnBehalf: true, handedOverAt: new Date('2026-07-01T03:00:00Z') };

  it('a dossier is in the officers\' custody only while filed on behalf and not handed over', () => {
    expect(custodyOf(byProducer)).toBe('producer');
    expect(custodyOf(held)).toBe('officer');
    expect(custodyOf(handedOver)).toBe('producer');
  });

  it('a dossier the producer filed: the producer owns it; officers keep only their review sides', () => {
    expect(sidesOf(producer, byProducer)).toEqual(['owner']);
    expect(sidesOf(commune, byProducer)).toEqual(['commune']);
    expect(sidesOf(province, byProducer)).toEqual(['commune', 'province']);
    expect(sidesOf(otherCommune, byProducer)).toEqual([]);
    expect(sidesOf(stranger, byProducer)).toEqual([]);
  });

  it('filed on behalf: the officers of the area own it; the producer only reads; out-of-area officers nothing', () => {
    expect(sidesOf(commune, held)).toEqual(['owner', 'commune']);
    expect(sidesOf(province, held)).toEqual(['owner', 'commune', 'province']);
    expect(sidesOf(admin, held)).toEqual(['owner', 'commune', 'province']);
    expect(sidesOf(producer, held)).toEqual([]);
    expect(canRead(producer, held)).toBe(true);
    for (const a of [otherCommune, otherProvince, stranger, inspector]) expect(sidesOf(a, held)).toEqual([]);
  });

  it('handed over: the producer owns it again; the officers keep their usual rights only', () => {
    expect(sidesOf(producer, handedOver)).toEqual(['owner']);
    expect(sidesOf(commune, handedOver)).toEqual(['commune']);
    expect(sidesOf(province, handedOver)).toEqual(['commune', 'province']);
  });

  it('opening a dossier: the producer for itself, an officer for producers of its area (then on their behalf)', () => {
    expect([canOpenDossier(producer, dossier), filesOnBehalf(producer, dossier)]).toEqual([true, false]);
    expect([canOpenDossier(commune, dossier), filesOnBehalf(commune, dossier)]).toEqual([true, true]);
    expect([canOpenDossier(province, dossier), filesOnBehalf(province, dossier)]).toEqual([true, true]);
    for (const a of [otherCommune, otherProvince, stranger, inspector, actor('council_member')]) {
      expect([canOpenDossier(a, dossier), filesOnBehalf(a, dossier)]).toEqual([false, false]);
    }
  });

  it('handing over: an officer of the area while the officers hold it; never twice, never the producer', () => {
    expect(canHandOver(commune, held)).toBe(true);
    expect(canHandOver(province, held)).toBe(true);
    expect(canHandOver(admin, held)).toBe(true);
    for (const a of [otherCommune, otherProvince, producer, stranger, inspector]) expect(canHandOver(a, held)).toBe(false);
    expect(canHandOver(commune, handedOver)).toBe(false);
    expect(canHandOver(commune, byProducer)).toBe(false);
  });

  it('the self-assessment (Form 02) follows the custody of the product\'s open dossier', () => {
    // No open dossier: the producer fills it in, officers read.
    expect(canEditSelfAssessment(producer, dossier, null)).toBe(true);
    expect(canEditSelfAssessment(commune, dossier, null)).toBe(false);
    // Held by the officers and editable: the officers of the area fill it in, the producer does not.
    const draft = { ...held, status: 'draft' as const };
    expect(canEditSelfAssessment(commune, dossier, draft)).toBe(true);
    expect(canEditSelfAssessment(province, dossier, draft)).toBe(true);
    expect(canEditSelfAssessment(producer, dossier, draft)).toBe(false);
    expect(canEditSelfAssessment(otherCommune, dossier, draft)).toBe(false);
    expect(canEditSelfAssessment(inspector, dossier, draft)).toBe(false);
    expect(canEditSelfAssessment(commune, dossier, { ...held, status: 'returned' as const })).toBe(true);
    // Submitted: nobody changes the working copy the dossier was filed with.
    expect(canEditSelfAssessment(commune, dossier, { ...held, status: 'submitted' as const })).toBe(false);
    expect(canEditSelfAssessment(producer, dossier, { ...held, status: 'submitted' as const })).toBe(false);
    // Handed over, or filed by the producer: the producer again, officers read.
    for (const open of [{ ...handedOver, status: 'draft' as const }, { ...byProducer, status: 'draft' as const }]) {
      expect(canEditSelfAssessment(producer, dossier, open)).toBe(true);
      expect(canEditSelfAssessment(commune, dossier, open)).toBe(false);
    }
  });
});
