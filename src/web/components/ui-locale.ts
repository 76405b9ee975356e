import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translator, type Locale, type Translator } from '../../core/i18n';

/**
 * The page locale, provided by `Layout`, so shared components can phrase their own
 * built-in text (the "Lỗi:" prefix, "4 sao", pagination labels…) without every caller
 * passing it. Outside a Layout (unit tests) it defaults to Vietnamese.
 */
export const LocaleContext = createContext<Locale>('vi');

export function useUiText(): { locale: Locale; t: Translator } {
  const locale = useContext(LocaleContext);
  return { locale, t: translator(locale) };
}
