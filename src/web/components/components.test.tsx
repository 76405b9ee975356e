import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../../core/i18n';
import type { View } from '../view';
import { GalleryPage } from '../gallery.routes';
import { LocaleContext } from './ui-locale';
import { Checkbox, CsrfField, ErrorSummary, FileField, SelectField, TextArea, TextField, fieldId } from './form';
import { DataTable } from './table';
import { Pagination, pageWindow } from './pagination';
import { Stars, StatusBadge } from './badges';
import { StatGrid } from './page';
import {
  checkboxExamples, csrfFieldExamples, dataTableExamples, errorSummaryExamples, fileFieldExamples, gallery,
  paginationExamples, selectFieldExamples, starsExamples, textAreaExamples, textFieldExamples,
} from './examples';

const html = (node: VNode) => renderToString(node);

/** Attribute value of the first element matching `tag` with id=`id`. */
function tagWithId(out: string, tag: string, id: string): string {
  // Attribute-aware: quoted values may contain '>'.
  const tags = [...out.matchAll(new RegExp(`<${tag}\\b(?:[^>"]|"[^"]*")*>`, 'g'))].map((m) => m[0]);
  const found = tags.find((t) => t.includes(` id="${id}"`));
  expect(found, `<${tag} id="${id}"> in ${out}`).toBeDefined();
  return found!;
}
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];

describe('every named example renders', () => {
  for (const g of gallery) {
    for (const e of g.examples) {
      it(`${g.component} · ${e.name}`, () => {
        const out = html(e.render()!);
        if (/renders nothing/.test(e.name)) expect(out).toBe('');
        else expect(out.length).toBeGreaterThan(0);
        expect(out).not.toMatch(/<script/i);
      });
    }
  }
});

describe('form fields', () => {
  const fields: [string, { name: string; error?: string; hint?: string }, VNode, string][] = [
    ...textFieldExamples.map((e) => [`TextField ${e.name}`, e.props, <TextField {...e.props} />, 'input'] as [string, typeof e.props, VNode, string]),
    ...textAreaExamples.map((e) => [`TextArea ${e.name}`, e.props, <TextArea {...e.props} />, 'textarea'] as [string, typeof e.props, VNode, string]),
    ...selectFieldExamples.map((e) => [`SelectField ${e.name}`, e.props, <SelectField {...e.props} />, 'select'] as [string, typeof e.props, VNode, string]),
    ...fileFieldExamples.map((e) => [`FileField ${e.name}`, e.props, <FileField {...e.props} />, 'input'] as [string, typeof e.props, VNode, string]),
    ...checkboxExamples.map((e) => [`Checkbox ${e.name}`, e.props, <Checkbox {...e.props} />, 'input'] as [string, typeof e.props, VNode, string]),
  ];

  for (const [title, props, node, tag] of fields) {
    it(`${title}: label, id, describedby, invalid`, () => {
      const out = html(node);
      const id = fieldId(props.name);
      expect(out).toContain(`for="${id}"`);
      const control = tagWithId(out, tag, id);
      expect(attr(control, 'name')).toBe(props.name.replace(/&/g, '&amp;'));
      const describedby = (attr(control, 'aria-describedby') ?? '').split(' ').filter(Boolean);
      if (props.hint) {
        expect(describedby).toContain(`${id}-hint`);
        expect(out).toContain(`id="${id}-hint"`);
      }
      if (props.error) {
        expect(attr(control, 'aria-invalid')).toBe('true');
        expect(describedby).toContain(`${id}-error`);
        expect(out).toMatch(new RegExp(`id="${id}-error"[^>]*><span class="visually-hidden">Lỗi: </span>`));
        expect(out).toContain('field--error');
      } else {
        expect(control).not.toContain('aria-invalid');
        expect(describedby.some((d) => d.endsWith('-error'))).toBe(false);
      }
      for (const ref of describedby) expect(out).toContain(`id="${ref}"`);
    });
  }

  it('ids replace dots and other characters', () => {
    expect(fieldId('address.province')).toBe('field-address-province');
    expect(fieldId('items[0].qty')).toBe('field-items-0--qty');
  });

  it('escapes markup in labels, hints and values', () => {
    const ex = textFieldExamples.find((e) => e.name === 'escaping')!;
    const out = html(<TextField {...ex.props} />);
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;script>');
    expect(out).toMatch(/value="&quot;>&lt;script>alert\(1\)&lt;\/script>"/);
  });

  it('select marks the chosen option and the placeholder is empty', () => {
    const out = html(<SelectField {...selectFieldExamples[0]!.props} />);
    expect(out).toMatch(/<option value(="")?>— Chọn tỉnh\/thành phố —<\/option>/);
    expect(out).toMatch(/<option value="33" selected>Hưng Yên<\/option>/);
  });

  it('checkbox submits "on" and reflects checked', () => {
    const out = html(<Checkbox {...checkboxExamples[0]!.props} />);
    expect(out).toMatch(/type="checkbox"[^>]*value="on"[^>]*checked/);
  });

  it('file field carries the size limit and messages for the client script', () => {
    const out = html(<FileField {...fileFieldExamples[0]!.props} />);
    expect(out).toContain('data-module="file-size"');
    expect(out).toContain(`data-max-bytes="${10 * 1024 * 1024}"`);
    expect(out).toContain('aria-live="polite"');
  });

  it('optional label only on optional fields', () => {
    expect(html(<TextField name="a" label="A" optionalLabel="không bắt buộc" />)).toContain('(không bắt buộc)');
    expect(html(<TextField name="b" label="B" optionalLabel="không bắt buộc" required />)).not.toContain('không bắt buộc');
  });

  it('uses the page locale for built-in text', () => {
    const out = html(<LocaleContext.Provider value="en"><TextField name="x" label="X" error="Required" /></LocaleContext.Provider>);
    expect(out).toContain('<span class="visually-hidden">Error: </span>');
  });

  it('CsrfField renders a hidden _csrf input only with a token', () => {
    expect(html(<CsrfField {...csrfFieldExamples[0]!.props} />)).toBe('<input type="hidden" name="_csrf" value="c5f1e0d2-demo-token"/>');
    expect(html(<CsrfField token={null} />)).toBe('');
  });
});

describe('ErrorSummary', () => {
  it('is an alert linking each message to its field', () => {
    const out = html(<ErrorSummary {...errorSummaryExamples[0]!.props} />);
    expect(out).toContain('role="alert"');
    expect(out).toContain('tabindex="-1"');
    expect(out).toContain('href="#field-taxCode"');
    expect(out).toContain('href="#field-address-province"');
    expect(out).toContain('Mã số thuế: Mã số thuế phải có 10 hoặc 13 chữ số');
    expect(out).toMatch(/<h2[^>]*>Có lỗi cần sửa<\/h2>/);
  });

  it('focuses on load by default', () => {
    expect(html(<ErrorSummary title="T" errors={{ a: 'x' }} />)).toContain('data-module="error-summary"');
  });

  it('renders nothing without errors', () => {
    expect(html(<ErrorSummary title="T" errors={{}} />)).toBe('');
  });
});

describe('Stars and badges', () => {
  it('have accessible text, not only glyphs', () => {
    const out = html(<Stars count={4} />);
    expect(out).toContain('<span class="visually-hidden">4 sao</span>');
    expect(out).toMatch(/<span class="stars-glyphs" aria-hidden="true">/);
    expect(out).toContain('<span class="star--on">★★★★</span><span class="star--off">☆</span>');
    expect(html(<Stars count={5} />)).toContain('<span class="star--on">★★★★★</span></span>');
    expect(html(<Stars count={0} />)).toContain('<span class="stars-glyphs" aria-hidden="true"><span class="star--off">☆☆☆☆☆</span></span>');
  });

  it('clamp and describe unrated', () => {
    expect(html(<Stars count={9} />)).toContain('5 sao');
    expect(html(<Stars count={0} />)).toContain('Chưa xếp hạng sao');
    expect(html(<LocaleContext.Provider value="en"><Stars count={3} /></LocaleContext.Provider>)).toContain('3 stars');
  });

  it('every example has text', () => {
    for (const e of starsExamples) expect(html(<Stars {...e.props} />)).toMatch(/class="(visually-hidden|stars-text)">[^<]+</);
  });

  it('status badge shows words next to a hidden icon', () => {
    const out = html(<StatusBadge tone="danger">Đã thu hồi</StatusBadge>);
    expect(out).toContain('aria-hidden="true"');
    expect(out).toContain('Đã thu hồi');
  });
});

describe('DataTable', () => {
  it('has a caption, column headers and data-label on every cell', () => {
    const out = html(<DataTable {...dataTableExamples[0]!.props} />);
    expect(out).toMatch(/<caption[^>]*>Sản phẩm OCOP/);
    expect(out.match(/<th scope="col"/g)).toHaveLength(6);
    expect(out.match(/<td /g)).toHaveLength(18);
    expect(out.match(/data-label="/g)).toHaveLength(18);
    expect(out).toContain('class="num" data-label="Điểm"');
  });

  it('shows the empty message in one full-width cell', () => {
    const out = html(<DataTable {...dataTableExamples[1]!.props} />);
    expect(out).toContain('colspan="6"');
    expect(out).toContain('Không có sản phẩm nào đang chờ đánh giá.');
  });
});

describe('Pagination', () => {
  it('links prev/next and marks the current page', () => {
    const out = html(<Pagination {...paginationExamples[0]!.props} />);
    expect(out).toMatch(/<nav class="pagination" aria-label="[^"]+"/);
    expect(out).toContain('rel="prev"');
    expect(out).toContain('rel="next"');
    expect(out).toContain('page=5');
    expect(out).toContain('page=7');
    expect(out).toContain('aria-current="page"');
    expect(out).toContain('Trang 6 / 21');
  });

  it('has no prev link on the first page and nothing for one page', () => {
    expect(html(<Pagination {...paginationExamples[1]!.props} />)).not.toContain('rel="prev"');
    expect(html(<Pagination {...paginationExamples[2]!.props} />)).toBe('');
  });

  it('windows long page ranges', () => {
    expect(pageWindow(6, 21)).toEqual([1, 0, 5, 6, 7, 0, 21]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
  });
});

describe('StatGrid', () => {
  it('formats numbers for the locale', () => {
    expect(html(<StatGrid items={[{ label: 'A', value: 16852 }]} />)).toContain('16.852');
    expect(html(<LocaleContext.Provider value="en"><StatGrid items={[{ label: 'A', value: 16852 }]} /></LocaleContext.Provider>)).toContain('16,852');
  });
});

describe('gallery page', () => {
  const view: View = { locale: 'vi', t: translator('vi'), actor: null, csrfToken: null, url: '/_components' };
  const out = html(<GalleryPage view={view} />);

  it('renders inside the layout with one main landmark', () => {
    expect(out).toContain('<main id="main"');
    expect(out).toContain('Thư viện thành phần giao diện');
  });

  it('has no duplicate ids and every aria reference resolves', () => {
    const ids = [...out.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    const refs = [...out.matchAll(/\s(?:aria-describedby|aria-labelledby|for)="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
    for (const ref of refs) expect(ids, `reference ${ref}`).toContain(ref);
    const links = [...out.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    for (const target of links) expect(ids, `link #${target}`).toContain(target);
  });

  it('uses no inline styles or scripts (CSP)', () => {
    expect(out).not.toMatch(/\sstyle="/);
    expect(out).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(out).not.toMatch(/\son[a-z]+="/);
  });
});
