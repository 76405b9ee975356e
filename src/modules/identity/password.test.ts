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
    expect(en('short1')).toEqual({ code: 'password.too_short', en: 'at least 12 characters' });
    expect(en(`a1${'x'.repeat(300)}`)).toEqual({ code: 'password.too_long', en: 'at most 128 characters' });
    expect(en('password1234')).toEqual({ code: 'password.common', en: 'this password is too common (it is on a list of breached passwords); choose another phrase you can remember' });
    expect(en('nguyenvana2024x')).toEqual({ code: 'password.contains_username', en: 'must not contain the username' });
    expect(en('good pass 2026')).toBeNull();
  });

  it('has no composition rules: letters only, digits only, spaces and Vietnamese letters are fine when long and uncommon', () => {
    expect(passwordProblem('onlyletterslong', 'nguyenvana')).toBeNull();
    expect(passwordProblem('826401937564', 'nguyenvana')).toBeNull();
    expect(passwordProblem('mật ong rừng U Minh', 'nguyenvana')).toBeNull();
  });

  it('refuses breached and common passwords, with digits or symbols around a common word too (NIST 800-63B)', () => {
    for (const pw of ['password1234', 'password12345', '123456789012', 'qwertyuiop12', '1q2w3e4r5t6y', 'iloveyou1234', 'Matkhau@12345', 'OCOP2026!!!!', '  admin123456', 'sunshine20266'])
      expect(passwordProblem(pw, 'nguyenvana')?.code, pw).toBe('password.common');
    for (const pw of ['aaaaaaaaaaaa', 'abcdefghijkl', 'zyxwvutsrqpo'])
      expect(passwordProblem(pw, 'nguyenvana')?.code, pw).toMatch(/^password\.(too_simple|common)$/);
    expect(passwordProblem('Demo@OCOP2026', 'nguyenvana')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🐝🐝🐝🐝🐝mật', 'x')?.code).toBe('password.too_short');
  });

  it('has a Vietnamese message for every code', () => {
    expect(t('vi', 'field.password.too_short', { min: 12 })).toBe('Mật khẩu cần ít nhất 12 ký tự.');
    expect(t('vi', 'field.password.too_simple')).not.toBe(t('en', 'field.password.too_simple'));
  });
});
