/**
 * A small reader of the HTML the app renders itself (server-side Preact): links, POST forms with
 * their fields, and the field errors and error summary of src/web/components/form.tsx.
 * Regular expressions suffice because the markup is ours and regular: attributes are always
 * double-quoted, text is entity-escaped, forms are not nested.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Text with its character references decoded. */
export function decodeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

/** The text of a fragment: tags dropped, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return decodeHtml(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** The attributes of a start tag's inside (`name="x" required` → {name: 'x', required: ''}). */
export function attrsOf(tagInside: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tagInside.matchAll(/([A-Za-z_:][-\w:.]*)(?:\s*=\s*"([^"]*)")?/g)) {
    const name = m[1]!.toLowerCase();
    if (!(name in out)) out[name] = decodeHtml(m[2] ?? '');
  }
  return out;
}

/** Every `href` of an `<a>` (decoded, as written). */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\b([^>]*)>/gi)].map((m) => attrsOf(m[1]!).href).filter((h): h is string => !!h);
}

export type FieldKind = 'hidden' | 'text' | 'textarea' | 'number' | 'date' | 'email' | 'tel' | 'url' | 'password'
  | 'search' | 'checkbox' | 'radio' | 'select' | 'file' | 'other';

export interface FormField {
  name: string;
  kind: FieldKind;
  value: string;
  required: boolean;
  maxLength?: number;
  /** Checkbox/radio: checked. */
  checked?: boolean;
  /** Select: the option values. */
  options?: string[];
}

export interface HtmlForm {
  method: string;
  /** The action as written ('' = the page itself). */
  action: string;
  enctype: string;
  fields: FormField[];
  /** The first named submit button, sent as the browser would. */
  submitter?: { name: string; value: string };
}

const INPUT_KINDS = new Set<FieldKind>(['hidden', 'text', 'number', 'date', 'email', 'tel', 'url', 'password', 'search', 'checkbox', 'radio', 'file']);

/** Every `<form>` of a page, with its controls in document order. */
export function formsOf(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrsOf(m[1]!);
    const body = m[2]!;
    const fields: FormField[] = [];
    let submitter: HtmlForm['submitter'];
    for (const c of body.matchAll(/<(input|select|textarea|button)\b([^>]*)>(?:([\s\S]*?)<\/\1>)?/gi)) {
      const tag = c[1]!.toLowerCase();
      const at = attrsOf(c[2]!);
      const name = at.name;
      if (tag === 'button') {
        if (name && !submitter && (at.type ?? 'submit') === 'submit') submitter = { name, value: at.value ?? '' };
        continue;
      }
      if (!name) continue;
      const required = 'required' in at;
      const maxLength = at.maxlength ? Number(at.maxlength) : undefined;
      if (tag === 'textarea') {
        fields.push({ name, kind: 'textarea', value: decodeHtml(c[3] ?? ''), required, maxLength });
      } else if (tag === 'select') {
        const opts = [...(c[3] ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => {
          const oa = attrsOf(o[1]!);
          return { value: oa.value ?? textOf(o[2]!), selected: 'selected' in oa };
        });
        const value = (opts.find((o) => o.selected) ?? opts[0])?.value ?? '';
        fields.push({ name, kind: 'select', value, required, options: opts.map((o) => o.value) });
      } else {
        const type = (at.type ?? 'text').toLowerCase() as FieldKind;
        if (type === ('submit' as FieldKind) || type === ('image' as FieldKind)) {
          if (!submitter) submitter = { name, value: at.value ?? '' };
          continue;
        }
        fields.push({
          name, kind: INPUT_KINDS.has(type) ? type : 'other', value: at.value ?? '', required, maxLength,
          checked: 'checked' in at,
        });
      }
    }
    forms.push({ method: (a.method ?? 'get').toLowerCase(), action: a.action ?? '', enctype: a.enctype ?? '', fields, submitter });
  }
  return forms;
}

/** The field error messages of a page (`<p class="field-error-message">`, its "Lỗi:" prefix dropped), by field id. */
export function fieldErrorsOf(html: string): { id: string; text: string }[] {
  return [...html.matchAll(/<p\b([^>]*\bclass="field-error(?:-message)?\b[^"]*"[^>]*)>([\s\S]*?)<\/p>/gi)].map((m) => ({
    id: attrsOf(m[1]!).id ?? '?',
    text: textOf(m[2]!.replace(/<span class="visually-hidden">[\s\S]*?<\/span>/i, '')),
  }));
}

/** The items of the page's error summaries: text ("Label: message" or "message") and link ('#field-…'). */
export function errorSummaryItemsOf(html: string): { text: string; href: string }[] {
  const items: { text: string; href: string }[] = [];
  for (const m of html.matchAll(/<div\b[^>]*\bclass="error-summary"[^>]*>([\s\S]*?)<\/div>/gi)) {
    for (const li of m[1]!.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/gi)) {
      const a = /<a\b([^>]*)>/i.exec(li[1]!);
      items.push({ text: textOf(li[1]!), href: (a && attrsOf(a[1]!).href) ?? '' });
    }
  }
  return items;
}

/** The `lang` of the page's `<html>` element. */
export function pageLang(html: string): string | undefined {
  const m = /<html\b([^>]*)>/i.exec(html);
  return m ? attrsOf(m[1]!).lang : undefined;
}
