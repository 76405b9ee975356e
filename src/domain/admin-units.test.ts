import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  beforeReform, bodyFromNumber, inferLevel, issuerHeading, issuerKey, issuerName, listDateOn, ministryOn, peoplesCommitteeOf,
  signingLevel, UnitsIndex, type UnitHistoryRow,
} from './admin-units';
import { recognisingLevel, regimeOn, type RegimeRules } from './regime';
import type { StarCount } from './stars';

// The shipped rulebook: the boundaries below are those of the legal texts it records.
const file = JSON.parse(readFileSync(join(__dirname, '../../seed/criteria/regimes.json'), 'utf8')) as { regimes: RegimeRules[] } | RegimeRules[];
const REGIMES: RegimeRules[] = Array.isArray(file) ? file : file.regimes;

/** The level that signs a recognition of `stars` on `date` with a People's Committee number. */
const signer = (date: string, stars: StarCount, number = '12/QĐ-UBND') => {
  const regime = regimeOn(REGIMES, date);
  return inferLevel(signingLevel(regime ? recognisingLevel(regime, stars) : null, date), number);
};

describe('who signs on each side of every boundary (docs/decisions/031)', () => {
  it('before Decision 1048 (no rulebook): a People\'s Committee number is the province\'s', () => {
    expect(regimeOn(REGIMES, '2019-08-20')).toBeNull();
    expect(signer('2019-08-20', 3)).toBe('province');
    expect(signer('2019-08-20', 5, '5/QĐ-BNN-VPĐP')).toBe('national');
  });
  it('1048 from 21/8/2019: the province recognises 3★–4★, the ministry 5★', () => {
    expect(signer('2019-08-21', 3)).toBe('province');
    expect(signer('2019-08-21', 4)).toBe('province');
    expect(signer('2019-08-21', 5, '9/QĐ-BNN-VPĐP')).toBe('national');
  });
  it('148 from 24/2/2023: the district recognises 3★ (the day before, still the province)', () => {
    expect(signer('2023-02-23', 3)).toBe('province');
    expect(signer('2023-02-24', 3)).toBe('district');
    expect(signer('2023-02-24', 4)).toBe('province');
    expect(signer('2025-06-30', 3)).toBe('district');
  });
  it('1–5 July 2025: 148 still in force but districts abolished — the province signs 3★', () => {
    for (const d of ['2025-07-01', '2025-07-03', '2025-07-05']) expect(signer(d, 3)).toBe('province');
    expect(regimeOn(REGIMES, '2025-07-05')?.code).toBe('148-2023');
  });
  it('148 + 1489 from 6/7/2025 and 26/2026 from 22/5/2026: the province recognises 3★–4★, the ministry 5★', () => {
    expect(regimeOn(REGIMES, '2025-07-06')?.code).toBe('148-1489-2025');
    expect(signer('2025-07-06', 3)).toBe('province');
    expect(signer('2026-05-21', 4)).toBe('province');
    expect(regimeOn(REGIMES, '2026-05-22')?.code).toBe('26-2026');
    expect(signer('2026-05-22', 3)).toBe('province');
    expect(signer('2026-05-22', 5, '77/QĐ-BNNMT')).toBe('national');
  });
  it('a 5★ on a People\'s Committee number is the province\'s; a ministry number is national whatever the stars', () => {
    expect(signer('2025-09-01', 5)).toBe('province');
    expect(signer('2025-09-01', 4, '1/QĐ-BNNMT')).toBe('national');
    expect(signer('2024-09-01', 5, '')).toBe('national');
  });
  it('the ministry\'s name changes on 1/3/2025', () => {
    expect(ministryOn('2025-02-28')).toBe('Bộ Nông nghiệp và Phát triển nông thôn');
    expect(ministryOn('2025-03-01')).toBe('Bộ Nông nghiệp và Môi trường');
    expect(issuerName('national', null, '2022-05-01')).toBe('Bộ Nông nghiệp và Phát triển nông thôn');
  });
  it('units: 30/6/2025 is the last day of the three tiers', () => {
    expect(beforeReform('2025-06-30')).toBe(true);
    expect(beforeReform('2025-07-01')).toBe(false);
  });
});

describe('issuers as signed', () => {
  it('names People\'s Committees from the unit and its kind', () => {
    expect(peoplesCommitteeOf({ name: 'Tỉnh Hà Giang', kind: 'Tỉnh' })).toBe('UBND tỉnh Hà Giang');
    expect(peoplesCommitteeOf({ name: 'Thành phố Hà Nội', kind: 'Thành phố Trung ương' })).toBe('UBND thành phố Hà Nội');
    expect(peoplesCommitteeOf({ name: 'Huyện Hoằng Hóa', kind: 'Huyện' })).toBe('UBND huyện Hoằng Hóa');
    expect(peoplesCommitteeOf({ name: 'Thị xã Đức Phổ', kind: 'Thị xã' })).toBe('UBND thị xã Đức Phổ');
    expect(issuerHeading('UBND tỉnh Hà Giang')).toBe('ỦY BAN NHÂN DÂN TỈNH HÀ GIANG');
    expect(issuerHeading('Bộ Nông nghiệp và Môi trường')).toBe('BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG');
  });
  it('keys numbers by body', () => {
    expect(issuerKey('province', '02')).toBe('province:02');
    expect(issuerKey('district', '024')).toBe('district:024');
    expect(issuerKey('national', null)).toBe('national');
  });
  it('reads the body from the number', () => {
    expect(bodyFromNumber('45/QĐ-UBND')).toBe('committee');
    expect(bodyFromNumber('1234/QĐ-BNNMT')).toBe('ministry');
    expect(bodyFromNumber('GCN 12')).toBeNull();
  });
});

describe('units through time', () => {
  const rows: UnitHistoryRow[] = [
    { level: 'province', code: '51', name: 'Tỉnh Quảng Ngãi', kind: 'Tỉnh', parentCode: null, firstListed: '2019-09-11', lastListed: '2025-03-01' },
    { level: 'district', code: '534', name: 'Huyện Đức Phổ', kind: 'Huyện', parentCode: '51', firstListed: '2019-09-11', lastListed: '2020-01-01' },
    { level: 'district', code: '534', name: 'Thị xã Đức Phổ', kind: 'Thị xã', parentCode: '51', firstListed: '2020-03-01', lastListed: '2025-03-01' },
    { level: 'commune', code: '21550', name: 'Thị trấn Đức Phổ', kind: 'Thị trấn', parentCode: '534', firstListed: '2019-09-11', lastListed: '2020-01-01' },
    { level: 'commune', code: '21550', name: 'Phường Nguyễn Nghiêm', kind: 'Phường', parentCode: '534', firstListed: '2020-03-01', lastListed: '2025-03-01' },
  ];
  const units = new UnitsIndex(rows);
  it('reads a date from the latest list on or before it (the first list before 11/09/2019)', () => {
    expect(listDateOn(units.listDates, '2020-02-15')).toBe('2020-01-01');
    expect(listDateOn(units.listDates, '2020-03-01')).toBe('2020-03-01');
    expect(listDateOn(units.listDates, '2019-01-01')).toBe('2019-09-11');
  });
  it('names the unit and its parents as listed then', () => {
    expect(units.communeOn('21550', '2020-02-15')).toEqual({
      province: { code: '51', name: 'Tỉnh Quảng Ngãi', kind: 'Tỉnh' },
      district: { code: '534', name: 'Huyện Đức Phổ', kind: 'Huyện' },
      commune: { code: '21550', name: 'Thị trấn Đức Phổ', kind: 'Thị trấn' },
    });
    expect(units.communeOn('21550', '2022-10-20')?.district?.name).toBe('Thị xã Đức Phổ');
    expect(units.communeOn('99999', '2022-10-20')).toBeNull();
  });
});
