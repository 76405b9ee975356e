import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { t, translator } from '../../core/i18n';
import { validUntilVi } from '../../domain/certificate';
import { LocaleContext } from './ui-locale';
import { ValidUntil, ValidUntilDate, validUntilLabel } from './valid-until';

const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('a certificate\'s end date', () => {
  it('shows the last valid day, the day before expiresOn, in one wording', () => {
    const vi = renderToString(<ValidUntil expiresOn="2029-07-01" />);
    expect(text(vi)).toBe('Hiệu lực đến hết ngày 30/06/2029');
    expect(vi).toMatch(/<time class="valid-until-date" datetime="2029-06-30">30\/06\/2029<\/time>/i);
    const en = renderToString(<LocaleContext.Provider value="en"><ValidUntil expiresOn="2029-07-01" /></LocaleContext.Provider>);
    expect(text(en)).toBe('Valid until the end of 30/06/2029');
  });

  it('as a label and a value, and in Vietnamese documents, reads the same', () => {
    expect(`${validUntilLabel(translator('vi'))} ${text(renderToString(<ValidUntilDate expiresOn="2028-03-01" />))}`)
      .toBe('Hiệu lực đến hết ngày 29/02/2028');
    expect(validUntilVi('2028-03-01')).toBe(t('vi', 'certificate.validUntil', { date: '29/02/2028' }));
  });
});
