import { z } from 'zod';
import { LEVELS } from '../../domain/regime';
import { PART_CODES } from '../../domain/scoring-sheet';

const PartMaximaSchema = z.object({ A: z.number(), B: z.number(), C: z.number() });

export const VersionParams = z.object({ version: z.string().min(1).max(40) });
export const SheetParams = VersionParams.extend({ productSetCode: z.string().min(1).max(10) });
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQueryInput = z.output<typeof PageQuery>;

const LevelSchema = z.object({
  level: z.enum(LEVELS),
  council: z.boolean().nullable().describe('null: not stated in the sources'),
  recognisesStars: z.array(z.number().int()),
  forwardsFromScore: z.number().nullable().describe('scores at or above are forwarded up; null: none or not stated'),
  body: z.string().nullable(),
  duties: z.string().nullable(),
  roundCutoffs: z.array(z.string()).nullable().describe('dossier cut-off days of the rounds, MM-DD'),
});

export const VersionSchema = z.object({
  code: z.string(),
  title: z.string(),
  effectiveFrom: z.string().describe('YYYY-MM-DD, inclusive'),
  effectiveTo: z.string().nullable().describe('the next version\'s start (exclusive), null while latest'),
  partMaxima: PartMaximaSchema,
  instruments: z.array(z.string()),
  classification: z.string().describe('product-set classification used (see /api/v1/product-sets)'),
  sheetsFrom: z.string().describe('the version whose scoring sheets apply'),
  starBands: z.array(z.object({ stars: z.number().int(), min: z.number() })),
  minCertifiableStars: z.number().int(),
  validityMonths: z.number().int().nullable(),
  reminderDays: z.number().int().nullable(),
  levels: z.array(LevelSchema),
  toVerify: z.boolean().describe('true: reported only; to verify against the official text'),
  verificationNote: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  sources: z.record(z.string(), z.string()),
  setsWithSheet: z.number().int(),
});
export type VersionDto = z.infer<typeof VersionSchema>;

const SheetSummarySchema = z.object({
  revision: z.number().int(),
  official: z.boolean(),
  provenance: z.string().nullable(),
  publishedAt: z.string(),
});

export const SetSchema = z.object({
  code: z.string(),
  name: z.string(),
  group: z.string(),
  topGroup: z.string(),
  topGroupName: z.string(),
  hasSheet: z.boolean(),
  sheet: SheetSummarySchema.nullable(),
});
export type SetDto = z.infer<typeof SetSchema>;

const OptionSchema = z.object({ code: z.string(), text: z.string(), points: z.number() });
const KnockOutSchema = z.object({ effect: z.enum(['eliminate', 'stop']), text: z.string() });

export type NodeDto = {
  code: string;
  kind: 'section' | 'criterion';
  title: string;
  note: string | null;
  maxPoints: number;
  selection: 'all' | 'one';
  condition: string | null;
  chooseOneCase: boolean;
  knockOut: z.infer<typeof KnockOutSchema> | null;
  bonus: boolean;
  options: z.infer<typeof OptionSchema>[];
  children: NodeDto[];
};

export const NodeSchema: z.ZodType<NodeDto> = z.object({
  code: z.string(),
  kind: z.enum(['section', 'criterion']),
  title: z.string(),
  note: z.string().nullable(),
  maxPoints: z.number().describe('best achievable points (bonus excluded)'),
  selection: z.enum(['all', 'one']).describe('children: all count, or one alternative applies'),
  condition: z.string().nullable().describe('"only if …": applies only when this holds'),
  chooseOneCase: z.boolean().describe('"choose one of two cases": one option is chosen among the cases'),
  knockOut: KnockOutSchema.nullable(),
  bonus: z.boolean(),
  options: z.array(OptionSchema),
  get children() { return z.array(NodeSchema); },
}).meta({ id: 'CriteriaNode' });

export const SheetSchema = z.object({
  id: z.string().describe('id of this revision (what scores and the admin routes refer to)'),
  version: z.string(),
  sheetsFrom: z.string(),
  productSet: z.object({ code: z.string(), name: z.string(), group: z.string() }),
  revision: z.number().int(),
  status: z.enum(['draft', 'published']),
  official: z.boolean().describe('false: not an official text (see provenance)'),
  provenance: z.string().nullable(),
  source: z.enum(['seed', 'import', 'authoring']),
  publishedAt: z.string().nullable(),
  partMaxima: PartMaximaSchema,
  totalPoints: z.number(),
  parts: z.array(z.object({
    code: z.enum(PART_CODES), title: z.string(), maxPoints: z.number(), children: z.array(NodeSchema),
  })),
});
export type SheetDto = z.infer<typeof SheetSchema>;

/** Authoring input: a sheet's tree as drafted or imported (codes given by the author). */
export type NodeInput = {
  code: string;
  kind: 'section' | 'criterion';
  title?: string | undefined;
  note?: string | null | undefined;
  selection?: 'all' | 'one' | undefined;
  condition?: string | null | undefined;
  chooseOneCase?: boolean | undefined;
  knockOut?: { effect: 'eliminate' | 'stop'; text: string } | null | undefined;
  bonus?: boolean | undefined;
  options?: { code: string; text: string; points: number }[] | undefined;
  children?: NodeInput[] | undefined;
};

const code = z.string().trim().min(1).max(64);
export const NodeInputSchema: z.ZodType<NodeInput, NodeInput> = z.object({
  code,
  kind: z.enum(['section', 'criterion']),
  title: z.string().max(2000).optional(),
  note: z.string().max(5000).nullable().optional(),
  selection: z.enum(['all', 'one']).optional(),
  condition: z.string().max(2000).nullable().optional(),
  chooseOneCase: z.boolean().optional(),
  knockOut: KnockOutSchema.nullable().optional(),
  bonus: z.boolean().optional(),
  options: z.array(z.object({ code, text: z.string().max(5000), points: z.number().min(0).max(100) })).max(50).optional(),
  get children() { return z.array(NodeInputSchema).max(200).optional(); },
});

export const SheetInputSchema = z.object({
  parts: z.array(z.object({
    code: z.enum(PART_CODES), title: z.string().max(500), maxPoints: z.number().min(0).max(100),
    children: z.array(NodeInputSchema).max(200),
  })).max(3),
});
export type SheetInput = z.input<typeof SheetInputSchema>;

// ---- the criteria file (import and export; decision 006 "Import format") ----

export const CRITERIA_FILE_FORMAT = 'ocop-criteria/1';

/** One product set's sheet in a criteria file: the GET sheet output's shape (extra fields are ignored). */
export const SheetEntrySchema = z.object({
  productSet: z.object({ code: z.string().trim().min(1).max(10) }),
  official: z.boolean().optional(),
  provenance: z.string().trim().max(5000).nullable().optional(),
  parts: SheetInputSchema.shape.parts,
});
export type SheetEntry = z.output<typeof SheetEntrySchema>;

/** The file's top level; each `sheets[]` entry is checked on its own so every problem is reported. */
export const CriteriaFileHeadSchema = z.object({
  format: z.literal(CRITERIA_FILE_FORMAT).optional(),
  version: z.string().trim().min(1).max(40),
  official: z.boolean().optional(),
  provenance: z.string().trim().max(5000).nullable().optional(),
  sourceRef: z.string().trim().max(500).nullable().optional(),
  sheets: z.array(z.unknown()).min(1).max(100),
});

/** The export (what `?format=json` downloads): re-imports as it is. */
export const CriteriaFileSchema = z.object({
  format: z.literal(CRITERIA_FILE_FORMAT),
  version: z.string(),
  official: z.boolean(),
  provenance: z.string().nullable(),
  sourceRef: z.string().nullable(),
  sheets: z.array(SheetSchema),
}).meta({ id: 'CriteriaFile' });
export type CriteriaFileDto = z.infer<typeof CriteriaFileSchema>;

export const ExportQuery = z.object({
  format: z.enum(['json', 'xlsx']).optional().describe('json / xlsx: download the sheet as a criteria import file (JSON, or the XLSX template filled in)'),
});
export const SheetIdParams = z.object({ sheetId: z.uuid() });

export const RevisionSchema = z.object({
  id: z.string(),
  revision: z.number().int(),
  status: z.enum(['draft', 'published']),
  official: z.boolean(),
  provenance: z.string().nullable(),
  source: z.enum(['seed', 'import', 'authoring']),
  sourceRef: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type RevisionDto = z.infer<typeof RevisionSchema>;

/** The tree is checked by the service against SheetInputSchema (every problem at once, by path). */
export const DraftUpdateBody = z.object({
  provenance: z.string().trim().max(5000).nullable().optional(),
  parts: z.array(z.record(z.string(), z.unknown())).max(3)
    .describe('parts A/B/C with their nodes, in the shape of a criteria file entry (`CriteriaFile.sheets[].parts`)'),
});

export const DraftBody = z.object({
  provenance: z.string().trim().max(5000).nullable().optional().describe('replaces the cloned provenance'),
}).nullish();
