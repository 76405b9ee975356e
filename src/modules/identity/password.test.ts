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
    expect(en('onlyletterslong')).toEqual({ code: 'password.letter_and_digit', en: 'needs a letter and a digit' });
    expect(en('nguyenvana2024x')).toEqual({ code: 'password.contains_username', en: 'must not contain the username' });
    expect(en('good pass 2026')).toBeNull();
  });

  it('has a Vietnamese message for every code', () => {
    expect(t('vi', 'field.password.too_short', { min: 10 })).toBe('Mật khẩu cần ít nhất 10 ký tự.');
    expect(t('vi', 'field.password.too_simple')).not.toBe(t('en', 'field.password.too_simple'));
  });
});
