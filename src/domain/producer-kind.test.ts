import { describe, it, expect } from 'vitest';
import { PRODUCER_KIND_LABELS, PRODUCER_KINDS, parseProducerKind } from './producer-kind';

describe('PRODUCER_KIND_LABELS', () => {
  it('has Vietnamese and English labels for every kind', () => {
    expect(Object.keys(PRODUCER_KIND_LABELS).sort()).toEqual([...PRODUCER_KINDS].sort());
    expect(PRODUCER_KIND_LABELS.cooperative_group).toEqual({ vi: 'Tổ hợp tác', en: 'Cooperative group' });
    expect(PRODUCER_KIND_LABELS.household.vi).toBe('Hộ kinh doanh');
  });
});

describe('parseProducerKind', () => {
  it('round-trips the English codes', () => {
    for (const kind of PRODUCER_KINDS) expect(parseProducerKind(kind)).toBe(kind);
    expect(parseProducerKind('COOPERATIVE_GROUP')).toBe('cooperative_group');
  });

  it('round-trips both labels', () => {
    for (const kind of PRODUCER_KINDS) {
      expect(parseProducerKind(PRODUCER_KIND_LABELS[kind].vi)).toBe(kind);
      expect(parseProducerKind(PRODUCER_KIND_LABELS[kind].en)).toBe(kind);
    }
  });

  it('maps enterprise aliases', () => {
    for (const s of ['DN', 'doanh nghiệp', 'DOANH NGHIEP', 'công ty', 'Cong Ty']) {
      expect(parseProducerKind(s), s).toBe('enterprise');
    }
  });

  it('maps cooperative aliases', () => {
    for (const s of ['HTX', 'htx', 'hợp tác xã', 'Hop tac xa', ' Hợp  tác xã. ']) {
      expect(parseProducerKind(s), s).toBe('cooperative');
    }
  });

  it('maps cooperative group aliases', () => {
    for (const s of ['THT', 'tổ hợp tác', 'TO HOP TAC']) {
      expect(parseProducerKind(s), s).toBe('cooperative_group');
    }
  });

  it('maps household aliases', () => {
    for (const s of ['hộ kinh doanh', 'HKD', 'hộ sản xuất', 'hộ gia đình', 'Hộ Gia Đình', 'cơ sở', 'co so']) {
      expect(parseProducerKind(s), s).toBe('household');
    }
  });

  it('accepts decomposed Unicode input', () => {
    expect(parseProducerKind('Hợp tác xã'.normalize('NFD'))).toBe('cooperative');
  });

  it('returns null for unknown or partial input', () => {
    for (const s of ['', 'hợp tác', 'tổ', 'farmer', 'HTX Mật ong', 'hộ']) {
      expect(parseProducerKind(s), s).toBeNull();
    }
  });
});
