/**
 * Vietnamese-aware text normalisation used for search, duplicate detection and slugs.
 */

export function normalizeVi(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // đ/Đ are separate letters in Unicode, not d + a combining mark, so NFD leaves them alone.
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Longest first so "cong ty tnhh" wins over "cong ty".
const LEGAL_FORM_PREFIXES: readonly string[] = [
  'cong ty tnhh',
  'cong ty co phan',
  'cong ty cp',
  'cong ty',
  'hop tac xa',
  'htx',
  'to hop tac',
  'tht',
  'ho kinh doanh',
  'hkd',
  'co so',
].sort((a, b) => b.length - a.length);

/**
 * Key for detecting duplicate producer names: ignores case, diacritics, punctuation,
 * spacing and a leading legal-form word ("HTX", "Công ty TNHH", ...).
 * Throws RangeError for blank input: a constant key would silently merge every unnamed producer.
 */
export function nameKey(s: string): string {
  const normalized = normalizeVi(s);
  if (normalized === '') {
    // Names written only in non-Latin scripts still deserve a distinct key.
    const raw = s.normalize('NFC').toLowerCase().replace(/\s+/g, '');
    if (raw === '') throw new RangeError('nameKey: empty name');
    return raw;
  }
  const compact = normalized.replace(/ /g, '');
  for (const prefix of LEGAL_FORM_PREFIXES) {
    // A name that is nothing but a legal form ("Công ty TNHH") keeps all its words.
    if (normalized === prefix) return compact;
    if (normalized.startsWith(prefix + ' ')) {
      return normalized.slice(prefix.length + 1).replace(/ /g, '');
    }
  }
  return compact;
}

export const SLUG_MAX_LENGTH = 80;

export function slugify(s: string): string {
  return normalizeVi(s)
    .replace(/ /g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}
