import { describe, it, expect } from 'vitest';
import { nameKey, normalizeVi, slugify } from './text';

describe('normalizeVi', () => {
  it('lower-cases, strips diacritics and punctuation', () => {
    expect(normalizeVi('Mật ong Hoàn Kiếm!')).toBe('mat ong hoan kiem');
    expect(normalizeVi('ĐẶC SẢN')).toBe('dac san');
  });

  it('maps đ and Đ to d', () => {
    expect(normalizeVi('Đường đỏ')).toBe('duong do');
  });

  it('treats precomposed and decomposed input identically', () => {
    const precomposed = 'Bắc Sơn Hợp tác xã'.normalize('NFC');
    const decomposed = precomposed.normalize('NFD');
    expect(precomposed).not.toBe(decomposed);
    expect(normalizeVi(decomposed)).toBe(normalizeVi(precomposed));
    expect(normalizeVi(decomposed)).toBe('bac son hop tac xa');
  });

  it('collapses runs of separators and trims', () => {
    expect(normalizeVi('  Chè -- Tân\tCương,,  Thái Nguyên  ')).toBe('che tan cuong thai nguyen');
  });

  it('keeps digits', () => {
    expect(normalizeVi('Gạo ST25 (túi 5kg)')).toBe('gao st25 tui 5kg');
  });

  it('returns empty string for punctuation only', () => {
    expect(normalizeVi(' !?- ')).toBe('');
  });
});

describe('nameKey', () => {
  it('matches HTX and Hợp tác xã spellings of the same producer', () => {
    expect(nameKey('HTX Mật ong Bắc Sơn')).toBe('matongbacson');
    expect(nameKey('Hợp tác xã mật ong Bắc  Sơn')).toBe('matongbacson');
  });

  it('drops the longest matching legal-form prefix', () => {
    expect(nameKey('Công ty TNHH Trà Việt')).toBe('traviet');
    expect(nameKey('Công ty Cổ phần Trà Việt')).toBe('traviet');
    expect(nameKey('Công ty CP Trà Việt')).toBe('traviet');
    expect(nameKey('Công ty Trà Việt')).toBe('traviet');
    expect(nameKey('Tổ hợp tác nấm Ba Vì')).toBe('nambavi');
    expect(nameKey('THT nấm Ba Vì')).toBe('nambavi');
    expect(nameKey('Hộ kinh doanh Nguyễn Văn A')).toBe('nguyenvana');
    expect(nameKey('HKD Nguyễn Văn A')).toBe('nguyenvana');
    expect(nameKey('Cơ sở bánh chưng Tranh Khúc')).toBe('banhchungtranhkhuc');
  });

  it('only strips prefixes that are whole leading words', () => {
    expect(nameKey('HTXanh Food')).toBe('htxanhfood');
    expect(nameKey('Trà HTX Tân Cương')).toBe('trahtxtancuong');
  });

  it('never returns an empty key when only a prefix is given', () => {
    expect(nameKey('Hợp tác xã')).toBe('hoptacxa');
    expect(nameKey('HTX')).toBe('htx');
    expect(nameKey('Công ty TNHH')).toBe('congtytnhh');
  });

  it('falls back to raw text for names without Latin letters', () => {
    expect(nameKey('茶 园')).toBe('茶园');
  });

  it('throws for blank names', () => {
    expect(() => nameKey('   ')).toThrow(RangeError);
  });
});

describe('slugify', () => {
  it('joins words with dashes', () => {
    expect(slugify('Mật ong Hoàn Kiếm!')).toBe('mat-ong-hoan-kiem');
  });

  it('caps length at 80 without a trailing dash', () => {
    const long = 'Sản phẩm '.repeat(20);
    const slug = slugify(long);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.startsWith('san-pham-san-pham')).toBe(true);
  });

  it('keeps exactly 80 characters when the cut falls inside a word', () => {
    const slug = slugify('a'.repeat(100));
    expect(slug).toBe('a'.repeat(80));
  });
});
