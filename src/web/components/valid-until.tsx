/**
 * A certificate's end, the one way every page shows it: the last valid day (the day before the
 * stored, exclusive expiresOn) with the wording "Hiệu lực đến hết ngày DD/MM/YYYY" /
 * "Valid until the end of DD/MM/YYYY" (docs/decisions/019-one-end-date.md).
 *
 *   <ValidUntil expiresOn={c.expiresOn} />                         running text, cards, badges
 *   { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={c.expiresOn} /> }   label + value
 */
import { lastValidDay } from '../../domain/certificate';
import { formatDateVi } from '../../domain/dates';
import type { Translator } from '../../core/i18n';
import { useUiText } from './ui-locale';

/** The label for a table column or description term whose value is <ValidUntilDate>. */
export const validUntilLabel = (t: Translator): string => t('certificate.validUntilLabel');

/** The last valid day alone, as a machine-readable <time>, under a validUntilLabel heading. */
export function ValidUntilDate({ expiresOn }: { expiresOn: string }) {
  const day = lastValidDay(expiresOn);
  return <time class="valid-until-date" dateTime={day}>{formatDateVi(day)}</time>;
}

/** "Hiệu lực đến hết ngày <time>30/06/2029</time>". */
export function ValidUntil({ expiresOn }: { expiresOn: string }) {
  const { t } = useUiText();
  const [before, after = ''] = t('certificate.validUntil').split('{date}');
  return <span class="valid-until">{before}<ValidUntilDate expiresOn={expiresOn} />{after}</span>;
}
