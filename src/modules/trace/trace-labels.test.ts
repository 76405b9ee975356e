import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { A4 } from '../../web/pdf';
import { labelCount, labelPayload, LABELS_MAX, LABELS_PER_PAGE, layoutLabelSheet, qrBox } from './trace-labels';

const failure = (fn: () => unknown): AppError => {
  try { fn(); } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('did not fail');
};

describe('what a lot label\'s QR code carries', () => {
  it('the GS1 Digital Link of the lot when the product has a GTIN', () => {
    expect(labelPayload('https://ocop.example.vn', { gtin: '8934567890128', lotNumber: 'L1-2026', traceCode: '467K2MQ9XRC' }))
      .toBe('https://ocop.example.vn/01/8934567890128/10/L1-2026');
    // A trailing slash of the base is not doubled; a "/" in a lot number is percent-encoded (one path segment).
    expect(labelPayload('https://ocop.example.vn/', { gtin: '8934567890128', lotNumber: 'CHE/07.26', traceCode: '467K2MQ9XRC' }))
      .toBe('https://ocop.example.vn/01/8934567890128/10/CHE%2F07.26');
  });

  it('the platform\'s trace page without a GTIN', () => {
    expect(labelPayload('https://ocop.example.vn', { gtin: null, lotNumber: 'L1-2026', traceCode: '467K2MQ9XRC' })).toBe('https://ocop.example.vn/truy-xuat/467K2MQ9XRC');
  });
});

describe('how many labels, and where', () => {
  it('a full sheet by default; 1…LABELS_MAX; anything else names the field `count`', () => {
    expect(labelCount(undefined)).toBe(LABELS_PER_PAGE);
    expect(labelCount(' ')).toBe(LABELS_PER_PAGE);
    expect(labelCount('1')).toBe(1);
    expect(labelCount(String(LABELS_MAX))).toBe(LABELS_MAX);
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', String(LABELS_MAX + 1), '9999999']) {
      const e = failure(() => labelCount(bad));
      expect(e.code, bad).toBe('validation_failed');
      expect(e.fields?.count).toMatchObject({ code: 'trace.label_count', params: { max: LABELS_MAX } });
    }
  });

  it('3 × 8 labels a page, inside the A4 page, each with its QR code inside it', () => {
    const pages = layoutLabelSheet(LABELS_PER_PAGE + 1);
    expect(pages.map((p) => p.cells.length)).toEqual([LABELS_PER_PAGE, 1]);
    expect(pages[1]!.cells[0]).toMatchObject({ index: LABELS_PER_PAGE + 1, x: pages[0]!.cells[0]!.x, y: pages[0]!.cells[0]!.y });
    for (const c of pages[0]!.cells) {
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.x + c.width).toBeLessThanOrEqual(A4.width);
      expect(c.y + c.height).toBeLessThanOrEqual(A4.height);
      const q = qrBox(c);
      expect(q.x + q.size).toBeLessThan(c.x + c.width);
      expect(q.y + q.size).toBeLessThan(c.y + c.height);
    }
    expect(new Set(pages[0]!.cells.map((c) => `${c.x},${c.y}`)).size).toBe(LABELS_PER_PAGE);
  });
});
