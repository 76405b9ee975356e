import { z } from 'zod';
import { DOSSIER_ACTIONS, DOSSIER_KINDS, DOSSIER_STATUSES } from '../../domain/dossier';

const text = (max: number) => z.string().trim().max(max);

export const DossierCreateSchema = z.object({
  productId: z.uuid(),
  kind: z.enum(DOSSIER_KINDS).default('first'),
  changesNote: text(5000).optional().nullable().describe('what changed since the previous dossier (upgrade / re-evaluation)'),
  form: z.record(z.string().max(64), z.string().max(5000)).optional().describe('registration form fields (form 01/02)'),
});
export type DossierCreateInput = z.input<typeof DossierCreateSchema>;

export const DossierPatchSchema = z.object({
  changesNote: text(5000).optional().nullable(),
  form: z.record(z.string().max(64), z.string().max(5000)).optional(),
});
export type DossierPatchInput = z.input<typeof DossierPatchSchema>;

/** The four checks and the report are required where the regime gives the commune dossier duties (checked by the service). */
export const CommuneAssessmentInputSchema = z.object({
  localOrigin: z.boolean().optional().describe('product / raw material of local origin'),
  localLabour: z.boolean().optional().describe('uses local labour'),
  localIdea: z.boolean().optional().describe('the idea originates locally'),
  localIdentity: z.boolean().optional().describe('carries local identity'),
  report: text(20000).optional().describe('the commune assessment report'),
  samplesReceived: z.boolean().optional().describe('goods: the 5 samples were received at the commune'),
});

export const DossierTransitionSchema = z.object({
  action: z.enum(['submit', 'withdraw', 'return', 'forward', 'receive']),
  comment: text(5000).optional().nullable(),
  communeAssessment: CommuneAssessmentInputSchema.optional().describe('forward: required where the regime gives the commune level dossier duties (148+1489, 26/2026)'),
  version: z.number().int().min(1).describe('the dossier version the caller saw (409 conflict when it changed)'),
});
export type DossierTransitionInput = z.input<typeof DossierTransitionSchema>;

export const DossierListQuerySchema = z.object({
  status: z.enum(DOSSIER_STATUSES).optional(),
  kind: z.enum(DOSSIER_KINDS).optional(),
  productId: z.uuid().optional(),
  /** commune: submitted dossiers waiting for the commune; province: forwarded ones waiting for the province. */
  queue: z.enum(['commune', 'province']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DossierListQuery = z.infer<typeof DossierListQuerySchema>;

export const DossierDocumentSchema = z.object({
  id: z.string(),
  docType: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  carriedFrom: z.string().nullable().describe('the document of the previous dossier this one reuses'),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
});
export type DossierDocumentDto = z.infer<typeof DossierDocumentSchema>;

export const ChecklistItemSchema = z.object({
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  required: z.boolean(),
  provided: z.enum(['upload', 'self_assessment', 'samples', 'note']),
  satisfied: z.boolean(),
  files: z.number().int(),
  carried: z.boolean().describe('satisfied by documents carried over from the previous dossier'),
  note: z.string().nullable(),
});
export type ChecklistItemDto = z.infer<typeof ChecklistItemSchema>;

const EventSchema = z.object({
  id: z.number().int(), action: z.string(), fromStatus: z.enum(DOSSIER_STATUSES).nullable(), toStatus: z.enum(DOSSIER_STATUSES),
  comment: z.string().nullable(), actorLabel: z.string().describe('the login recorded with the step'),
  actorName: z.string().describe('the person\'s display name (the login when they have none)'), actorRole: z.string(), at: z.string(),
});

/** What happens next: who acts (a side of the transition table) and the next round cut-off of the level the dossier goes to. */
export const NextStepSchema = z.object({
  side: z.enum(['owner', 'commune', 'province', 'council', 'decision']).nullable().describe('who acts next; null when the dossier is closed'),
  level: z.enum(['province', 'national']).nullable().describe('the level whose round the dossier waits for'),
  cutoff: z.string().nullable().describe('the next dossier cut-off of that level\'s rounds on or after today (YYYY-MM-DD); null when the regime states none'),
});
export type NextStepDto = z.infer<typeof NextStepSchema>;

export const DossierSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(DOSSIER_KINDS),
  status: z.enum(DOSSIER_STATUSES),
  version: z.number().int(),
  product: z.object({ id: z.string(), name: z.string(), productSetCode: z.string() }),
  producer: z.object({ id: z.string(), name: z.string() }),
  provinceCode: z.string(),
  communeCode: z.string(),
  regimeCode: z.string(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  filedOnBehalf: z.boolean().describe('an officer filed the dossier on the producer\'s behalf (assisted filing)'),
});
export type DossierSummaryDto = z.infer<typeof DossierSummarySchema>;

/** Assisted filing (decisions/029): who filed the dossier on the producer's behalf, and the handover to the producer's account. */
export const FiledBySchema = z.object({
  userId: z.string().nullable(), name: z.string().describe('the officer\'s name as it was when they filed'),
  role: z.string().describe('commune_officer: "filed by the commune on the producer\'s behalf"; province_officer or national_admin'),
  at: z.string().describe('when the dossier was opened'),
});
export const HandedOverSchema = z.object({
  at: z.string(), byUserId: z.string().nullable(), byName: z.string(),
  toUserId: z.string().nullable(), toName: z.string().describe('the producer\'s account that received the dossier'),
});
export const HandoverInputSchema = z.object({
  userId: z.uuid().optional().describe('the producer\'s account to hand the dossier to (needed only when the producer has several)'),
  version: z.number().int().min(1).describe('the dossier version the caller saw (409 conflict when it changed)'),
});
export type HandoverInput = z.input<typeof HandoverInputSchema>;

export const AssistedFilingSchema = z.object({
  filedBy: FiledBySchema.nullable().describe('null: the producer filed the dossier'),
  handedOver: HandedOverSchema.nullable(),
  custody: z.enum(['producer', 'officer']).describe('who fills the forms now: the producer, or the officers of the area (filed on behalf, not yet handed over)'),
  mayHandOver: z.boolean(),
  producerAccounts: z.array(z.object({ id: z.string(), name: z.string() })).describe('the producer\'s accounts the dossier can be handed to (listed only when the caller may hand over)'),
});
export type AssistedFilingDto = z.infer<typeof AssistedFilingSchema>;

export const DossierSchema = DossierSummarySchema.extend({
  sheetId: z.string().nullable(),
  isService: z.boolean(),
  form: z.record(z.string(), z.string()),
  changesNote: z.string().nullable(),
  previousDossierId: z.string().nullable(),
  previousCertificateId: z.string().nullable(),
  selfAssessment: z.object({
    answers: z.object({ options: z.array(z.string()), knockOuts: z.array(z.string()) }),
    parts: z.object({ A: z.number(), B: z.number(), C: z.number() }), total: z.number(), estimatedStars: z.number(), sheetId: z.string(),
  }).nullable().describe('frozen copy taken at submission'),
  communeAssessment: z.object({
    localOrigin: z.boolean(), localLabour: z.boolean(), localIdea: z.boolean(), localIdentity: z.boolean(), report: z.string(),
    samplesReceived: z.boolean().optional(), assessedBy: z.string(), assessedAt: z.string(),
  }).nullable(),
  communeAssessmentRequired: z.boolean(),
  regimeName: z.string().describe('the regime\'s decision as people name it, e.g. "Quyết định 26/2026/QĐ-TTg (22/05/2026)"'),
  communeName: z.string(),
  provinceName: z.string(),
  nextStep: NextStepSchema,
  editable: z.boolean(),
  mayAddExtraTests: z.boolean().describe('the province may file extra laboratory test results (document `lab_tests`) while it holds the dossier'),
  checklist: z.object({ complete: z.boolean(), items: z.array(ChecklistItemSchema), missing: z.array(z.string()) }),
  documents: z.array(DossierDocumentSchema),
  allowedActions: z.array(z.enum(DOSSIER_ACTIONS)),
  timeline: z.array(EventSchema),
  forwardedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  createdAt: z.string(),
  assisted: AssistedFilingSchema,
});
export type DossierDto = z.infer<typeof DossierSchema>;

/** What a dossier page shows of its evaluation: the council's latest closed round and the certificate issued on it. */
export interface DossierResultDto {
  dossierId: string;
  roundId: string;
  roundName: string;
  level: 'province' | 'national';
  meanScore: number | null;
  stars: number | null;
  recognisedStars: number | null;
  potentialFiveStar: boolean;
  forwarded: boolean;
  eliminated: boolean;
  published: boolean;
  certificateNumber: string | null;
}
