import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n';
import { passwordProblem } from './password';
import { fieldMessage } from '../../web/field-errors';

describe('passwordProblem', () => {
  it('answers codes with parameters, in English exactly as before', () => {
    const en = (pw: string, user = 'nguyenvana') => {
      const p = passwordProblem(pw, user);
      return p && { code: p.code, en: fieldMessage(p, 'en') };
    };
    expect(en('short1')).toEqual({ code: 'password.too_short', en: 'at least 10 characters' });
    expect(en(`a1${'x'.repeat(300)}`)).toEqual({ code: 'password.too_long', en: 'at most 256 characters' });
    expect(en('password12')).toEqual({ code: 'password.common', en: 'this password is too common (it is on a list of breached passwords); choose another phrase you can remember' });
    expect(en('nguyenvana2024x')).toEqual({ code: 'password.contains_username', en: 'must not contain the username' });
    expect(en('good pass 2026')).toBeNull();
  });

  it('has no composition rules: letters only, digits only, spaces and Vietnamese letters are fine when long and uncommon', () => {
    expect(passwordProblem('onlyletterslong', 'nguyenvana')).toBeNull();
    expect(passwordProblem('8264019375', 'nguyenvana')).toBeNull();
    expect(passwordProblem('mật ong rừng U Minh', 'nguyenvana')).toBeNull();
  });

  it('refuses breached and common passwords, with digits or symbols around a common word too (NIST 800-63B)', () => {
    for (const pw of ['password12', 'password123', '1234567890', 'qwertyuiop', '123456789a', 'iloveyou12', 'Matkhau@123', 'OCOP2026!!', '  admin123456', 'sunshine2026'])
      expect(passwordProblem(pw, 'nguyenvana')?.code, pw).toBe('password.common');
    for (const pw of ['aaaaaaaaaaaa', 'abcdefghijkl', '9876543210'])
      expect(passwordProblem(pw, 'nguyenvana')?.code, pw).toMatch(/^password\.(too_simple|common)$/);
    expect(passwordProblem('Demo@OCOP2026', 'nguyenvana')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🐝🐝🐝🐝🐝mật', 'x')?.code).toBe('password.too_short');
  });

  it('has a Vietnamese message for every code', () => {
    expect(t('vi', 'field.password.too_short', { min: 10 })).toBe('Mật khẩu cần ít nhất 10 ký tự.');
    expect(t('vi', 'field.password.too_simple')).not.toBe(t('en', 'field.password.too_simple'));
  });
});
