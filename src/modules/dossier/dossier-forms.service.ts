/**
 * The two forms of the evaluation dossier (Mẫu 01 registration, Mẫu 02 self-assessment report)
 * as print-ready PDFs: blank, or prefilled with the dossier's product, producer and the saved
 * self-assessment. The form titles and the list of attached documents come from the regime's
 * data (seed/criteria/regimes.json `dossierDocuments`); the body is the platform's worksheet of
 * identifying facts, not a copy of the legal text (docs/decisions/023-dossier-guidance.md).
 */
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { type DossierDocumentSpec } from '../../domain/dossier';
import { regimeName } from '../../domain/regime';
import { PRODUCER_KIND_LABELS } from '../../domain/producer-kind';
import { requireActor } from '../../core/actor';
import { getProducer } from '../registry/producer.service';
import { getProduct } from '../registry/product.service';
import { DOSSIER_ROLES } from './dossier.policy';
import { getDossier, regimeOfDossier, readableDossier, specsOf } from './dossier.service';
import { getSelfAssessment, regimeInForce } from './self-assessment.service';
import { renderFormPdf, type FormPrint } from './dossier-forms.pdf';

export const FORM_CODES = ['01', '02'] as const;
export type FormCode = (typeof FORM_CODES)[number];

const KIND_VI = { first: 'Đánh giá lần đầu', upgrade: 'Nâng hạng sao', reevaluation: 'Đánh giá lại' } as const;

/** The form's title as the regime's dossier list names it ("Mẫu 01: Phiếu đăng ký sản phẩm"). */
function formTitle(specs: readonly DossierDocumentSpec[], form: FormCode): string {
  const code = form === '01' ? 'registration_form' : 'self_assessment';
  return specs.find((s) => s.code === code)?.title ?? (form === '01' ? 'Mẫu 01: Phiếu đăng ký sản phẩm' : 'Mẫu 02: Báo cáo tự đánh giá theo bộ tiêu chí');
}

/** A blank form of the regime in force today (any role that handles dossiers). */
export async function blankFormPdf(ctx: Ctx, form: FormCode): Promise<{ bytes: Buffer; fileName: string }> {
  const actor = requireActor(ctx);
  if (!(DOSSIER_ROLES as readonly string[]).includes(actor.role)) throw new AppError('forbidden', 'not allowed');
  const regime = await regimeInForce(ctx);
  const specs = (regime.dossierDocuments ?? []) as DossierDocumentSpec[];
  const print: FormPrint = {
    form, title: formTitle(specs, form), regime: regimeName(regime.title), toVerify: regime.toVerify,
    attachments: specs.filter((s) => s.code !== 'registration_form').map((s) => s.title), prefilled: null,
  };
  return { bytes: await renderFormPdf(print, ctx.deps.clock()), fileName: `mau-${form}-trong.pdf` };
}

/** The form prefilled with what the platform knows of the dossier (whoever may read it). */
export async function dossierFormPdf(ctx: Ctx, dossierId: string, form: FormCode): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await readableDossier(ctx, dossierId);
  const d = await getDossier(ctx, dossierId);
  const regime = await regimeOfDossier(ctx, row);
  const specs = specsOf(regime, row.kind, row.isService);
  const [producer, product] = await Promise.all([getProducer(ctx, row.producerId), getProduct(ctx, row.productId)]);
  let assessment: FormPrint['assessment'] = null;
  if (form === '02') {
    try {
      const sa = await getSelfAssessment(ctx, row.productId);
      if (sa.saved) {
        const chosen = new Set(sa.answers.options);
        const lines: { code: string; title: string; option: string; points: number }[] = [];
        const visit = (n: { code: string; title: string; options: { code: string; text: string; points: number }[]; children: unknown[] }) => {
          for (const o of n.options) if (chosen.has(o.code)) lines.push({ code: n.code, title: n.title, option: o.text, points: o.points });
          for (const c of n.children) visit(c as typeof n);
        };
        for (const p of sa.sheetDto.parts) for (const c of p.children) visit(c);
        assessment = {
          parts: sa.parts, partMaxima: sa.partMaxima, total: sa.total, stars: sa.estimatedStars,
          savedOn: sa.updatedAt ? sa.updatedAt.slice(0, 10) : null, lines,
        };
      }
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'sheet_not_available' || e.code === 'not_found'))) throw e;
    }
  }
  const print: FormPrint = {
    form, title: formTitle(specs, form), regime: d.regimeName, toVerify: regime.toVerify,
    attachments: specs.filter((s) => s.code !== 'registration_form').map((s) => s.title),
    prefilled: {
      dossierNumber: d.number, kind: KIND_VI[row.kind], producerName: producer.name, producerKind: PRODUCER_KIND_LABELS[producer.kind].vi,
      taxCode: producer.taxCode, address: [producer.address, producer.communeName, producer.provinceName].filter(Boolean).join(', '),
      representative: producer.representative, phone: producer.phone, email: producer.email,
      productName: product.name, productSet: product.productSetName, communeName: producer.communeName,
      today: todayInVietnam(ctx.deps.clock()),
      onBehalf: d.assisted.filedBy ? {
        role: d.assisted.filedBy.role, name: d.assisted.filedBy.name, at: new Date(d.assisted.filedBy.at),
        handedOverTo: d.assisted.handedOver?.toName ?? null, handedOverAt: d.assisted.handedOver ? new Date(d.assisted.handedOver.at) : null,
      } : null,
    },
    assessment,
  };
  return { bytes: await renderFormPdf(print, ctx.deps.clock()), fileName: `mau-${form}-${d.number}.pdf` };
}
