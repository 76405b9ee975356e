/**
 * A small scoring sheet for tests of self-assessment, scoring and closing rounds under the
 * 148-and-later part maxima (A40/B25/C35). It is a TEST sheet (provenance says so, never
 * official) with each rule kind the real annexes use: a 'one' alternative, a conditional
 * criterion, knock-outs (eliminate and stop) and a bonus criterion.
 *
 *   A.1.1  raw material origin      o1 0 | o2 5 | o3 10   knock-out eliminate ("all imported")
 *   A.1.2  production organisation  o1 0 | o2 10 | o3 15
 *   A.2    (one of) A.2.1 story o1 0 | o2 15, or A.2.2 no story o1 0 | o2 10
 *   A.3.1  bonus: women-led         o1 0 | o2 3                               (bonus)
 *   B.1.1  market                   o1 0 | o2 10 | o3 25
 *   C.1.1  food safety              o1 0 | o2 20                knock-out stop ("no certificate")
 *   C.1.2  lab tests (only if …)    o1 0 | o2 15               condition
 *
 * Best answer = 10 + 15 + 15 + 25 + 20 + 15 = 100.
 */
import type { Ctx } from '../../src/context';
import { createDraft, publishSheet, updateDraft } from '../../src/modules/criteria/criteria.service';
import type { SheetInput } from '../../src/modules/criteria/criteria.schema';
import { DEFAULT_PRODUCT_SET } from './builders';

const opts = (code: string, points: number[]) => points.map((p, i) => ({ code: `${code}.o${i + 1}`, text: `${code} mức ${i + 1}`, points: p }));

export function testSheet(): SheetInput {
  return {
    parts: [
      {
        code: 'A', title: 'Phần A: Sản phẩm và sức mạnh cộng đồng', maxPoints: 40,
        children: [
          {
            code: 'A.1', kind: 'section', title: 'Tổ chức sản xuất',
            children: [
              {
                code: 'A.1.1', kind: 'criterion', title: 'Nguồn nguyên liệu', options: opts('A.1.1', [0, 5, 10]),
                knockOut: { effect: 'eliminate', text: 'Loại nếu toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc' },
              },
              { code: 'A.1.2', kind: 'criterion', title: 'Tổ chức sản xuất', options: opts('A.1.2', [0, 10, 15]) },
            ],
          },
          {
            code: 'A.2', kind: 'section', title: 'Câu chuyện sản phẩm (chọn một trong hai trường hợp)', selection: 'one',
            children: [
              { code: 'A.2.1', kind: 'criterion', title: 'Có câu chuyện sản phẩm', options: opts('A.2.1', [0, 15]) },
              { code: 'A.2.2', kind: 'criterion', title: 'Không có câu chuyện', options: opts('A.2.2', [0, 10]) },
            ],
          },
          {
            code: 'A.3', kind: 'section', title: 'Điểm cộng',
            children: [{ code: 'A.3.1', kind: 'criterion', title: 'Chủ thể do phụ nữ làm chủ', bonus: true, options: opts('A.3.1', [0, 3]) }],
          },
        ],
      },
      {
        code: 'B', title: 'Phần B: Khả năng tiếp thị', maxPoints: 25,
        children: [{ code: 'B.1', kind: 'section', title: 'Thị trường', children: [{ code: 'B.1.1', kind: 'criterion', title: 'Thị trường tiêu thụ', options: opts('B.1.1', [0, 10, 25]) }] }],
      },
      {
        code: 'C', title: 'Phần C: Chất lượng sản phẩm', maxPoints: 35,
        children: [{
          code: 'C.1', kind: 'section', title: 'An toàn thực phẩm',
          children: [
            {
              code: 'C.1.1', kind: 'criterion', title: 'Giấy chứng nhận an toàn thực phẩm', options: opts('C.1.1', [0, 20]),
              knockOut: { effect: 'stop', text: 'Dừng đánh giá nếu không có giấy chứng nhận hợp lệ' },
            },
            { code: 'C.1.2', kind: 'criterion', title: 'Kiểm nghiệm định kỳ', condition: 'Chỉ áp dụng nếu sản phẩm có công bố chất lượng', options: opts('C.1.2', [0, 15]) },
          ],
        }],
      },
    ],
  };
}

/** Every option code of `testSheet()` that scores best: 100 points. */
export const BEST_ANSWERS = ['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2', 'C.1.2.o2'];

/**
 * Publish `testSheet()` as the sheet of a product set under a version (default: 26-2026, the
 * regime in force from 2026-05-22, with the current 148 classification). Provenance marks it as
 * a test sheet. Returns the sheet id.
 */
export async function publishTestSheet(ctx: Ctx, opts: { version?: string; productSetCode?: string } = {}): Promise<string> {
  const draft = await createDraft(ctx, {
    version: opts.version ?? '26-2026', productSetCode: opts.productSetCode ?? DEFAULT_PRODUCT_SET,
    provenance: 'TEST SHEET — made up for automated tests, not an official annex', source: 'import',
  });
  await updateDraft(ctx, draft.id, testSheet());
  const published = await publishSheet(ctx, draft.id);
  return published.id;
}
