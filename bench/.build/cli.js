var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/cli.ts
import { parseArgs } from "node:util";
import { readFile as readFile4 } from "node:fs/promises";
import { basename } from "node:path";

// src/config/env.ts
import { z } from "zod";
var EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3e3),
  HOST: z.string().default("0.0.0.0"),
  OCOP_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  RATE_LIMIT_ALLOWLIST: z.string().default(""),
  TRUST_PROXY: z.string().default(""),
  SMTP_URL: z.string().optional(),
  STAMP_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto")
});
function readEnv(source2 = process.env) {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source2).filter(([, v]) => v !== ""))
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:
${lines.join("\n")}`);
  }
  return parsed.data;
}
function splitList(value) {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

// src/bootstrap.ts
import { resolve as resolve3 } from "node:path";

// src/db/client.ts
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { sql as sql3 } from "drizzle-orm";
import pg from "pg";

// src/db/schema.ts
var schema_exports = {};
__export(schema_exports, {
  PRODUCT_STATUSES: () => PRODUCT_STATUSES,
  ROLES: () => ROLES,
  apiTokens: () => apiTokens,
  appSettings: () => appSettings,
  areaSuccessions: () => areaSuccessions,
  areas: () => areas,
  auditLog: () => auditLog,
  certificates: () => certificates,
  decisions: () => decisions,
  importJobs: () => importJobs,
  producers: () => producers,
  productImages: () => productImages,
  productSets: () => productSets,
  products: () => products,
  sessions: () => sessions,
  users: () => users
});

// src/modules/registry/registry.tables.ts
import { sql } from "drizzle-orm";
import {
  pgTable,
  text,
  integer,
  boolean,
  timestamp,
  uuid,
  index,
  uniqueIndex,
  primaryKey,
  smallint
} from "drizzle-orm/pg-core";
var searchable = (expr) => text("search_text").generatedAlwaysAs(expr);
var areas = pgTable("areas", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind").notNull(),
  level: text("level", { enum: ["province", "commune"] }).notNull(),
  parentCode: text("parent_code").references(() => areas.code),
  searchText: searchable(sql`ocop_norm(name)`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [
  index("areas_parent_idx").on(t2.parentCode),
  index("areas_level_idx").on(t2.level),
  index("areas_search_trgm").using("gin", sql`${t2.searchText} gin_trgm_ops`)
]);
var areaSuccessions = pgTable("area_successions", {
  oldLevel: text("old_level", { enum: ["province", "commune"] }).notNull(),
  oldCode: text("old_code").notNull(),
  oldName: text("old_name").notNull(),
  newCode: text("new_code").notNull().references(() => areas.code),
  mergeType: text("merge_type", { enum: ["full", "partial"] }).notNull(),
  oldNameKey: text("old_name_key").notNull()
}, (t2) => [
  primaryKey({ columns: [t2.oldLevel, t2.oldCode, t2.newCode] }),
  index("area_successions_old_code_idx").on(t2.oldCode),
  index("area_successions_name_idx").on(t2.oldNameKey)
]);
var productSets = pgTable("product_sets", {
  classification: text("classification").notNull(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  groupName: text("group_name").notNull(),
  topGroup: text("top_group").notNull(),
  topGroupName: text("top_group_name").notNull(),
  leadMinistry: text("lead_ministry"),
  nameKey: text("name_key").notNull()
}, (t2) => [primaryKey({ columns: [t2.classification, t2.code] })]);
var producers = pgTable("producers", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  nameKey: text("name_key").notNull(),
  kind: text("kind", { enum: ["enterprise", "cooperative", "cooperative_group", "household"] }).notNull(),
  taxCode: text("tax_code"),
  communeCode: text("commune_code").notNull().references(() => areas.code),
  provinceCode: text("province_code").notNull().references(() => areas.code),
  address: text("address").notNull().default(""),
  representative: text("representative").notNull().default(""),
  phone: text("phone"),
  email: text("email"),
  foundedYear: smallint("founded_year"),
  members: integer("members"),
  womenLed: boolean("women_led").notNull().default(false),
  ethnicMinorityLed: boolean("ethnic_minority_led").notNull().default(false),
  isSample: boolean("is_sample").notNull().default(false),
  searchText: searchable(sql`ocop_norm(name || ' ' || coalesce(tax_code, '') || ' ' || representative)`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [
  uniqueIndex("producers_tax_code_uq").on(t2.taxCode),
  uniqueIndex("producers_commune_name_uq").on(t2.communeCode, t2.nameKey),
  index("producers_province_idx").on(t2.provinceCode),
  index("producers_search_trgm").using("gin", sql`${t2.searchText} gin_trgm_ops`)
]);
var PRODUCT_STATUSES = ["idea", "developing", "registered", "certified", "expired", "revoked"];
var products = pgTable("products", {
  id: uuid("id").primaryKey().defaultRandom(),
  producerId: uuid("producer_id").notNull().references(() => producers.id),
  name: text("name").notNull(),
  classification: text("classification").notNull(),
  productSetCode: text("product_set_code").notNull(),
  description: text("description").notNull().default(""),
  story: text("story").notNull().default(""),
  ingredients: text("ingredients").notNull().default(""),
  packaging: text("packaging").notNull().default(""),
  shelfLife: text("shelf_life").notNull().default(""),
  gtin: text("gtin"),
  status: text("status", { enum: PRODUCT_STATUSES }).notNull().default("developing"),
  provinceCode: text("province_code").notNull().references(() => areas.code),
  communeCode: text("commune_code").notNull().references(() => areas.code),
  isSample: boolean("is_sample").notNull().default(false),
  searchText: searchable(sql`ocop_norm(name || ' ' || description)`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [
  uniqueIndex("products_gtin_uq").on(t2.gtin),
  index("products_producer_idx").on(t2.producerId),
  index("products_province_idx").on(t2.provinceCode),
  index("products_set_idx").on(t2.classification, t2.productSetCode),
  index("products_search_trgm").using("gin", sql`${t2.searchText} gin_trgm_ops`)
]);
var productImages = pgTable("product_images", {
  id: uuid("id").primaryKey().defaultRandom(),
  productId: uuid("product_id").notNull().references(() => products.id, { onDelete: "cascade" }),
  storageKey: text("storage_key").notNull(),
  thumbKey: text("thumb_key").notNull(),
  mime: text("mime").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  bytes: integer("bytes").notNull(),
  position: smallint("position").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [index("product_images_product_idx").on(t2.productId)]);

// src/modules/identity/identity.tables.ts
import {
  pgTable as pgTable2,
  text as text2,
  integer as integer2,
  boolean as boolean2,
  timestamp as timestamp2,
  uuid as uuid2,
  index as index2,
  uniqueIndex as uniqueIndex2,
  jsonb,
  bigserial
} from "drizzle-orm/pg-core";
var ROLES = [
  "national_admin",
  "province_officer",
  "commune_officer",
  "council_member",
  "inspector",
  "producer",
  "buyer"
];
var users = pgTable2("users", {
  id: uuid2("id").primaryKey().defaultRandom(),
  username: text2("username").notNull(),
  displayName: text2("display_name").notNull().default(""),
  email: text2("email"),
  passwordHash: text2("password_hash").notNull(),
  role: text2("role", { enum: ROLES }).notNull(),
  areaCode: text2("area_code").references(() => areas.code),
  producerId: uuid2("producer_id").references(() => producers.id),
  failedLogins: integer2("failed_logins").notNull().default(0),
  lockedUntil: timestamp2("locked_until", { withTimezone: true }),
  disabled: boolean2("disabled").notNull().default(false),
  isSample: boolean2("is_sample").notNull().default(false),
  lastLoginAt: timestamp2("last_login_at", { withTimezone: true }),
  createdAt: timestamp2("created_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [uniqueIndex2("users_username_uq").on(t2.username)]);
var sessions = pgTable2("sessions", {
  idHash: text2("id_hash").primaryKey(),
  userId: uuid2("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  csrfToken: text2("csrf_token").notNull(),
  createdAt: timestamp2("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp2("expires_at", { withTimezone: true }).notNull(),
  ip: text2("ip"),
  userAgent: text2("user_agent")
}, (t2) => [index2("sessions_user_idx").on(t2.userId)]);
var apiTokens = pgTable2("api_tokens", {
  id: uuid2("id").primaryKey().defaultRandom(),
  userId: uuid2("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  name: text2("name").notNull(),
  tokenHash: text2("token_hash").notNull(),
  prefix: text2("prefix").notNull(),
  createdAt: timestamp2("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp2("last_used_at", { withTimezone: true }),
  revokedAt: timestamp2("revoked_at", { withTimezone: true })
}, (t2) => [uniqueIndex2("api_tokens_hash_uq").on(t2.tokenHash)]);
var auditLog = pgTable2("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp2("at", { withTimezone: true }).notNull().defaultNow(),
  actorUserId: uuid2("actor_user_id"),
  actorLabel: text2("actor_label").notNull(),
  action: text2("action").notNull(),
  entityType: text2("entity_type").notNull(),
  entityId: text2("entity_id").notNull(),
  provinceCode: text2("province_code"),
  before: jsonb("before"),
  after: jsonb("after"),
  requestId: text2("request_id")
}, (t2) => [
  index2("audit_entity_idx").on(t2.entityType, t2.entityId),
  index2("audit_province_at_idx").on(t2.provinceCode, t2.at),
  index2("audit_at_idx").on(t2.at)
]);

// src/modules/certification/certification.tables.ts
import { sql as sql2 } from "drizzle-orm";
import {
  pgTable as pgTable3,
  text as text3,
  boolean as boolean3,
  timestamp as timestamp3,
  uuid as uuid3,
  index as index3,
  uniqueIndex as uniqueIndex3,
  smallint as smallint2,
  date,
  numeric
} from "drizzle-orm/pg-core";
var decisions = pgTable3("decisions", {
  id: uuid3("id").primaryKey().defaultRandom(),
  number: text3("number").notNull(),
  decisionDate: date("decision_date", { mode: "string" }).notNull(),
  areaCode: text3("area_code").notNull().references(() => areas.code),
  level: text3("level", { enum: ["district", "province", "national"] }).notNull(),
  signer: text3("signer"),
  source: text3("source", { enum: ["import", "evaluation"] }).notNull(),
  createdAt: timestamp3("created_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [uniqueIndex3("decisions_area_number_uq").on(t2.areaCode, t2.number, t2.decisionDate)]);
var certificates = pgTable3("certificates", {
  id: uuid3("id").primaryKey().defaultRandom(),
  number: text3("number").notNull(),
  productId: uuid3("product_id").notNull().references(() => products.id),
  decisionId: uuid3("decision_id").notNull().references(() => decisions.id),
  stars: smallint2("stars").notNull(),
  score: numeric("score", { precision: 5, scale: 2 }),
  potentialFiveStar: boolean3("potential_five_star").notNull().default(false),
  issuedOn: date("issued_on", { mode: "string" }).notNull(),
  expiresOn: date("expires_on", { mode: "string" }).notNull(),
  state: text3("state", { enum: ["active", "revoked", "superseded"] }).notNull().default("active"),
  revokedOn: date("revoked_on", { mode: "string" }),
  revokedReason: text3("revoked_reason"),
  supersededOn: date("superseded_on", { mode: "string" }),
  provinceCode: text3("province_code").notNull().references(() => areas.code),
  communeCode: text3("commune_code").notNull().references(() => areas.code),
  createdAt: timestamp3("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp3("updated_at", { withTimezone: true }).notNull().defaultNow()
}, (t2) => [
  uniqueIndex3("certificates_number_uq").on(sql2`upper(${t2.number})`),
  index3("certificates_product_idx").on(t2.productId),
  index3("certificates_province_dates_idx").on(t2.provinceCode, t2.issuedOn, t2.expiresOn)
]);

// src/modules/imports/imports.tables.ts
import { pgTable as pgTable4, text as text4, integer as integer3, timestamp as timestamp4, uuid as uuid4, jsonb as jsonb2 } from "drizzle-orm/pg-core";
var importJobs = pgTable4("import_jobs", {
  id: uuid4("id").primaryKey().defaultRandom(),
  kind: text4("kind").notNull(),
  fileName: text4("file_name").notNull(),
  status: text4("status", { enum: ["validating", "importing", "succeeded", "failed"] }).notNull(),
  totalRows: integer3("total_rows").notNull().default(0),
  processedRows: integer3("processed_rows").notNull().default(0),
  errors: jsonb2("errors").$type().notNull().default([]),
  summary: jsonb2("summary").$type(),
  createdBy: uuid4("created_by").references(() => users.id),
  createdAt: timestamp4("created_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp4("finished_at", { withTimezone: true })
});

// src/modules/ops/ops.tables.ts
import { pgTable as pgTable5, text as text5, jsonb as jsonb3, timestamp as timestamp5 } from "drizzle-orm/pg-core";
var appSettings = pgTable5("app_settings", {
  key: text5("key").primaryKey(),
  value: jsonb3("value").notNull(),
  updatedAt: timestamp5("updated_at", { withTimezone: true }).notNull().defaultNow()
});

// src/db/client.ts
var PGLITE_EXTENSIONS = { unaccent, pg_trgm };
async function openDatabase(opts) {
  if (opts.url) return openPostgres(opts.url, opts.readUrl, opts.poolSize ?? 10);
  let client;
  if (opts.memory) {
    client = await PGlite.create({ extensions: PGLITE_EXTENSIONS, loadDataDir: opts.memory.loadDataDir });
  } else {
    const dir = resolve(opts.dataDir ?? "./data", "pgdata");
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
  }
  const db = drizzlePglite(client, { schema: schema_exports });
  return {
    engine: "pglite",
    db,
    read: db,
    pglite: client,
    url: null,
    close: async () => {
      if (!client.closed) await client.close();
    }
  };
}
function openPostgres(url, readUrl, max) {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5e3 });
  pool.on("error", () => {
  });
  const db = drizzlePg(pool, { schema: schema_exports });
  let readPool = null;
  let read = db;
  if (readUrl && readUrl !== url) {
    readPool = new pg.Pool({ connectionString: readUrl, max, connectionTimeoutMillis: 5e3 });
    readPool.on("error", () => {
    });
    read = drizzlePg(readPool, { schema: schema_exports });
  }
  return {
    engine: "postgres",
    db,
    read,
    pglite: null,
    url,
    close: async () => {
      await pool.end();
      await readPool?.end();
    }
  };
}
async function rows(exec2, query) {
  const res = await exec2.execute(query);
  return res.rows;
}
async function ping(db) {
  await db.execute(sql3`select 1`);
}

// src/db/migrate.ts
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import pg2 from "pg";

// src/paths.ts
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
function findRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (; ; ) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "migrations"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("package root not found");
    dir = up;
  }
}
var ROOT = findRoot();
var MIGRATIONS_DIR = join(ROOT, "migrations");
var SEED_DIR = join(ROOT, "seed");
var PUBLIC_DIR = join(ROOT, "public");

// src/db/migrate.ts
var MIGRATION_LOCK = 4242001;
async function migrateDatabase(database) {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.engine === "pglite") {
    await migratePglite(database.db, config);
    return;
  }
  const client = new pg2.Client({ connectionString: database.url ?? void 0 });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzle(client), config);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {
    });
    await client.end();
  }
}

// src/storage.ts
import { mkdir, readFile, rm, writeFile, rename } from "node:fs/promises";
import { dirname as dirname2, join as join2, resolve as resolve2, sep } from "node:path";
import { randomUUID } from "node:crypto";
function diskStorage(root) {
  const base = resolve2(root);
  const pathOf = (key) => {
    const p = resolve2(base, key);
    if (!p.startsWith(base + sep)) throw new Error("storage key escapes the root");
    return p;
  };
  return {
    async put(key, data) {
      const p = pathOf(key);
      await mkdir(dirname2(p), { recursive: true });
      const tmp = join2(dirname2(p), `.${randomUUID()}.tmp`);
      await writeFile(tmp, data);
      await rename(tmp, p);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (e) {
        if (e.code === "ENOENT") return null;
        throw e;
      }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    }
  };
}

// src/modules/registry/reference-data.ts
import { readFileSync } from "node:fs";
import { join as join3 } from "node:path";
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { eq, sql as sql4 } from "drizzle-orm";

// src/domain/text.ts
function normalizeVi(s) {
  return s.normalize("NFD").replace(new RegExp("\\p{M}", "gu"), "").toLowerCase().replace(/đ/g, "d").replace(/[^a-z0-9]+/g, " ").trim();
}
var LEGAL_FORM_PREFIXES = [
  "cong ty tnhh",
  "cong ty co phan",
  "cong ty cp",
  "cong ty",
  "hop tac xa",
  "htx",
  "to hop tac",
  "tht",
  "ho kinh doanh",
  "hkd",
  "co so"
].sort((a, b) => b.length - a.length);
function nameKey(s) {
  const normalized = normalizeVi(s);
  if (normalized === "") {
    const raw = s.normalize("NFC").toLowerCase().replace(/\s+/g, "");
    if (raw === "") throw new RangeError("nameKey: empty name");
    return raw;
  }
  const compact = normalized.replace(/ /g, "");
  for (const prefix of LEGAL_FORM_PREFIXES) {
    if (normalized === prefix) return compact;
    if (normalized.startsWith(prefix + " ")) {
      return normalized.slice(prefix.length + 1).replace(/ /g, "");
    }
  }
  return compact;
}

// src/modules/registry/reference-data.ts
var CLASSIFICATIONS = {
  "148-2023": { title: "Q\u0110 148/Q\u0110-TTg (2023)", file: "product-sets-148.csv" },
  "1048-2019": { title: "Q\u0110 1048/Q\u0110-TTg (2019)", file: "product-sets-1048.csv" }
};
var CURRENT_CLASSIFICATION = "148-2023";
function readCsv(...path) {
  return parse(readFileSync(join3(SEED_DIR, ...path)), { columns: true, bom: true, skip_empty_lines: true });
}
var FILES = [
  ["areas", "provinces-2025.csv"],
  ["areas", "communes-2025.csv"],
  ["areas", "province-mergers-2025.csv"],
  ["areas", "commune-mergers-2025.csv"],
  ["classification", "product-sets-148.csv"],
  ["classification", "product-sets-1048.csv"]
];
function shippedVersion() {
  const h = createHash("sha256");
  for (const f of FILES) h.update(readFileSync(join3(SEED_DIR, ...f)));
  return h.digest("hex").slice(0, 16);
}
async function chunked(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}
async function ensureReferenceData(db) {
  const version = shippedVersion();
  const [current] = await db.select().from(appSettings).where(eq(appSettings.key, "reference_data_version"));
  if (current?.value === version) return "current";
  const provinces = readCsv("areas", "provinces-2025.csv").map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    level: "province",
    parentCode: null
  }));
  const communes = readCsv("areas", "communes-2025.csv").map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    level: "commune",
    parentCode: r.province_code
  }));
  const succession = (level) => (r) => ({
    oldLevel: level,
    oldCode: r.old_code,
    oldName: r.old_name,
    newCode: r.code,
    mergeType: r.merge_type === "partial" ? "partial" : "full",
    oldNameKey: normalizeVi(r.old_name)
  });
  const successions = [
    ...readCsv("areas", "province-mergers-2025.csv").map(succession("province")),
    ...readCsv("areas", "commune-mergers-2025.csv").map(succession("commune"))
  ];
  const sets = Object.keys(CLASSIFICATIONS).flatMap((classification) => readCsv("classification", CLASSIFICATIONS[classification].file).map((r) => ({
    classification,
    code: r.code,
    name: r.name,
    groupName: r.group,
    topGroup: r.top_group_code,
    topGroupName: r.top_group,
    leadMinistry: r.lead_ministry || null,
    nameKey: nameKey(r.name)
  })));
  await db.transaction(async (tx) => {
    const upsertAreas2 = (chunk2) => tx.insert(areas).values(chunk2).onConflictDoUpdate({
      target: areas.code,
      set: { name: sql4`excluded.name`, kind: sql4`excluded.kind`, level: sql4`excluded.level`, parentCode: sql4`excluded.parent_code`, updatedAt: sql4`now()` }
    });
    await upsertAreas2(provinces);
    await chunked(communes, 1e3, upsertAreas2);
    await chunked(successions, 1e3, (chunk2) => tx.insert(areaSuccessions).values(chunk2).onConflictDoNothing());
    await tx.insert(productSets).values(sets).onConflictDoUpdate({
      target: [productSets.classification, productSets.code],
      set: { name: sql4`excluded.name`, groupName: sql4`excluded.group_name`, topGroup: sql4`excluded.top_group`, topGroupName: sql4`excluded.top_group_name`, leadMinistry: sql4`excluded.lead_ministry`, nameKey: sql4`excluded.name_key` }
    });
    await tx.insert(appSettings).values({ key: "reference_data_version", value: version }).onConflictDoUpdate({ target: appSettings.key, set: { value: version, updatedAt: sql4`now()` } });
  });
  return "loaded";
}

// src/bootstrap.ts
async function prepare(opts = {}) {
  const env2 = opts.env ?? readEnv();
  const dataDir = opts.database?.dataDir ?? env2.OCOP_DATA_DIR;
  const database = await openDatabase({
    url: env2.DATABASE_URL,
    readUrl: env2.DATABASE_READ_URL,
    dataDir,
    ...opts.database
  });
  try {
    if (!opts.skipMigrate) {
      await migrateDatabase(database);
      await ensureReferenceData(database.db);
    }
  } catch (e) {
    await database.close();
    throw e;
  }
  return {
    database,
    env: { ...env2, OCOP_DATA_DIR: dataDir },
    storage: diskStorage(resolve3(dataDir, "uploads")),
    clock: opts.clock ?? (() => /* @__PURE__ */ new Date())
  };
}

// src/app.ts
import Fastify from "fastify";
import { randomUUID as randomUUID6 } from "node:crypto";
import { BlockList, isIP } from "node:net";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler
} from "fastify-type-provider-zod";

// src/errors.ts
var ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  account_locked: 423,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  import_failed: 422,
  service_unavailable: 503,
  internal_error: 500
};
var AppError = class extends Error {
  code;
  fields;
  details;
  constructor(code, message, fields, details) {
    super(message ?? code);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
  get status() {
    return ERROR_STATUS[this.code];
  }
  /** Fastify plugins (rate limit) read `statusCode` from thrown errors. */
  get statusCode() {
    return this.status;
  }
};
var validation = (fields, message = "invalid input") => new AppError("validation_failed", message, fields);

// src/web/http.ts
function isApiRequest(req) {
  return req.url.startsWith("/api/");
}
function requireActor(req) {
  if (!req.ctx.actor) throw new AppError("unauthenticated", "authentication required");
  return req.ctx.actor;
}
function redirect(reply, to) {
  return reply.code(303).header("location", to).send();
}
function safeNext(next, fallback = "/") {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : fallback;
}

// src/context.ts
import { randomUUID as randomUUID2 } from "node:crypto";
function makeCtx(deps, init = {}) {
  return { deps, actor: null, requestId: randomUUID2(), locale: "vi", tx: null, ...init };
}
var exec = (ctx) => ctx.tx ?? ctx.deps.database.db;
async function inTx(ctx, fn) {
  if (ctx.tx) return fn(ctx);
  return ctx.deps.database.db.transaction(async (tx) => fn({ ...ctx, tx }));
}
function systemActor(label = "system") {
  return {
    userId: "00000000-0000-0000-0000-000000000000",
    username: label,
    displayName: label,
    role: "national_admin",
    areaCode: null,
    provinceCode: null,
    producerId: null,
    label
  };
}

// src/modules/identity/audit.service.ts
async function recordAudit(ctx, entry) {
  await exec(ctx).insert(auditLog).values({
    actorUserId: ctx.actor && ctx.actor.userId !== "00000000-0000-0000-0000-000000000000" ? ctx.actor.userId : null,
    actorLabel: ctx.actor?.label ?? "anonymous",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    provinceCode: entry.provinceCode ?? null,
    before: stripSecrets(entry.before) ?? null,
    after: stripSecrets(entry.after) ?? null,
    requestId: ctx.requestId
  });
}
var SECRET_KEYS = /* @__PURE__ */ new Set(["passwordHash", "password", "tokenHash", "csrfToken", "idHash"]);
function stripSecrets(value) {
  if (value === void 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(stripSecrets);
  return Object.fromEntries(
    Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k) && k !== "searchText").map(([k, v]) => [k, v instanceof Date ? v.toISOString() : stripSecrets(v)])
  );
}

// src/modules/identity/identity.repository.ts
import { and, eq as eq2, gt, isNull, sql as sql5 } from "drizzle-orm";
var actorColumns = {
  user: users,
  scopeLevel: areas.level,
  scopeParent: areas.parentCode
};
async function findUserByUsername(ctx, username) {
  const [row] = await exec(ctx).select(actorColumns).from(users).leftJoin(areas, eq2(areas.code, users.areaCode)).where(eq2(users.username, username.toLowerCase())).limit(1);
  return row ?? null;
}
async function insertUser(ctx, values) {
  const [row] = await exec(ctx).insert(users).values(values).returning();
  return row;
}
async function recordLoginFailure(ctx, userId, lockAfter, lockMinutes) {
  await exec(ctx).update(users).set({
    failedLogins: sql5`${users.failedLogins} + 1`,
    lockedUntil: sql5`case when ${users.failedLogins} + 1 >= ${lockAfter}
      then now() + make_interval(mins => ${lockMinutes}) else ${users.lockedUntil} end`
  }).where(eq2(users.id, userId));
}
async function recordLoginSuccess(ctx, userId) {
  await exec(ctx).update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: /* @__PURE__ */ new Date() }).where(eq2(users.id, userId));
}
async function insertSession(ctx, values) {
  await exec(ctx).insert(sessions).values(values);
}
async function findSession(ctx, idHash) {
  const [row] = await exec(ctx).select({ session: sessions, ...actorColumns }).from(sessions).innerJoin(users, eq2(users.id, sessions.userId)).leftJoin(areas, eq2(areas.code, users.areaCode)).where(and(eq2(sessions.idHash, idHash), gt(sessions.expiresAt, /* @__PURE__ */ new Date()), eq2(users.disabled, false))).limit(1);
  return row ?? null;
}
async function deleteSession(ctx, idHash) {
  await exec(ctx).delete(sessions).where(eq2(sessions.idHash, idHash));
}
async function insertApiToken(ctx, values) {
  const [row] = await exec(ctx).insert(apiTokens).values(values).returning();
  return row;
}
async function findByApiToken(ctx, tokenHash) {
  const [row] = await exec(ctx).select({ tokenId: apiTokens.id, ...actorColumns }).from(apiTokens).innerJoin(users, eq2(users.id, apiTokens.userId)).leftJoin(areas, eq2(areas.code, users.areaCode)).where(and(eq2(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq2(users.disabled, false))).limit(1);
  return row ?? null;
}
async function touchApiToken(ctx, tokenId) {
  await exec(ctx).update(apiTokens).set({ lastUsedAt: /* @__PURE__ */ new Date() }).where(eq2(apiTokens.id, tokenId));
}

// src/modules/identity/password.ts
import { hash, verify } from "@node-rs/argon2";
var OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
var hashPassword = (password) => hash(password, OPTIONS);
async function verifyPassword(stored, password) {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
var dummyHash = null;
var dummyPasswordHash = () => dummyHash ??= hashPassword(`dummy-${Math.random()}`);
var PASSWORD_MIN_LENGTH = 10;
function passwordProblem(password, username) {
  if (password.length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 256) return "at most 256 characters";
  if (!new RegExp("\\p{L}", "u").test(password) || !/\d/.test(password)) return "needs a letter and a digit";
  if (password.toLowerCase().includes(username.toLowerCase())) return "must not contain the username";
  if (/^(.)\1+$/.test(password)) return "too simple";
  return null;
}

// src/modules/identity/tokens.ts
import { createHash as createHash2, randomBytes, timingSafeEqual } from "node:crypto";
var randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
var sha256 = (value) => createHash2("sha256").update(value).digest("hex");
function safeEqual(a, b) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
function newApiToken() {
  const prefix = randomToken(6).slice(0, 8);
  const token = `ocop_${prefix}_${randomToken(32)}`;
  return { token, prefix, hash: sha256(token) };
}

// src/modules/registry/area.repository.ts
import { and as and3, asc, eq as eq3, sql as sql7 } from "drizzle-orm";

// src/db/search.ts
import { and as and2, sql as sql6 } from "drizzle-orm";
var escapeLike = (s) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
function containsWords(column, q) {
  const words = q.split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8);
  if (!words.length) return void 0;
  return and2(...words.map((w) => sql6`${column} like '%' || ocop_norm(${escapeLike(w.slice(0, 100))}) || '%'`));
}

// src/modules/registry/area.repository.ts
async function findArea(ctx, code) {
  const [row] = await exec(ctx).select().from(areas).where(eq3(areas.code, code)).limit(1);
  return row ?? null;
}
async function listAreas(ctx, query) {
  const conds = [];
  if (query.level) conds.push(eq3(areas.level, query.level));
  if (query.parent) conds.push(eq3(areas.parentCode, query.parent));
  if (query.q) conds.push(containsWords(areas.searchText, query.q));
  const where = and3(...conds);
  const db = exec(ctx);
  const [items, [count2]] = await Promise.all([
    db.select().from(areas).where(where).orderBy(asc(areas.level), asc(areas.code)).limit(query.limit).offset(query.offset),
    db.select({ n: sql7`count(*)::int` }).from(areas).where(where)
  ]);
  return { items, total: count2?.n ?? 0 };
}
async function findSuccessors(ctx, oldCodeOrName) {
  const key = normalizeVi(oldCodeOrName);
  if (!key) return [];
  return rows(exec(ctx), sql7`
    select s.old_level, s.old_code, s.old_name, s.merge_type, a.code, a.name, a.level, a.parent_code
    from ${areaSuccessions} s join ${areas} a on a.code = s.new_code
    where s.old_code = ${oldCodeOrName} or s.old_name_key = ${key} or s.old_name_key like ${"% " + key}
    order by s.old_level desc, a.code`);
}

// src/modules/registry/producer.repository.ts
import { and as and4, asc as asc2, desc, eq as eq4, ne, sql as sql8 } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
var commune = alias(areas, "commune");
var province = alias(areas, "province");
var columns = {
  producer: producers,
  communeName: commune.name,
  provinceName: province.name
};
function joined(ctx) {
  return exec(ctx).select(columns).from(producers).innerJoin(commune, eq4(commune.code, producers.communeCode)).innerJoin(province, eq4(province.code, producers.provinceCode));
}
async function findProducerRow(ctx, id) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(producers).where(eq4(producers.id, id)).limit(1);
  return row ?? null;
}
async function findProducer(ctx, id) {
  if (!isUuid(id)) return null;
  const [row] = await joined(ctx).where(eq4(producers.id, id)).limit(1);
  return row ?? null;
}
async function findDuplicate(ctx, p, exceptId) {
  const conds = [];
  const notSelf = exceptId ? ne(producers.id, exceptId) : void 0;
  if (p.taxCode) conds.push(eq4(producers.taxCode, p.taxCode));
  conds.push(and4(eq4(producers.communeCode, p.communeCode), eq4(producers.nameKey, p.nameKey)));
  const found = await exec(ctx).select().from(producers).where(and4(sql8`(${sql8.join(conds, sql8` or `)})`, notSelf)).limit(1);
  return found[0] ?? null;
}
async function insertProducer(ctx, values) {
  const [row] = await exec(ctx).insert(producers).values(values).returning();
  return row;
}
async function updateProducer(ctx, id, values) {
  const [row] = await exec(ctx).update(producers).set({ ...values, updatedAt: /* @__PURE__ */ new Date() }).where(eq4(producers.id, id)).returning();
  return row;
}
var SORTS = {
  name: asc2(producers.nameKey),
  "-name": desc(producers.nameKey),
  created: asc2(producers.createdAt),
  "-created": desc(producers.createdAt)
};
async function listProducers(ctx, scope, q) {
  const conds = [
    scope,
    q.province ? eq4(producers.provinceCode, q.province) : void 0,
    q.commune ? eq4(producers.communeCode, q.commune) : void 0,
    q.kind ? eq4(producers.kind, q.kind) : void 0,
    q.q ? containsWords(producers.searchText, q.q) : void 0
  ];
  const where = and4(...conds);
  const [items, [count2]] = await Promise.all([
    joined(ctx).where(where).orderBy(SORTS[q.sort], asc2(producers.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec(ctx).select({ n: sql8`count(*)::int` }).from(producers).where(where)
  ]);
  return { items, total: count2?.n ?? 0 };
}
var isUuid = (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

// src/modules/identity/identity.service.ts
var SESSION_DAYS = 7;
var LOCK_AFTER_FAILURES = 5;
var LOCK_MINUTES = 15;
function toActor(row) {
  const u = row.user;
  const provinceCode = u.areaCode ? row.scopeLevel === "commune" ? row.scopeParent : u.areaCode : null;
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName || u.username,
    role: u.role,
    areaCode: u.areaCode,
    provinceCode,
    producerId: u.producerId,
    label: u.username
  };
}
var USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
var SCOPE_LEVEL = {
  province_officer: "province",
  commune_officer: "commune",
  inspector: "any",
  council_member: "any"
};
async function createUser(ctx, input) {
  const username = input.username.trim().toLowerCase();
  const fields = {};
  if (!USERNAME.test(username)) fields.username = "3\u201364 chars: letters, digits, . _ -";
  if (!ROLES.includes(input.role)) fields.role = `one of ${ROLES.join(", ")}`;
  const pw = passwordProblem(input.password, username);
  if (pw) fields.password = pw;
  const scope = SCOPE_LEVEL[input.role];
  if (input.areaCode) {
    const area = await findArea(ctx, input.areaCode);
    if (!area) fields.areaCode = "unknown area code";
    else if (scope && scope !== "any" && area.level !== scope) fields.areaCode = `must be a ${scope} code`;
  } else if (scope === "province" || scope === "commune") {
    fields.areaCode = `required for ${input.role}`;
  }
  if (input.role === "producer") {
    if (!input.producerId) fields.producerId = "required for producer accounts";
    else if (!await findProducerRow(ctx, input.producerId)) fields.producerId = "unknown producer";
  }
  if (Object.keys(fields).length) throw validation(fields);
  if (await findUserByUsername(ctx, username)) {
    throw new AppError("duplicate", "username already exists", { username: "already exists" });
  }
  const passwordHash = await hashPassword(input.password);
  return inTx(ctx, async (tx) => {
    const user = await insertUser(tx, {
      username,
      passwordHash,
      role: input.role,
      displayName: input.displayName ?? "",
      email: input.email ?? null,
      areaCode: input.areaCode ?? null,
      producerId: input.role === "producer" ? input.producerId ?? null : null,
      isSample: input.isSample ?? false
    });
    await recordAudit(tx, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: { username, role: user.role, areaCode: user.areaCode, producerId: user.producerId }
    });
    return user;
  });
}
async function login(ctx, username, password, meta) {
  const row = await findUserByUsername(ctx, username.trim());
  if (!row || row.user.disabled) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw new AppError("invalid_credentials", "invalid credentials");
  }
  const now = ctx.deps.clock();
  if (row.user.lockedUntil && row.user.lockedUntil > now) {
    throw new AppError("account_locked", "account locked");
  }
  if (!await verifyPassword(row.user.passwordHash, password)) {
    await recordLoginFailure(ctx, row.user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
    throw new AppError("invalid_credentials", "invalid credentials");
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 864e5);
  await inTx(ctx, async (tx) => {
    await recordLoginSuccess(tx, row.user.id);
    await insertSession(tx, {
      idHash: sha256(sessionToken),
      userId: row.user.id,
      csrfToken,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null
    });
  });
  return { actor: toActor(row), sessionToken, csrfToken, expiresAt };
}
async function resolveSession(ctx, sessionToken) {
  const row = await findSession(ctx, sha256(sessionToken));
  if (!row) return null;
  return { actor: toActor(row), csrfToken: row.session.csrfToken };
}
async function logout(ctx, sessionToken) {
  await deleteSession(ctx, sha256(sessionToken));
}
async function resolveApiToken(ctx, token) {
  if (!token.startsWith("ocop_") || token.length > 200) return null;
  const row = await findByApiToken(ctx, sha256(token));
  if (!row) return null;
  await touchApiToken(ctx, row.tokenId);
  return toActor(row);
}
async function createApiToken(ctx, username, name = "cli") {
  const row = await findUserByUsername(ctx, username);
  if (!row) throw new AppError("not_found", `no user ${username}`);
  const t2 = newApiToken();
  await inTx(ctx, async (tx) => {
    const saved = await insertApiToken(tx, { userId: row.user.id, name, tokenHash: t2.hash, prefix: t2.prefix });
    await recordAudit(tx, {
      action: "token.create",
      entityType: "api_token",
      entityId: saved.id,
      after: { userId: row.user.id, name, prefix: t2.prefix }
    });
  });
  return t2.token;
}

// src/web/i18n/common.i18n.ts
var vi = {
  "app.name": "N\u1EC1n t\u1EA3ng OCOP",
  "app.tagline": "M\u1ED7i x\xE3 m\u1ED9t s\u1EA3n ph\u1EA9m",
  "nav.home": "Trang ch\u1EE7",
  "nav.dashboard": "B\u1EA3ng \u0111i\u1EC1u khi\u1EC3n",
  "nav.producers": "Ch\u1EE7 th\u1EC3",
  "nav.products": "S\u1EA3n ph\u1EA9m",
  "nav.areas": "\u0110\u01A1n v\u1ECB h\xE0nh ch\xEDnh",
  "nav.imports": "Nh\u1EADp d\u1EEF li\u1EC7u",
  "nav.users": "Ng\u01B0\u1EDDi d\xF9ng",
  "nav.audit": "Nh\u1EADt k\xFD",
  "nav.login": "\u0110\u0103ng nh\u1EADp",
  "nav.logout": "\u0110\u0103ng xu\u1EA5t",
  "nav.menu": "Danh m\u1EE5c",
  "nav.skip": "B\u1ECF qua \u0111\u1EBFn n\u1ED9i dung ch\xEDnh",
  "nav.language": "English",
  "nav.apiDocs": "T\xE0i li\u1EC7u API",
  "nav.breadcrumbs": "\u0110\u01B0\u1EDDng d\u1EABn",
  "nav.account": "T\xE0i kho\u1EA3n v\xE0 ng\xF4n ng\u1EEF",
  "common.search": "T\xECm ki\u1EBFm",
  "common.filter": "L\u1ECDc",
  "common.save": "L\u01B0u",
  "common.cancel": "H\u1EE7y",
  "common.edit": "S\u1EEDa",
  "common.create": "Th\xEAm m\u1EDBi",
  "common.back": "Quay l\u1EA1i",
  "common.all": "T\u1EA5t c\u1EA3",
  "common.yes": "C\xF3",
  "common.no": "Kh\xF4ng",
  "common.none": "Kh\xF4ng c\xF3",
  "common.page": "Trang {page} / {pages}",
  "common.prev": "Trang tr\u01B0\u1EDBc",
  "common.next": "Trang sau",
  "common.total": "{total} k\u1EBFt qu\u1EA3",
  "common.empty": "Kh\xF4ng c\xF3 d\u1EEF li\u1EC7u ph\xF9 h\u1EE3p.",
  "common.sample": "D\u1EEF li\u1EC7u m\u1EABu",
  "common.sampleNote": "D\u1EEF li\u1EC7u m\u1EABu \u0111\u1EC3 tr\xECnh di\u1EC5n, kh\xF4ng ph\u1EA3i d\u1EEF li\u1EC7u ch\xEDnh th\u1EE9c.",
  "common.download": "T\u1EA3i xu\u1ED1ng",
  "common.actions": "Thao t\xE1c",
  "common.details": "Chi ti\u1EBFt",
  "common.sortBy": "S\u1EAFp x\u1EBFp",
  "form.errorSummary": "C\xF3 l\u1ED7i c\u1EA7n s\u1EEDa",
  "form.required": "B\u1EAFt bu\u1ED9c",
  "form.optional": "kh\xF4ng b\u1EAFt bu\u1ED9c",
  "form.errorPrefix": "L\u1ED7i",
  "file.selected": "\u0110\xE3 ch\u1ECDn: {name} ({size})",
  "file.tooLarge": "T\u1EC7p \u201C{name}\u201D ({size}) l\u1EDBn h\u01A1n gi\u1EDBi h\u1EA1n {max}. Vui l\xF2ng ch\u1ECDn t\u1EC7p nh\u1ECF h\u01A1n.",
  "stars.label": "{count} sao",
  "stars.none": "Ch\u01B0a x\u1EBFp h\u1EA1ng sao",
  "pagination.label": "Ph\xE2n trang",
  "pagination.page": "Trang {page}",
  "pagination.current": "Trang {page}, trang hi\u1EC7n t\u1EA1i",
  "errors.validation_failed": "D\u1EEF li\u1EC7u ch\u01B0a h\u1EE3p l\u1EC7. Vui l\xF2ng ki\u1EC3m tra c\xE1c tr\u01B0\u1EDDng \u0111\u01B0\u1EE3c \u0111\xE1nh d\u1EA5u.",
  "errors.bad_request": "Y\xEAu c\u1EA7u kh\xF4ng h\u1EE3p l\u1EC7.",
  "errors.unauthenticated": "B\u1EA1n c\u1EA7n \u0111\u0103ng nh\u1EADp \u0111\u1EC3 ti\u1EBFp t\u1EE5c.",
  "errors.invalid_credentials": "T\xEAn \u0111\u0103ng nh\u1EADp ho\u1EB7c m\u1EADt kh\u1EA9u kh\xF4ng \u0111\xFAng.",
  "errors.forbidden": "B\u1EA1n kh\xF4ng c\xF3 quy\u1EC1n th\u1EF1c hi\u1EC7n thao t\xE1c n\xE0y.",
  "errors.csrf_failed": "Phi\xEAn bi\u1EC3u m\u1EABu \u0111\xE3 h\u1EBFt h\u1EA1n. Vui l\xF2ng t\u1EA3i l\u1EA1i trang v\xE0 th\u1EED l\u1EA1i.",
  "errors.not_found": "Kh\xF4ng t\xECm th\u1EA5y trang ho\u1EB7c d\u1EEF li\u1EC7u y\xEAu c\u1EA7u.",
  "errors.conflict": "D\u1EEF li\u1EC7u \u0111\xE3 thay \u0111\u1ED5i ho\u1EB7c xung \u0111\u1ED9t v\u1EDBi tr\u1EA1ng th\xE1i hi\u1EC7n t\u1EA1i.",
  "errors.duplicate": "D\u1EEF li\u1EC7u b\u1ECB tr\xF9ng v\u1EDBi b\u1EA3n ghi \u0111\xE3 c\xF3.",
  "errors.account_locked": "T\xE0i kho\u1EA3n t\u1EA1m b\u1ECB kh\xF3a do \u0111\u0103ng nh\u1EADp sai nhi\u1EC1u l\u1EA7n. Vui l\xF2ng th\u1EED l\u1EA1i sau.",
  "errors.payload_too_large": "D\u1EEF li\u1EC7u g\u1EEDi l\xEAn qu\xE1 l\u1EDBn.",
  "errors.unsupported_media_type": "\u0110\u1ECBnh d\u1EA1ng t\u1EC7p kh\xF4ng \u0111\u01B0\u1EE3c h\u1ED7 tr\u1EE3.",
  "errors.rate_limited": "B\u1EA1n thao t\xE1c qu\xE1 nhanh. Vui l\xF2ng th\u1EED l\u1EA1i sau \xEDt ph\xFAt.",
  "errors.import_failed": "T\u1EC7p c\xF3 l\u1ED7i; kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp.",
  "errors.service_unavailable": "H\u1EC7 th\u1ED1ng t\u1EA1m th\u1EDDi kh\xF4ng ph\u1EA3n h\u1ED3i. Vui l\xF2ng th\u1EED l\u1EA1i sau.",
  "errors.internal_error": "\u0110\xE3 c\xF3 l\u1ED7i h\u1EC7 th\u1ED1ng. M\xE3 y\xEAu c\u1EA7u: {requestId}",
  "errors.title": "Kh\xF4ng th\u1EF1c hi\u1EC7n \u0111\u01B0\u1EE3c",
  "footer.note": "Ch\u01B0\u01A1ng tr\xECnh M\u1ED7i x\xE3 m\u1ED9t s\u1EA3n ph\u1EA9m (OCOP) \u2014 n\u1EC1n t\u1EA3ng s\u1ED1 ph\u1EE5c v\u1EE5 ch\u1EE7 th\u1EC3, c\xE1n b\u1ED9 v\xE0 ng\u01B0\u1EDDi ti\xEAu d\xF9ng."
};
var en = {
  "app.name": "OCOP Platform",
  "app.tagline": "One Commune One Product",
  "nav.home": "Home",
  "nav.dashboard": "Dashboard",
  "nav.producers": "Producers",
  "nav.products": "Products",
  "nav.areas": "Administrative units",
  "nav.imports": "Import data",
  "nav.users": "Users",
  "nav.audit": "Audit log",
  "nav.login": "Log in",
  "nav.logout": "Log out",
  "nav.menu": "Menu",
  "nav.skip": "Skip to main content",
  "nav.language": "Ti\u1EBFng Vi\u1EC7t",
  "nav.apiDocs": "API reference",
  "nav.breadcrumbs": "Breadcrumb",
  "nav.account": "Account and language",
  "common.search": "Search",
  "common.filter": "Filter",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.edit": "Edit",
  "common.create": "Add new",
  "common.back": "Back",
  "common.all": "All",
  "common.yes": "Yes",
  "common.no": "No",
  "common.none": "None",
  "common.page": "Page {page} of {pages}",
  "common.prev": "Previous page",
  "common.next": "Next page",
  "common.total": "{total} results",
  "common.empty": "Nothing matches.",
  "common.sample": "Sample data",
  "common.sampleNote": "Sample data for demonstration, not official records.",
  "common.download": "Download",
  "common.actions": "Actions",
  "common.details": "Details",
  "common.sortBy": "Sort by",
  "form.errorSummary": "There is a problem",
  "form.required": "Required",
  "form.optional": "optional",
  "form.errorPrefix": "Error",
  "file.selected": "Selected: {name} ({size})",
  "file.tooLarge": "The file \u201C{name}\u201D ({size}) is larger than the {max} limit. Please choose a smaller file.",
  "stars.label": "{count} stars",
  "stars.none": "Not rated",
  "pagination.label": "Pagination",
  "pagination.page": "Page {page}",
  "pagination.current": "Page {page}, current page",
  "errors.validation_failed": "Some fields are not valid. Please check the marked fields.",
  "errors.bad_request": "The request is not valid.",
  "errors.unauthenticated": "Please log in to continue.",
  "errors.invalid_credentials": "Wrong username or password.",
  "errors.forbidden": "You are not allowed to do this.",
  "errors.csrf_failed": "The form has expired. Please reload the page and try again.",
  "errors.not_found": "The page or record was not found.",
  "errors.conflict": "The record changed or conflicts with its current state.",
  "errors.duplicate": "This duplicates an existing record.",
  "errors.account_locked": "The account is temporarily locked after repeated failed logins. Try again later.",
  "errors.payload_too_large": "The upload is too large.",
  "errors.unsupported_media_type": "This file type is not supported.",
  "errors.rate_limited": "Too many requests. Please try again in a few minutes.",
  "errors.import_failed": "The file has errors; no row was imported.",
  "errors.service_unavailable": "The service is temporarily unavailable. Please try again later.",
  "errors.internal_error": "A system error occurred. Request id: {requestId}",
  "errors.title": "Could not complete",
  "footer.note": "One Commune One Product (OCOP) programme \u2014 a digital platform for producers, officials and consumers."
};
var common = { vi, en };

// src/modules/identity/identity.i18n.ts
var vi2 = {
  "login.title": "\u0110\u0103ng nh\u1EADp",
  "login.username": "T\xEAn \u0111\u0103ng nh\u1EADp",
  "login.password": "M\u1EADt kh\u1EA9u",
  "login.submit": "\u0110\u0103ng nh\u1EADp",
  "role.national_admin": "Qu\u1EA3n tr\u1ECB qu\u1ED1c gia",
  "role.province_officer": "C\xE1n b\u1ED9 OCOP t\u1EC9nh",
  "role.commune_officer": "C\xE1n b\u1ED9 x\xE3",
  "role.council_member": "Th\xE0nh vi\xEAn h\u1ED9i \u0111\u1ED3ng",
  "role.inspector": "Thanh tra, ki\u1EC3m tra",
  "role.producer": "Ch\u1EE7 th\u1EC3 OCOP",
  "role.buyer": "Ng\u01B0\u1EDDi mua",
  "audit.title": "Nh\u1EADt k\xFD thay \u0111\u1ED5i",
  "audit.at": "Th\u1EDDi gian",
  "audit.actor": "Ng\u01B0\u1EDDi th\u1EF1c hi\u1EC7n",
  "audit.action": "Thao t\xE1c",
  "audit.entity": "\u0110\u1ED1i t\u01B0\u1EE3ng",
  "audit.change": "Thay \u0111\u1ED5i"
};
var en2 = {
  "login.title": "Log in",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Log in",
  "role.national_admin": "National administrator",
  "role.province_officer": "Provincial OCOP officer",
  "role.commune_officer": "Commune officer",
  "role.council_member": "Council member",
  "role.inspector": "Inspector",
  "role.producer": "OCOP producer",
  "role.buyer": "Buyer",
  "audit.title": "Audit log",
  "audit.at": "Time",
  "audit.actor": "Actor",
  "audit.action": "Action",
  "audit.entity": "Record",
  "audit.change": "Change"
};
var identityMessages = { vi: vi2, en: en2 };

// src/modules/registry/registry.i18n.ts
var vi3 = {
  "home.title": "S\u1EA3n ph\u1EA9m OCOP Vi\u1EC7t Nam",
  "home.lead": "N\u1EC1n t\u1EA3ng s\u1ED1 c\u1EE7a Ch\u01B0\u01A1ng tr\xECnh M\u1ED7i x\xE3 m\u1ED9t s\u1EA3n ph\u1EA9m: ch\u1EE7 th\u1EC3 \u0111\u0103ng k\xFD s\u1EA3n ph\u1EA9m v\xE0 h\u1ED3 s\u01A1, h\u1ED9i \u0111\u1ED3ng ch\u1EA5m \u0111i\u1EC3m, t\u1EC9nh v\xE0 trung \u01B0\u01A1ng c\xF4ng nh\u1EADn h\u1EA1ng sao, ng\u01B0\u1EDDi ti\xEAu d\xF9ng qu\xE9t m\xE3 QR \u0111\u1EC3 ki\u1EC3m tra.",
  "home.officerLogin": "\u0110\u0103ng nh\u1EADp d\xE0nh cho ch\u1EE7 th\u1EC3 v\xE0 c\xE1n b\u1ED9",
  "home.figures": "S\u1ED1 li\u1EC7u tr\xEAn n\u1EC1n t\u1EA3ng",
  "dashboard.title": "B\u1EA3ng \u0111i\u1EC1u khi\u1EC3n",
  "dashboard.welcome": "Xin ch\xE0o, {name}",
  "dashboard.scope": "Ph\u1EA1m vi: {scope}",
  "dashboard.national": "To\xE0n qu\u1ED1c",
  "dashboard.myProducts": "S\u1EA3n ph\u1EA9m c\u1EE7a t\xF4i",
  "dashboard.producers": "Ch\u1EE7 th\u1EC3",
  "dashboard.products": "S\u1EA3n ph\u1EA9m",
  "dashboard.certified": "S\u1EA3n ph\u1EA9m c\xF3 ch\u1EE9ng nh\u1EADn c\xF2n hi\u1EC7u l\u1EF1c",
  "producers.title": "Ch\u1EE7 th\u1EC3 OCOP",
  "producers.new": "\u0110\u0103ng k\xFD ch\u1EE7 th\u1EC3",
  "producers.edit": "S\u1EEDa th\xF4ng tin ch\u1EE7 th\u1EC3",
  "producers.search": "T\xEAn, m\xE3 s\u1ED1 thu\u1EBF ho\u1EB7c ng\u01B0\u1EDDi \u0111\u1EA1i di\u1EC7n",
  "producers.saved": "\u0110\xE3 l\u01B0u th\xF4ng tin ch\u1EE7 th\u1EC3.",
  "producer.name": "T\xEAn ch\u1EE7 th\u1EC3",
  "producer.kind": "Lo\u1EA1i h\xECnh",
  "producer.taxCode": "M\xE3 s\u1ED1 thu\u1EBF",
  "producer.taxCodeHint": "10 ch\u1EEF s\u1ED1, ho\u1EB7c 13 ch\u1EEF s\u1ED1 d\u1EA1ng NNNNNNNNNN-NNN cho chi nh\xE1nh. H\u1ED9 kinh doanh c\xF3 th\u1EC3 \u0111\u1EC3 tr\u1ED1ng.",
  "producer.commune": "X\xE3/ph\u01B0\u1EDDng",
  "producer.communeCode": "M\xE3 x\xE3/ph\u01B0\u1EDDng",
  "producer.communeHint": "M\xE3 5 ch\u1EEF s\u1ED1 c\u1EE7a C\u1EE5c Th\u1ED1ng k\xEA (tra c\u1EE9u \u1EDF trang \u0110\u01A1n v\u1ECB h\xE0nh ch\xEDnh).",
  "producer.province": "T\u1EC9nh/th\xE0nh ph\u1ED1",
  "producer.address": "\u0110\u1ECBa ch\u1EC9",
  "producer.representative": "Ng\u01B0\u1EDDi \u0111\u1EA1i di\u1EC7n",
  "producer.phone": "S\u1ED1 \u0111i\u1EC7n tho\u1EA1i",
  "producer.email": "Th\u01B0 \u0111i\u1EC7n t\u1EED",
  "producer.foundedYear": "N\u0103m th\xE0nh l\u1EADp",
  "producer.members": "S\u1ED1 th\xE0nh vi\xEAn",
  "producer.womenLed": "Do ph\u1EE5 n\u1EEF l\xE0m ch\u1EE7 ho\u1EB7c \u0111i\u1EC1u h\xE0nh",
  "producer.ethnicMinorityLed": "Do ng\u01B0\u1EDDi d\xE2n t\u1ED9c thi\u1EC3u s\u1ED1 l\xE0m ch\u1EE7 ho\u1EB7c \u0111i\u1EC1u h\xE0nh",
  "producer.products": "S\u1EA3n ph\u1EA9m c\u1EE7a ch\u1EE7 th\u1EC3",
  "products.title": "S\u1EA3n ph\u1EA9m",
  "products.new": "\u0110\u0103ng k\xFD s\u1EA3n ph\u1EA9m",
  "products.edit": "S\u1EEDa th\xF4ng tin s\u1EA3n ph\u1EA9m",
  "products.search": "T\xEAn s\u1EA3n ph\u1EA9m (g\xF5 c\xF3 d\u1EA5u ho\u1EB7c kh\xF4ng d\u1EA5u)",
  "products.saved": "\u0110\xE3 l\u01B0u th\xF4ng tin s\u1EA3n ph\u1EA9m.",
  "product.name": "T\xEAn s\u1EA3n ph\u1EA9m",
  "product.producer": "Ch\u1EE7 th\u1EC3",
  "product.set": "B\u1ED9 s\u1EA3n ph\u1EA9m",
  "product.description": "M\xF4 t\u1EA3",
  "product.story": "C\xE2u chuy\u1EC7n s\u1EA3n ph\u1EA9m",
  "product.ingredients": "Th\xE0nh ph\u1EA7n, nguy\xEAn li\u1EC7u",
  "product.packaging": "Bao b\xEC, quy c\xE1ch \u0111\xF3ng g\xF3i",
  "product.shelfLife": "H\u1EA1n s\u1EED d\u1EE5ng",
  "product.gtin": "M\xE3 s\u1ED1 m\xE3 v\u1EA1ch (GTIN-13)",
  "product.gtinHint": "13 ch\u1EEF s\u1ED1; m\xE3 doanh nghi\u1EC7p Vi\u1EC7t Nam b\u1EAFt \u0111\u1EA7u b\u1EB1ng 893.",
  "product.status": "Tr\u1EA1ng th\xE1i",
  "product.stars": "H\u1EA1ng sao",
  "product.certificate": "Gi\u1EA5y ch\u1EE9ng nh\u1EADn",
  "product.noCertificate": "Ch\u01B0a c\xF3 gi\u1EA5y ch\u1EE9ng nh\u1EADn",
  "product.validUntil": "Hi\u1EC7u l\u1EF1c \u0111\u1EBFn {date}",
  "product.potentialFiveStar": "Ti\u1EC1m n\u0103ng 5 sao",
  "status.idea": "\xDD t\u01B0\u1EDFng",
  "status.developing": "\u0110ang ph\xE1t tri\u1EC3n",
  "status.registered": "\u0110\xE3 \u0111\u0103ng k\xFD \u0111\xE1nh gi\xE1",
  "status.certified": "\u0110\xE3 ch\u1EE9ng nh\u1EADn",
  "status.expired": "H\u1EBFt hi\u1EC7u l\u1EF1c",
  "status.revoked": "B\u1ECB thu h\u1ED3i",
  "cert.valid": "C\xF2n hi\u1EC7u l\u1EF1c",
  "cert.expired": "H\u1EBFt hi\u1EC7u l\u1EF1c",
  "cert.revoked": "\u0110\xE3 thu h\u1ED3i",
  "cert.superseded": "\u0110\xE3 \u0111\u01B0\u1EE3c thay th\u1EBF",
  "areas.title": "\u0110\u01A1n v\u1ECB h\xE0nh ch\xEDnh",
  "areas.lead": "34 t\u1EC9nh, th\xE0nh ph\u1ED1 v\xE0 3.321 x\xE3, ph\u01B0\u1EDDng, \u0111\u1EB7c khu t\u1EEB ng\xE0y 01/7/2025. C\xF3 th\u1EC3 tra theo t\xEAn ho\u1EB7c m\xE3 c\u0169 tr\u01B0\u1EDBc s\xE1p nh\u1EADp.",
  "areas.search": "T\xEAn ho\u1EB7c m\xE3 (v\xED d\u1EE5: hoan kiem)",
  "areas.level": "C\u1EA5p",
  "areas.level.province": "T\u1EC9nh",
  "areas.level.commune": "X\xE3",
  "areas.code": "M\xE3",
  "areas.name": "T\xEAn",
  "areas.kind": "Lo\u1EA1i",
  "areas.parent": "Thu\u1ED9c t\u1EC9nh",
  "areas.old": "\u0110\u01A1n v\u1ECB c\u0169 tr\u01B0\u1EDBc 01/7/2025",
  "areas.oldFound": "\u201C{old}\u201D (m\xE3 c\u0169 {code}) nay thu\u1ED9c: {names}"
};
var en3 = {
  "home.title": "Vietnam OCOP products",
  "home.lead": "The digital platform of the One Commune One Product programme: producers register products and dossiers, councils score them, provinces and the ministry recognise star levels, and consumers scan a QR code to check them.",
  "home.officerLogin": "Log in for producers and officials",
  "home.figures": "Figures on the platform",
  "dashboard.title": "Dashboard",
  "dashboard.welcome": "Hello, {name}",
  "dashboard.scope": "Scope: {scope}",
  "dashboard.national": "Whole country",
  "dashboard.myProducts": "My products",
  "dashboard.producers": "Producers",
  "dashboard.products": "Products",
  "dashboard.certified": "Products with a valid certificate",
  "producers.title": "OCOP producers",
  "producers.new": "Register a producer",
  "producers.edit": "Edit producer",
  "producers.search": "Name, tax code or representative",
  "producers.saved": "Producer saved.",
  "producer.name": "Producer name",
  "producer.kind": "Kind",
  "producer.taxCode": "Tax code",
  "producer.taxCodeHint": "10 digits, or 13 as NNNNNNNNNN-NNN for a branch. Household businesses may leave it empty.",
  "producer.commune": "Commune",
  "producer.communeCode": "Commune code",
  "producer.communeHint": "The 5-digit Statistics Office code (look it up on the Administrative units page).",
  "producer.province": "Province",
  "producer.address": "Address",
  "producer.representative": "Representative",
  "producer.phone": "Phone",
  "producer.email": "E-mail",
  "producer.foundedYear": "Year founded",
  "producer.members": "Members",
  "producer.womenLed": "Owned or run by women",
  "producer.ethnicMinorityLed": "Owned or run by ethnic-minority people",
  "producer.products": "Products of this producer",
  "products.title": "Products",
  "products.new": "Register a product",
  "products.edit": "Edit product",
  "products.search": "Product name (with or without diacritics)",
  "products.saved": "Product saved.",
  "product.name": "Product name",
  "product.producer": "Producer",
  "product.set": "Product set",
  "product.description": "Description",
  "product.story": "Product story",
  "product.ingredients": "Ingredients and materials",
  "product.packaging": "Packaging",
  "product.shelfLife": "Shelf life",
  "product.gtin": "Barcode (GTIN-13)",
  "product.gtinHint": "13 digits; Vietnamese company prefixes start with 893.",
  "product.status": "Status",
  "product.stars": "Stars",
  "product.certificate": "Certificate",
  "product.noCertificate": "No certificate yet",
  "product.validUntil": "Valid until {date}",
  "product.potentialFiveStar": "Potential 5-star",
  "status.idea": "Idea",
  "status.developing": "Developing",
  "status.registered": "Registered for evaluation",
  "status.certified": "Certified",
  "status.expired": "Expired",
  "status.revoked": "Revoked",
  "cert.valid": "Valid",
  "cert.expired": "Expired",
  "cert.revoked": "Revoked",
  "cert.superseded": "Superseded",
  "areas.title": "Administrative units",
  "areas.lead": "34 provinces and 3,321 communes, wards and special zones since 1 July 2025. Search by name or by a pre-merger code.",
  "areas.search": "Name or code (e.g. hoan kiem)",
  "areas.level": "Level",
  "areas.level.province": "Province",
  "areas.level.commune": "Commune",
  "areas.code": "Code",
  "areas.name": "Name",
  "areas.kind": "Kind",
  "areas.parent": "Province",
  "areas.old": "Units before 1 July 2025",
  "areas.oldFound": "\u201C{old}\u201D (old code {code}) is now part of: {names}"
};
var registryMessages = { vi: vi3, en: en3 };

// src/modules/imports/imports.i18n.ts
var vi4 = {
  "imports.title": "Nh\u1EADp d\u1EEF li\u1EC7u",
  "imports.intro": "Nh\u1EADp danh s\xE1ch t\u1EEB t\u1EC7p CSV (UTF-8) ho\u1EB7c Excel (.xlsx, trang t\xEDnh \u0111\u1EA7u ti\xEAn). M\u1ECDi d\xF2ng \u0111\u01B0\u1EE3c ki\u1EC3m tra tr\u01B0\u1EDBc; n\u1EBFu c\xF3 l\u1ED7i th\xEC kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp.",
  "imports.kind": "Lo\u1EA1i d\u1EEF li\u1EC7u",
  "imports.file": "T\u1EC7p d\u1EEF li\u1EC7u",
  "imports.fileHint": "CSV UTF-8 ho\u1EB7c .xlsx, t\u1ED1i \u0111a {mb} MB v\xE0 {rows} d\xF2ng.",
  "imports.submit": "Ki\u1EC3m tra v\xE0 nh\u1EADp",
  "imports.templates": "T\u1EC7p m\u1EABu",
  "imports.templatesHint": "T\u1EA3i t\u1EC7p m\u1EABu c\xF3 s\u1EB5n ti\xEAu \u0111\u1EC1 c\u1ED9t v\xE0 m\u1ED9t d\xF2ng v\xED d\u1EE5 (d\xF2ng b\u1EAFt \u0111\u1EA7u b\u1EB1ng # s\u1EBD \u0111\u01B0\u1EE3c b\u1ECF qua).",
  "imports.exports": "Xu\u1EA5t d\u1EEF li\u1EC7u",
  "imports.exportsHint": "Xu\u1EA5t d\u1EEF li\u1EC7u trong ph\u1EA1m vi c\u1EE7a b\u1EA1n, c\xF9ng \u0111\u1ECBnh d\u1EA1ng c\u1ED9t v\u1EDBi t\u1EC7p nh\u1EADp.",
  "imports.recent": "C\xE1c l\u1EA7n nh\u1EADp g\u1EA7n \u0111\xE2y",
  "imports.noJobs": "Ch\u01B0a c\xF3 l\u1EA7n nh\u1EADp n\xE0o.",
  "imports.job": "L\u1EA7n nh\u1EADp",
  "imports.jobTitle": "K\u1EBFt qu\u1EA3 nh\u1EADp d\u1EEF li\u1EC7u",
  "imports.fileName": "T\xEAn t\u1EC7p",
  "imports.status": "Tr\u1EA1ng th\xE1i",
  "imports.rows": "S\u1ED1 d\xF2ng",
  "imports.createdAt": "Th\u1EDDi gian",
  "imports.progress": "\u0110\xE3 x\u1EED l\xFD {done} / {total} d\xF2ng",
  "imports.running": "\u0110ang nh\u1EADp d\u1EEF li\u1EC7u\u2026 Trang s\u1EBD t\u1EF1 c\u1EADp nh\u1EADt.",
  "imports.stale": "L\u1EA7n nh\u1EADp n\xE0y b\u1ECB gi\xE1n \u0111o\u1EA1n; kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp. Vui l\xF2ng nh\u1EADp l\u1EA1i.",
  "imports.succeeded": "\u0110\xE3 nh\u1EADp th\xE0nh c\xF4ng {rows} d\xF2ng.",
  "imports.failed": "T\u1EC7p c\xF3 {count} l\u1ED7i; kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp. S\u1EEDa c\xE1c l\u1ED7i d\u01B0\u1EDBi \u0111\xE2y r\u1ED3i nh\u1EADp l\u1EA1i.",
  "imports.errorsTable": "Danh s\xE1ch l\u1ED7i",
  "imports.row": "D\xF2ng",
  "imports.field": "C\u1ED9t",
  "imports.message": "L\u1ED7i",
  "imports.summary": "T\u1ED5ng h\u1EE3p",
  "imports.again": "Nh\u1EADp t\u1EC7p kh\xE1c",
  "imports.back": "Quay l\u1EA1i trang nh\u1EADp d\u1EEF li\u1EC7u",
  "imports.chooseFile": "Vui l\xF2ng ch\u1ECDn t\u1EC7p c\u1EA7n nh\u1EADp.",
  "imports.chooseKind": "Vui l\xF2ng ch\u1ECDn lo\u1EA1i d\u1EEF li\u1EC7u.",
  "imports.status.validating": "\u0110ang ki\u1EC3m tra",
  "imports.status.importing": "\u0110ang nh\u1EADp",
  "imports.status.succeeded": "Th\xE0nh c\xF4ng",
  "imports.status.failed": "C\xF3 l\u1ED7i",
  "imports.kind.areas": "\u0110\u01A1n v\u1ECB h\xE0nh ch\xEDnh",
  "imports.kind.producers": "Ch\u1EE7 th\u1EC3 OCOP",
  "imports.kind.products": "S\u1EA3n ph\u1EA9m",
  "imports.kind.certified-products": "S\u1EA3n ph\u1EA9m OCOP \u0111\xE3 c\xF4ng nh\u1EADn",
  "imports.kind.criteria": "B\u1ED9 ti\xEAu ch\xED",
  "imports.exampleMarker": "# V\xCD D\u1EE4 (x\xF3a d\xF2ng n\xE0y)",
  "imports.notesSheet": "H\u01B0\u1EDBng d\u1EABn",
  "imports.dataSheet": "D\u1EEF li\u1EC7u",
  "imports.notesColumn": "C\u1ED9t",
  "imports.notesRequired": "B\u1EAFt bu\u1ED9c",
  "imports.notesDescription": "M\xF4 t\u1EA3",
  "imports.notesGeneral": "D\xF2ng 1 l\xE0 ti\xEAu \u0111\u1EC1 c\u1ED9t (ti\u1EBFng Anh ho\u1EB7c ti\u1EBFng Vi\u1EC7t). D\xF2ng b\u1EAFt \u0111\u1EA7u b\u1EB1ng # l\xE0 ghi ch\xFA v\xE0 \u0111\u01B0\u1EE3c b\u1ECF qua. T\u1EA5t c\u1EA3 c\xE1c d\xF2ng \u0111\u01B0\u1EE3c nh\u1EADp ho\u1EB7c kh\xF4ng d\xF2ng n\xE0o.",
  "imports.yes": "c\xF3",
  "imports.no": "kh\xF4ng",
  "imports.sum.rows": "S\u1ED1 d\xF2ng",
  "imports.sum.created": "T\u1EA1o m\u1EDBi",
  "imports.sum.updated": "C\u1EADp nh\u1EADt",
  "imports.sum.producersCreated": "Ch\u1EE7 th\u1EC3 t\u1EA1o m\u1EDBi",
  "imports.sum.producersMatched": "Ch\u1EE7 th\u1EC3 \u0111\xE3 c\xF3",
  "imports.sum.producersUpdated": "Ch\u1EE7 th\u1EC3 \u0111\u01B0\u1EE3c b\u1ED5 sung m\xE3 s\u1ED1 thu\u1EBF",
  "imports.sum.productsCreated": "S\u1EA3n ph\u1EA9m t\u1EA1o m\u1EDBi",
  "imports.sum.productsMatched": "S\u1EA3n ph\u1EA9m \u0111\xE3 c\xF3",
  "imports.sum.decisionsCreated": "Quy\u1EBFt \u0111\u1ECBnh t\u1EA1o m\u1EDBi",
  "imports.sum.decisionsMatched": "Quy\u1EBFt \u0111\u1ECBnh \u0111\xE3 c\xF3",
  "imports.sum.certificatesCreated": "Gi\u1EA5y ch\u1EE9ng nh\u1EADn",
  "imports.sum.certificatesSuperseded": "Gi\u1EA5y ch\u1EE9ng nh\u1EADn c\u0169 \u0111\u01B0\u1EE3c thay th\u1EBF",
  "imports.sum.numbersGenerated": "S\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn \u0111\u01B0\u1EE3c c\u1EA5p t\u1EF1 \u0111\u1ED9ng",
  "imports.sum.expired": "Gi\u1EA5y ch\u1EE9ng nh\u1EADn \u0111\xE3 h\u1EBFt h\u1EA1n",
  "imports.col.code": "M\xE3 \u0111\u01A1n v\u1ECB: t\u1EC9nh 2 ch\u1EEF s\u1ED1, x\xE3 5 ch\u1EEF s\u1ED1 (m\xE3 Th\u1ED1ng k\xEA).",
  "imports.col.name": "T\xEAn.",
  "imports.col.kind": "Lo\u1EA1i: v\u1EDBi \u0111\u01A1n v\u1ECB h\xE0nh ch\xEDnh l\xE0 T\u1EC9nh/Th\xE0nh ph\u1ED1/X\xE3/Ph\u01B0\u1EDDng/\u0110\u1EB7c khu; v\u1EDBi ch\u1EE7 th\u1EC3 l\xE0 doanh nghi\u1EC7p, h\u1EE3p t\xE1c x\xE3, t\u1ED5 h\u1EE3p t\xE1c ho\u1EB7c h\u1ED9 kinh doanh.",
  "imports.col.level": "C\u1EA5p: province (t\u1EC9nh) ho\u1EB7c commune (x\xE3).",
  "imports.col.parent_code": "M\xE3 t\u1EC9nh c\u1EE7a x\xE3 (b\u1EAFt bu\u1ED9c v\u1EDBi c\u1EA5p x\xE3).",
  "imports.col.tax_code": "M\xE3 s\u1ED1 thu\u1EBF 10 s\u1ED1 ho\u1EB7c NNNNNNNNNN-NNN (kh\xF4ng b\u1EAFt bu\u1ED9c v\u1EDBi h\u1ED9 kinh doanh).",
  "imports.col.commune_code": "M\xE3 x\xE3 5 ch\u1EEF s\u1ED1 c\u1EE7a ch\u1EE7 th\u1EC3.",
  "imports.col.address": "\u0110\u1ECBa ch\u1EC9.",
  "imports.col.representative": "Ng\u01B0\u1EDDi \u0111\u1EA1i di\u1EC7n.",
  "imports.col.phone": "S\u1ED1 \u0111i\u1EC7n tho\u1EA1i Vi\u1EC7t Nam.",
  "imports.col.email": "\u0110\u1ECBa ch\u1EC9 th\u01B0 \u0111i\u1EC7n t\u1EED.",
  "imports.col.founded_year": "N\u0103m th\xE0nh l\u1EADp (4 ch\u1EEF s\u1ED1).",
  "imports.col.members": "S\u1ED1 th\xE0nh vi\xEAn / lao \u0111\u1ED9ng.",
  "imports.col.women_led": "Ph\u1EE5 n\u1EEF l\xE0m ch\u1EE7: c\xF3 / kh\xF4ng.",
  "imports.col.ethnic_minority_led": "Ng\u01B0\u1EDDi d\xE2n t\u1ED9c thi\u1EC3u s\u1ED1 l\xE0m ch\u1EE7: c\xF3 / kh\xF4ng.",
  "imports.col.producer_tax_code": "M\xE3 s\u1ED1 thu\u1EBF c\u1EE7a ch\u1EE7 th\u1EC3 (ho\u1EB7c d\xF9ng t\xEAn ch\u1EE7 th\u1EC3 + m\xE3 x\xE3).",
  "imports.col.producer_name": "T\xEAn ch\u1EE7 th\u1EC3.",
  "imports.col.product_name": "T\xEAn s\u1EA3n ph\u1EA9m.",
  "imports.col.product_set": "B\u1ED9 s\u1EA3n ph\u1EA9m theo Q\u0110 148/Q\u0110-TTg: m\xE3 (1\u201326) ho\u1EB7c t\xEAn.",
  "imports.col.description": "M\xF4 t\u1EA3 s\u1EA3n ph\u1EA9m.",
  "imports.col.gtin": "M\xE3 v\u1EA1ch GTIN-13 (13 ch\u1EEF s\u1ED1, c\xF3 s\u1ED1 ki\u1EC3m tra).",
  "imports.col.producer_kind": "Lo\u1EA1i h\xECnh ch\u1EE7 th\u1EC3: doanh nghi\u1EC7p, h\u1EE3p t\xE1c x\xE3, t\u1ED5 h\u1EE3p t\xE1c, h\u1ED9 kinh doanh.",
  "imports.col.stars": "H\u1EA1ng sao: 3, 4 ho\u1EB7c 5.",
  "imports.col.decision_number": "S\u1ED1 quy\u1EBFt \u0111\u1ECBnh c\xF4ng nh\u1EADn, v\xED d\u1EE5 1234/Q\u0110-UBND.",
  "imports.col.decision_date": "Ng\xE0y quy\u1EBFt \u0111\u1ECBnh: YYYY-MM-DD ho\u1EB7c dd/mm/yyyy.",
  "imports.col.certificate_number": "S\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn (\u0111\u1EC3 tr\u1ED1ng \u0111\u1EC3 h\u1EC7 th\u1ED1ng t\u1EF1 c\u1EA5p).",
  "imports.col.potential_five_star": "Ti\u1EC1m n\u0103ng 5 sao: c\xF3 / kh\xF4ng (ch\u1EC9 v\u1EDBi s\u1EA3n ph\u1EA9m 4 sao).",
  "imports.err.required": "thi\u1EBFu gi\xE1 tr\u1ECB b\u1EAFt bu\u1ED9c",
  "imports.err.tooLong": "qu\xE1 d\xE0i (t\u1ED1i \u0111a {max} k\xFD t\u1EF1)",
  "imports.err.unknownCommune": 'kh\xF4ng c\xF3 x\xE3 m\xE3 "{code}"',
  "imports.err.unknownProvince": 'kh\xF4ng c\xF3 t\u1EC9nh m\xE3 "{code}"',
  "imports.err.taxCodeFormat": "m\xE3 s\u1ED1 thu\u1EBF ph\u1EA3i c\xF3 10 ch\u1EEF s\u1ED1 ho\u1EB7c d\u1EA1ng NNNNNNNNNN-NNN",
  "imports.err.taxCodeChecksum": "m\xE3 s\u1ED1 thu\u1EBF sai ch\u1EEF s\u1ED1 ki\u1EC3m tra",
  "imports.err.gtinFormat": "GTIN ph\u1EA3i c\xF3 13 ch\u1EEF s\u1ED1",
  "imports.err.gtinChecksum": "GTIN sai ch\u1EEF s\u1ED1 ki\u1EC3m tra",
  "imports.err.gtinTaken": "GTIN {gtin} \u0111\xE3 \u0111\u01B0\u1EE3c d\xF9ng cho s\u1EA3n ph\u1EA9m kh\xE1c",
  "imports.err.unknownProductSet": 'kh\xF4ng c\xF3 b\u1ED9 s\u1EA3n ph\u1EA9m "{value}" trong ph\xE2n lo\u1EA1i {classification}',
  "imports.err.stars": "h\u1EA1ng sao ph\u1EA3i l\xE0 3, 4 ho\u1EB7c 5",
  "imports.err.date": "ng\xE0y kh\xF4ng h\u1EE3p l\u1EC7; d\xF9ng YYYY-MM-DD ho\u1EB7c dd/mm/yyyy",
  "imports.err.futureDate": "ng\xE0y \u1EDF t\u01B0\u01A1ng lai",
  "imports.err.boolean": "d\xF9ng c\xF3 / kh\xF4ng (yes / no)",
  "imports.err.producerKind": "lo\u1EA1i h\xECnh kh\xF4ng h\u1EE3p l\u1EC7; d\xF9ng doanh nghi\u1EC7p, h\u1EE3p t\xE1c x\xE3, t\u1ED5 h\u1EE3p t\xE1c ho\u1EB7c h\u1ED9 kinh doanh",
  "imports.err.phone": "s\u1ED1 \u0111i\u1EC7n tho\u1EA1i kh\xF4ng h\u1EE3p l\u1EC7",
  "imports.err.email": "\u0111\u1ECBa ch\u1EC9 th\u01B0 \u0111i\u1EC7n t\u1EED kh\xF4ng h\u1EE3p l\u1EC7",
  "imports.err.year": "n\u0103m kh\xF4ng h\u1EE3p l\u1EC7 (1900 \u2013 n\u0103m nay)",
  "imports.err.integer": "ph\u1EA3i l\xE0 s\u1ED1 nguy\xEAn kh\xF4ng \xE2m",
  "imports.err.duplicateRow": "tr\xF9ng v\u1EDBi d\xF2ng {row}",
  "imports.err.duplicateCertNumber": "s\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn tr\xF9ng v\u1EDBi d\xF2ng {row}",
  "imports.err.certNumberExists": "s\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn {number} \u0111\xE3 t\u1ED3n t\u1EA1i",
  "imports.err.alreadyCertifiedOn": "s\u1EA3n ph\u1EA9m n\xE0y \u0111\xE3 c\xF3 gi\u1EA5y ch\u1EE9ng nh\u1EADn c\u1EA5p ng\xE0y {date}",
  "imports.err.potentialNeeds4": "ch\u1EC9 s\u1EA3n ph\u1EA9m 4 sao m\u1EDBi \u0111\u01B0\u1EE3c \u0111\u1EC1 xu\u1EA5t ti\u1EC1m n\u0103ng 5 sao",
  "imports.err.outsideArea": "ngo\xE0i ph\u1EA1m vi qu\u1EA3n l\xFD c\u1EE7a b\u1EA1n",
  "imports.err.producerNotFound": "kh\xF4ng t\xECm th\u1EA5y ch\u1EE7 th\u1EC3 (theo m\xE3 s\u1ED1 thu\u1EBF ho\u1EB7c t\xEAn + m\xE3 x\xE3)",
  "imports.err.producerRef": "c\u1EA7n m\xE3 s\u1ED1 thu\u1EBF ch\u1EE7 th\u1EC3, ho\u1EB7c t\xEAn ch\u1EE7 th\u1EC3 v\xE0 m\xE3 x\xE3",
  "imports.err.nameTaken": "x\xE3 n\xE0y \u0111\xE3 c\xF3 ch\u1EE7 th\u1EC3 c\xF9ng t\xEAn v\u1EDBi m\xE3 s\u1ED1 thu\u1EBF {taxCode}",
  "imports.err.taxCodeMismatch": "ch\u1EE7 th\u1EC3 c\xF9ng t\xEAn trong x\xE3 \u0111\xE3 c\xF3 m\xE3 s\u1ED1 thu\u1EBF {taxCode}",
  "imports.err.taxCodeInFile": "m\xE3 s\u1ED1 thu\u1EBF n\xE0y \u0111\xE3 d\xF9ng cho ch\u1EE7 th\u1EC3 kh\xE1c \u1EDF d\xF2ng {row}",
  "imports.err.seqExhausted": "h\u1EBFt s\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn t\u1EF1 \u0111\u1ED9ng cho t\u1EC9nh {province} n\u0103m {year}",
  "imports.err.level": "c\u1EA5p ph\u1EA3i l\xE0 province ho\u1EB7c commune",
  "imports.err.areaCode": "m\xE3 t\u1EC9nh c\xF3 2 ch\u1EEF s\u1ED1, m\xE3 x\xE3 c\xF3 5 ch\u1EEF s\u1ED1",
  "imports.err.unknownParent": 'kh\xF4ng c\xF3 t\u1EC9nh m\xE3 "{code}"',
  "imports.err.parentForProvince": "\u0111\u01A1n v\u1ECB c\u1EA5p t\u1EC9nh kh\xF4ng c\xF3 m\xE3 c\u1EA5p tr\xEAn",
  "imports.err.levelChange": "kh\xF4ng \u0111\u01B0\u1EE3c \u0111\u1ED5i c\u1EA5p c\u1EE7a \u0111\u01A1n v\u1ECB \u0111\xE3 c\xF3",
  "imports.err.tooManyErrors": "qu\xE1 nhi\u1EC1u l\u1ED7i; ch\u1EC9 hi\u1EC3n th\u1ECB {max} l\u1ED7i \u0111\u1EA7u ti\xEAn",
  "imports.file.too_large": "t\u1EC7p qu\xE1 l\u1EDBn (t\u1ED1i \u0111a {mb} MB)",
  "imports.file.unsupported_type": "\u0111\u1ECBnh d\u1EA1ng t\u1EC7p kh\xF4ng \u0111\u01B0\u1EE3c h\u1ED7 tr\u1EE3; d\xF9ng CSV UTF-8 ho\u1EB7c Excel .xlsx",
  "imports.file.old_xls": "t\u1EC7p Excel 97\u20132003 (.xls) kh\xF4ng \u0111\u01B0\u1EE3c h\u1ED7 tr\u1EE3; h\xE3y l\u01B0u th\xE0nh .xlsx ho\u1EB7c CSV UTF-8",
  "imports.file.utf16": 't\u1EC7p kh\xF4ng ph\u1EA3i UTF-8 (\u0111ang l\xE0 UTF-16 / Unicode Text); h\xE3y l\u01B0u th\xE0nh "CSV UTF-8"',
  "imports.file.not_utf8": 't\u1EC7p kh\xF4ng ph\u1EA3i UTF-8 (c\xF3 th\u1EC3 l\xE0 Windows-1258 ho\u1EB7c TCVN3 t\u1EEB Excel c\u0169); h\xE3y l\u01B0u th\xE0nh "CSV UTF-8 (Comma delimited)"',
  "imports.file.unreadable": "kh\xF4ng \u0111\u1ECDc \u0111\u01B0\u1EE3c t\u1EC7p Excel; h\xE3y m\u1EDF v\xE0 l\u01B0u l\u1EA1i th\xE0nh .xlsx",
  "imports.file.malformed_csv": "t\u1EC7p CSV sai c\u1EA5u tr\xFAc: {detail}",
  "imports.file.empty": "t\u1EC7p tr\u1ED1ng",
  "imports.file.header_only": "t\u1EC7p ch\u1EC9 c\xF3 d\xF2ng ti\xEAu \u0111\u1EC1, kh\xF4ng c\xF3 d\xF2ng d\u1EEF li\u1EC7u",
  "imports.file.too_many_rows": "t\u1EC7p c\xF3 qu\xE1 nhi\u1EC1u d\xF2ng (t\u1ED1i \u0111a {max})",
  "imports.file.missing_column": 'thi\u1EBFu c\u1ED9t b\u1EAFt bu\u1ED9c "{column}" ({vi})',
  "imports.file.unknown_column": 'c\u1ED9t kh\xF4ng \u0111\u01B0\u1EE3c h\u1ED7 tr\u1EE3 "{column}"',
  "imports.file.duplicate_column": 'c\u1ED9t "{column}" xu\u1EA5t hi\u1EC7n nhi\u1EC1u l\u1EA7n',
  "imports.file.producer_columns": "c\u1EA7n c\u1ED9t producer_tax_code, ho\u1EB7c c\u1EA3 hai c\u1ED9t producer_name v\xE0 commune_code",
  "imports.criteriaLater": "Ch\u01B0a h\u1ED7 tr\u1EE3 nh\u1EADp b\u1ED9 ti\xEAu ch\xED: t\xEDnh n\u0103ng n\xE0y c\xF3 c\xF9ng ph\xE2n h\u1EC7 \u0111\xE1nh gi\xE1.",
  "imports.areasAdminOnly": "Ch\u1EC9 qu\u1EA3n tr\u1ECB vi\xEAn c\u1EA5p qu\u1ED1c gia \u0111\u01B0\u1EE3c nh\u1EADp \u0111\u01A1n v\u1ECB h\xE0nh ch\xEDnh.",
  "imports.forbidden": "Vai tr\xF2 c\u1EE7a b\u1EA1n kh\xF4ng \u0111\u01B0\u1EE3c nh\u1EADp d\u1EEF li\u1EC7u.",
  "imports.conflict": "D\u1EEF li\u1EC7u v\u1EEBa b\u1ECB thay \u0111\u1ED5i b\u1EDFi thao t\xE1c kh\xE1c; kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp. Vui l\xF2ng nh\u1EADp l\u1EA1i.",
  "imports.failedSummary": "{count} l\u1ED7i \u1EDF {rows} d\xF2ng; kh\xF4ng d\xF2ng n\xE0o \u0111\u01B0\u1EE3c nh\u1EADp",
  "imports.noExport": "Kh\xF4ng c\xF3 b\u1EA3n xu\u1EA5t cho lo\u1EA1i d\u1EEF li\u1EC7u n\xE0y.",
  "imports.noTemplate": "Ch\u01B0a c\xF3 t\u1EC7p m\u1EABu cho lo\u1EA1i d\u1EEF li\u1EC7u n\xE0y."
};
var en4 = {
  "imports.title": "Import data",
  "imports.intro": "Import a list from a CSV (UTF-8) or Excel (.xlsx, first sheet) file. Every row is checked first; if any row has an error, nothing is imported.",
  "imports.kind": "Kind of data",
  "imports.file": "Data file",
  "imports.fileHint": "CSV UTF-8 or .xlsx, at most {mb} MB and {rows} rows.",
  "imports.submit": "Check and import",
  "imports.templates": "Templates",
  "imports.templatesHint": "Download a template with the column headers and one example row (rows starting with # are skipped).",
  "imports.exports": "Export data",
  "imports.exportsHint": "Export the data in your area, with the same columns as the import files.",
  "imports.recent": "Recent imports",
  "imports.noJobs": "No imports yet.",
  "imports.job": "Import",
  "imports.jobTitle": "Import result",
  "imports.fileName": "File name",
  "imports.status": "Status",
  "imports.rows": "Rows",
  "imports.createdAt": "Time",
  "imports.progress": "Processed {done} of {total} rows",
  "imports.running": "Importing\u2026 This page refreshes by itself.",
  "imports.stale": "This import was interrupted; nothing was imported. Please import the file again.",
  "imports.succeeded": "Imported {rows} rows.",
  "imports.failed": "The file has {count} errors; nothing was imported. Fix the errors below and import again.",
  "imports.errorsTable": "Errors",
  "imports.row": "Row",
  "imports.field": "Column",
  "imports.message": "Error",
  "imports.summary": "Summary",
  "imports.again": "Import another file",
  "imports.back": "Back to imports",
  "imports.chooseFile": "Please choose a file to import.",
  "imports.chooseKind": "Please choose the kind of data.",
  "imports.status.validating": "Checking",
  "imports.status.importing": "Importing",
  "imports.status.succeeded": "Succeeded",
  "imports.status.failed": "Failed",
  "imports.kind.areas": "Administrative units",
  "imports.kind.producers": "OCOP producers",
  "imports.kind.products": "Products",
  "imports.kind.certified-products": "Certified OCOP products",
  "imports.kind.criteria": "Criteria",
  "imports.exampleMarker": "# EXAMPLE (delete this row)",
  "imports.notesSheet": "Notes",
  "imports.dataSheet": "Data",
  "imports.notesColumn": "Column",
  "imports.notesRequired": "Required",
  "imports.notesDescription": "Description",
  "imports.notesGeneral": "Row 1 holds the column headers (English or Vietnamese). Rows starting with # are notes and are skipped. All rows import or none do.",
  "imports.yes": "yes",
  "imports.no": "no",
  "imports.sum.rows": "Rows",
  "imports.sum.created": "Created",
  "imports.sum.updated": "Updated",
  "imports.sum.producersCreated": "Producers created",
  "imports.sum.producersMatched": "Existing producers",
  "imports.sum.producersUpdated": "Producers given a tax code",
  "imports.sum.productsCreated": "Products created",
  "imports.sum.productsMatched": "Existing products",
  "imports.sum.decisionsCreated": "Decisions created",
  "imports.sum.decisionsMatched": "Existing decisions",
  "imports.sum.certificatesCreated": "Certificates",
  "imports.sum.certificatesSuperseded": "Older certificates superseded",
  "imports.sum.numbersGenerated": "Certificate numbers generated",
  "imports.sum.expired": "Certificates already expired",
  "imports.col.code": "Unit code: 2 digits for a province, 5 for a commune (Statistics Office codes).",
  "imports.col.name": "Name.",
  "imports.col.kind": "Kind: for units T\u1EC9nh/Th\xE0nh ph\u1ED1/X\xE3/Ph\u01B0\u1EDDng/\u0110\u1EB7c khu; for producers enterprise, cooperative, cooperative_group or household (Vietnamese names accepted).",
  "imports.col.level": "Level: province or commune.",
  "imports.col.parent_code": "Province code of a commune (required for communes).",
  "imports.col.tax_code": "Tax code: 10 digits or NNNNNNNNNN-NNN (optional for household businesses).",
  "imports.col.commune_code": "5-digit code of the producer's commune.",
  "imports.col.address": "Address.",
  "imports.col.representative": "Legal representative.",
  "imports.col.phone": "Vietnamese phone number.",
  "imports.col.email": "E-mail address.",
  "imports.col.founded_year": "Year founded (4 digits).",
  "imports.col.members": "Number of members / workers.",
  "imports.col.women_led": "Led by a woman: yes / no.",
  "imports.col.ethnic_minority_led": "Led by an ethnic-minority person: yes / no.",
  "imports.col.producer_tax_code": "Producer's tax code (or use producer name + commune code).",
  "imports.col.producer_name": "Producer name.",
  "imports.col.product_name": "Product name.",
  "imports.col.product_set": "Product set of Decision 148/Q\u0110-TTg: code (1\u201326) or name.",
  "imports.col.description": "Product description.",
  "imports.col.gtin": "GTIN-13 barcode (13 digits with check digit).",
  "imports.col.producer_kind": "Producer kind: enterprise, cooperative, cooperative_group, household (or doanh nghi\u1EC7p, h\u1EE3p t\xE1c x\xE3, t\u1ED5 h\u1EE3p t\xE1c, h\u1ED9 kinh doanh).",
  "imports.col.stars": "Stars: 3, 4 or 5.",
  "imports.col.decision_number": "Recognition decision number, e.g. 1234/Q\u0110-UBND.",
  "imports.col.decision_date": "Decision date: YYYY-MM-DD or dd/mm/yyyy.",
  "imports.col.certificate_number": "Certificate number (leave empty to have one generated).",
  "imports.col.potential_five_star": "Potential five-star: yes / no (4-star products only).",
  "imports.err.required": "a required value is missing",
  "imports.err.tooLong": "too long (at most {max} characters)",
  "imports.err.unknownCommune": 'no commune with code "{code}"',
  "imports.err.unknownProvince": 'no province with code "{code}"',
  "imports.err.taxCodeFormat": "a tax code has 10 digits or the form NNNNNNNNNN-NNN",
  "imports.err.taxCodeChecksum": "the tax code check digit does not match",
  "imports.err.gtinFormat": "a GTIN has 13 digits",
  "imports.err.gtinChecksum": "the GTIN check digit does not match",
  "imports.err.gtinTaken": "GTIN {gtin} is already used by another product",
  "imports.err.unknownProductSet": 'no product set "{value}" in classification {classification}',
  "imports.err.stars": "stars must be 3, 4 or 5",
  "imports.err.date": "not a date; use YYYY-MM-DD or dd/mm/yyyy",
  "imports.err.futureDate": "the date is in the future",
  "imports.err.boolean": "use yes / no (c\xF3 / kh\xF4ng)",
  "imports.err.producerKind": "unknown producer kind; use enterprise, cooperative, cooperative_group or household",
  "imports.err.phone": "not a Vietnamese phone number",
  "imports.err.email": "not a valid e-mail address",
  "imports.err.year": "not a valid year (1900 \u2013 this year)",
  "imports.err.integer": "must be a whole number, 0 or more",
  "imports.err.duplicateRow": "duplicate of row {row}",
  "imports.err.duplicateCertNumber": "certificate number also used in row {row}",
  "imports.err.certNumberExists": "certificate number {number} already exists",
  "imports.err.alreadyCertifiedOn": "this product already has a certificate issued on {date}",
  "imports.err.potentialNeeds4": "only 4-star products can be proposed as potential five-star",
  "imports.err.outsideArea": "outside your area",
  "imports.err.producerNotFound": "no such producer (by tax code, or by name + commune code)",
  "imports.err.producerRef": "give the producer tax code, or the producer name and commune code",
  "imports.err.nameTaken": "a producer with this name in this commune has tax code {taxCode}",
  "imports.err.taxCodeMismatch": "the producer with this name in this commune has tax code {taxCode}",
  "imports.err.taxCodeInFile": "this tax code belongs to another producer in row {row}",
  "imports.err.seqExhausted": "no generated certificate numbers left for province {province} in {year}",
  "imports.err.level": "level must be province or commune",
  "imports.err.areaCode": "a province code has 2 digits, a commune code 5",
  "imports.err.unknownParent": 'no province with code "{code}"',
  "imports.err.parentForProvince": "a province has no parent code",
  "imports.err.levelChange": "the level of an existing unit cannot change",
  "imports.err.tooManyErrors": "too many errors; only the first {max} are listed",
  "imports.file.too_large": "the file is too large (at most {mb} MB)",
  "imports.file.unsupported_type": "unsupported file type; use CSV UTF-8 or Excel .xlsx",
  "imports.file.old_xls": "Excel 97\u20132003 (.xls) files are not supported; save as .xlsx or CSV UTF-8",
  "imports.file.utf16": 'the file is not UTF-8 (it is UTF-16 / Unicode Text); save it as "CSV UTF-8"',
  "imports.file.not_utf8": 'the file is not UTF-8 (perhaps Windows-1258 or TCVN3 from an old Excel); save it as "CSV UTF-8 (Comma delimited)"',
  "imports.file.unreadable": "the Excel file cannot be read; open it and save it again as .xlsx",
  "imports.file.malformed_csv": "malformed CSV: {detail}",
  "imports.file.empty": "the file is empty",
  "imports.file.header_only": "the file has a header row but no data rows",
  "imports.file.too_many_rows": "the file has too many rows (at most {max})",
  "imports.file.missing_column": 'required column "{column}" ({vi}) is missing',
  "imports.file.unknown_column": 'unsupported column "{column}"',
  "imports.file.duplicate_column": 'column "{column}" appears more than once',
  "imports.file.producer_columns": "needs a producer_tax_code column, or both producer_name and commune_code columns",
  "imports.criteriaLater": "Criteria import is not available yet: it arrives with the evaluation capability.",
  "imports.areasAdminOnly": "Only national administrators may import administrative units.",
  "imports.forbidden": "Your role may not import data.",
  "imports.conflict": "The data was changed by another operation; nothing was imported. Please import again.",
  "imports.failedSummary": "{count} errors in {rows} rows; nothing was imported",
  "imports.noExport": "There is no export for this kind of data.",
  "imports.noTemplate": "There is no template for this kind of data yet."
};
var importMessages = { vi: vi4, en: en4 };

// src/web/i18n/index.ts
var bundles = [common, identityMessages, registryMessages, importMessages];
var dictionaries = {
  vi: Object.assign({}, ...bundles.map((b) => b.vi)),
  en: Object.assign({}, ...bundles.map((b) => b.en))
};
function t(locale, key, params) {
  const template = dictionaries[locale][key] ?? dictionaries.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) => name in params ? String(params[name]) : m);
}
function tDynamic(locale, key, fallback) {
  return dictionaries[locale][key] ?? dictionaries.vi[key] ?? fallback;
}
function isLocale(v) {
  return v === "vi" || v === "en";
}
var translator = (locale) => (key, params) => t(locale, key, params);

// src/web/auth.plugin.ts
var SESSION_COOKIE = "ocop_sid";
var PRE_CSRF_COOKIE = "ocop_pre";
var LANG_COOKIE = "lang";
var UNSAFE = /* @__PURE__ */ new Set(["POST", "PUT", "PATCH", "DELETE"]);
function isSecureRequest(req, deps) {
  const setting = deps.env.COOKIE_SECURE;
  return setting === "true" || setting === "auto" && req.protocol === "https";
}
function pickLocale(req, reply) {
  const q = req.query?.lang;
  if (isLocale(q)) {
    reply.setCookie(LANG_COOKIE, q, { path: "/", sameSite: "lax", maxAge: 31536e3 });
    return q;
  }
  const c = req.cookies[LANG_COOKIE];
  return isLocale(c) ? c : "vi";
}
function registerAuth(app, deps) {
  app.decorateRequest("ctx", null);
  app.decorateRequest("authVia", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("sessionToken", null);
  app.addHook("onRequest", async (req, reply) => {
    const ctx = makeCtx(deps, { requestId: String(req.id), locale: pickLocale(req, reply) });
    req.ctx = ctx;
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
      const actor = await resolveApiToken(ctx, auth.slice(7).trim());
      if (!actor) throw new AppError("unauthenticated", "invalid or revoked token");
      ctx.actor = actor;
      req.authVia = "token";
    } else {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid && sid.length < 200) {
        const found = await resolveSession(ctx, sid);
        if (found) {
          ctx.actor = found.actor;
          req.authVia = "session";
          req.csrfToken = found.csrfToken;
          req.sessionToken = sid;
        }
      }
    }
    const access = req.routeOptions.config?.access ?? "user";
    if (!req.routeOptions.url) return;
    if (access === "public") return;
    if (!ctx.actor) throw new AppError("unauthenticated", "authentication required");
    if (access !== "user" && !access.includes(ctx.actor.role)) {
      throw new AppError("forbidden", "your role may not use this route");
    }
  });
  app.addHook("preHandler", async (req) => {
    if (!UNSAFE.has(req.method)) return;
    const body = req.body;
    const given = req.headers["x-csrf-token"] ?? (typeof body?._csrf === "string" ? body._csrf : void 0);
    if (req.authVia === "session") {
      if (typeof given !== "string" || !req.csrfToken || !safeEqual(given, req.csrfToken)) {
        throw new AppError("csrf_failed", "missing or wrong CSRF token");
      }
      return;
    }
    if (req.authVia === "token") return;
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      if (req.url.startsWith("/api/")) throw new AppError("unsupported_media_type", "the API takes JSON");
      const cookie2 = req.cookies[PRE_CSRF_COOKIE];
      if (typeof given !== "string" || !cookie2 || !safeEqual(given, cookie2)) {
        throw new AppError("csrf_failed", "missing or wrong CSRF token");
      }
    }
  });
}
function preSessionCsrf(req, reply, deps) {
  let token = req.cookies[PRE_CSRF_COOKIE];
  if (!token || token.length > 100) {
    token = randomToken(24);
    reply.setCookie(PRE_CSRF_COOKIE, token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: isSecureRequest(req, deps)
    });
  }
  return token;
}

// src/web/assets.ts
import { createHash as createHash3 } from "node:crypto";
import { existsSync as existsSync2, readFileSync as readFileSync2 } from "node:fs";
import { join as join4 } from "node:path";
var versions = /* @__PURE__ */ new Map();
function assetUrl(name) {
  let v = versions.get(name);
  if (v === void 0) {
    const file = join4(PUBLIC_DIR, name);
    v = existsSync2(file) ? createHash3("sha256").update(readFileSync2(file)).digest("hex").slice(0, 10) : "0";
    versions.set(name, v);
  }
  return `/static/${name}?v=${v}`;
}

// src/web/components/ui-locale.ts
import { createContext } from "preact";
import { useContext } from "preact/hooks";
var LocaleContext = createContext("vi");
function useUiText() {
  const locale = useContext(LocaleContext);
  return { locale, t: translator(locale) };
}

// src/web/components/layout.tsx
import { jsx, jsxs } from "preact/jsx-runtime";
var OFFICERS = ["national_admin", "province_officer", "commune_officer", "inspector", "council_member"];
var NAV = [
  { href: "/admin", key: "nav.dashboard" },
  { href: "/admin/producers", key: "nav.producers", roles: [...OFFICERS, "producer"] },
  { href: "/admin/products", key: "nav.products", roles: [...OFFICERS, "producer"] },
  { href: "/admin/areas", key: "nav.areas", roles: OFFICERS },
  { href: "/admin/imports", key: "nav.imports", roles: ["national_admin", "province_officer"] },
  { href: "/admin/audit", key: "nav.audit", roles: ["national_admin", "province_officer"] }
];
function langSwitchHref(url, locale) {
  const [path, query = ""] = url.split("?");
  const params = new URLSearchParams(query);
  params.set("lang", locale === "vi" ? "en" : "vi");
  return `${path}?${params.toString()}`;
}
function Layout({ view, title, children, active, variant = "admin" }) {
  const { t: t2, actor } = view;
  const items = actor ? NAV.filter((n) => !n.roles || n.roles.includes(actor.role)) : [];
  const other = view.locale === "vi" ? "en" : "vi";
  return /* @__PURE__ */ jsxs("html", { lang: view.locale, children: [
    /* @__PURE__ */ jsxs("head", { children: [
      /* @__PURE__ */ jsx("meta", { charSet: "utf-8" }),
      /* @__PURE__ */ jsx("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      /* @__PURE__ */ jsx("meta", { name: "color-scheme", content: "light" }),
      /* @__PURE__ */ jsx("meta", { name: "theme-color", content: "#0b5d3b" }),
      /* @__PURE__ */ jsx("title", { children: `${title} \xB7 ${t2("app.name")}` }),
      /* @__PURE__ */ jsx("link", { rel: "stylesheet", href: assetUrl("app.css") }),
      /* @__PURE__ */ jsx("link", { rel: "icon", href: assetUrl("favicon.svg"), type: "image/svg+xml" }),
      /* @__PURE__ */ jsx("script", { type: "module", src: assetUrl("app.js"), defer: true })
    ] }),
    /* @__PURE__ */ jsx("body", { class: `layout-${variant}`, children: /* @__PURE__ */ jsxs(LocaleContext.Provider, { value: view.locale, children: [
      /* @__PURE__ */ jsx("a", { class: "skip-link", href: "#main", children: t2("nav.skip") }),
      /* @__PURE__ */ jsxs("header", { class: "site-header", children: [
        /* @__PURE__ */ jsxs("div", { class: "container header-row", children: [
          /* @__PURE__ */ jsxs("a", { class: "brand", href: actor ? "/admin" : "/", children: [
            /* @__PURE__ */ jsx("span", { class: "brand-mark", "aria-hidden": "true", children: "OCOP" }),
            /* @__PURE__ */ jsxs("span", { class: "brand-text", children: [
              /* @__PURE__ */ jsx("strong", { class: "brand-name", children: t2("app.name") }),
              /* @__PURE__ */ jsx("span", { class: "brand-tagline", children: t2("app.tagline") })
            ] })
          ] }),
          /* @__PURE__ */ jsxs("div", { class: "header-tools", children: [
            /* @__PURE__ */ jsx("a", { class: "lang-switch", href: langSwitchHref(view.url, view.locale), hreflang: other, lang: other, children: t2("nav.language") }),
            actor ? /* @__PURE__ */ jsxs("form", { method: "post", action: "/logout", class: "inline-form header-account", children: [
              /* @__PURE__ */ jsx("input", { type: "hidden", name: "_csrf", value: view.csrfToken ?? "" }),
              /* @__PURE__ */ jsxs("span", { class: "who", children: [
                /* @__PURE__ */ jsx("span", { class: "who-name", children: actor.displayName }),
                /* @__PURE__ */ jsx("span", { class: "who-role", children: t2(`role.${actor.role}`) })
              ] }),
              /* @__PURE__ */ jsx("button", { type: "submit", class: "btn btn-ghost btn-sm", children: t2("nav.logout") })
            ] }) : /* @__PURE__ */ jsx("a", { class: "btn btn-ghost btn-sm", href: `/login?next=${encodeURIComponent(view.url)}`, children: t2("nav.login") })
          ] })
        ] }),
        items.length > 0 && /* @__PURE__ */ jsx("nav", { class: "main-nav", "aria-label": t2("nav.menu"), children: /* @__PURE__ */ jsx("ul", { class: "container", "data-module": "nav-scroll", children: items.map((n) => /* @__PURE__ */ jsx("li", { children: /* @__PURE__ */ jsx("a", { href: n.href, "aria-current": active === n.href ? "page" : void 0, children: t2(n.key) }) })) }) })
      ] }),
      /* @__PURE__ */ jsx("main", { id: "main", class: "container site-main", tabIndex: -1, children }),
      /* @__PURE__ */ jsx("footer", { class: "site-footer", children: /* @__PURE__ */ jsxs("div", { class: "container footer-row", children: [
        /* @__PURE__ */ jsxs("p", { class: "footer-brand", children: [
          /* @__PURE__ */ jsx("span", { class: "brand-mark brand-mark--small", "aria-hidden": "true", children: "OCOP" }),
          /* @__PURE__ */ jsx("span", { children: t2("footer.note") })
        ] }),
        /* @__PURE__ */ jsxs("ul", { class: "footer-links", children: [
          /* @__PURE__ */ jsx("li", { children: /* @__PURE__ */ jsx("a", { href: "/api/docs", children: t2("nav.apiDocs") }) }),
          /* @__PURE__ */ jsx("li", { children: /* @__PURE__ */ jsx("a", { href: langSwitchHref(view.url, view.locale), hreflang: other, lang: other, children: t2("nav.language") }) })
        ] })
      ] }) })
    ] }) })
  ] });
}

// src/web/render.ts
import { renderToString } from "preact-render-to-string";
function renderPage(node) {
  return "<!doctype html>" + renderToString(node);
}
function sendPage(reply, node, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(renderPage(node));
}

// src/web/view.ts
function viewOf(req) {
  return {
    locale: req.ctx.locale,
    t: translator(req.ctx.locale),
    actor: req.ctx.actor,
    csrfToken: req.csrfToken,
    url: req.url
  };
}

// src/web/error-page.tsx
import { jsx as jsx2, jsxs as jsxs2 } from "preact/jsx-runtime";
function renderErrorPage(req, reply, status, code, fields) {
  const view = viewOf(req);
  const message = tDynamic(view.locale, `errors.${code}`, code).replace("{requestId}", String(req.id));
  return sendPage(reply, /* @__PURE__ */ jsx2(Layout, { view, title: view.t("errors.title"), children: /* @__PURE__ */ jsxs2("section", { class: "error-page", role: "alert", children: [
    /* @__PURE__ */ jsx2("p", { class: "error-status", children: status }),
    /* @__PURE__ */ jsx2("h1", { children: view.t("errors.title") }),
    /* @__PURE__ */ jsx2("p", { children: message }),
    fields && /* @__PURE__ */ jsx2("ul", { children: Object.entries(fields).map(([k, v]) => /* @__PURE__ */ jsxs2("li", { children: [
      /* @__PURE__ */ jsx2("code", { children: k }),
      ": ",
      v
    ] })) }),
    /* @__PURE__ */ jsx2("p", { children: /* @__PURE__ */ jsx2("a", { href: view.actor ? "/admin" : "/", children: view.t("nav.home") }) })
  ] }) }), status);
}

// src/modules/ops/ops.routes.ts
import { Registry, collectDefaultMetrics, Histogram, Counter } from "prom-client";
import { z as z2 } from "zod";
function registerOps(app, deps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [1e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  });
  const errors3 = new Counter({
    name: "http_server_errors_total",
    help: "Responses with status >= 500",
    registers: [registry]
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1e3);
    if (reply.statusCode >= 500) errors3.inc();
  });
  app.get("/healthz", {
    config: { access: "public", rateLimit: false },
    schema: { hide: true, response: { 200: z2.object({ status: z2.literal("ok") }) } }
  }, async () => ({ status: "ok" }));
  app.get("/readyz", {
    config: { access: "public", rateLimit: false },
    schema: { hide: true }
  }, async (_req, reply) => {
    try {
      await ping(deps.database.db);
      return { status: "ready", database: deps.database.engine };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: deps.database.engine });
    }
  });
  app.get("/metrics", {
    config: { access: "public", rateLimit: false },
    schema: { hide: true }
  }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

// src/modules/identity/identity.routes.tsx
import { z as z4 } from "zod";

// src/web/components/form.tsx
import { jsx as jsx3, jsxs as jsxs3 } from "preact/jsx-runtime";
function fieldId(name) {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
function describedBy(...ids) {
  const list = ids.filter((x) => typeof x === "string" && x.length > 0);
  return list.length ? list.join(" ") : void 0;
}
function CsrfField({ token }) {
  if (!token) return null;
  return /* @__PURE__ */ jsx3("input", { type: "hidden", name: "_csrf", value: token });
}
function ErrorSummary({ errors: errors3, labels, title, focusOnLoad = true }) {
  const entries = Object.entries(errors3);
  if (entries.length === 0) return null;
  return /* @__PURE__ */ jsxs3(
    "div",
    {
      class: "error-summary",
      role: "alert",
      tabIndex: -1,
      "data-module": focusOnLoad ? "error-summary" : void 0,
      children: [
        /* @__PURE__ */ jsx3("h2", { class: "error-summary-title", children: title }),
        /* @__PURE__ */ jsx3("ul", { class: "error-summary-list", children: entries.map(([name, message]) => /* @__PURE__ */ jsx3("li", { children: /* @__PURE__ */ jsx3("a", { href: `#${fieldId(name)}`, children: labels?.[name] ? `${labels[name]}: ${message}` : message }) }, name)) })
      ]
    }
  );
}
function FieldError({ id, error }) {
  const { t: t2 } = useUiText();
  return /* @__PURE__ */ jsxs3("p", { class: "field-error-message", id: `${id}-error`, children: [
    /* @__PURE__ */ jsx3("span", { class: "visually-hidden", children: `${t2("form.errorPrefix")}: ` }),
    error
  ] });
}
function FieldShell({ id, label, hint, error, optionalLabel, required, children, className }) {
  const classes = ["field", error ? "field--error" : "", className ?? ""].filter(Boolean).join(" ");
  return /* @__PURE__ */ jsxs3("div", { class: classes, children: [
    /* @__PURE__ */ jsxs3("label", { class: "field-label", for: id, children: [
      label,
      !required && optionalLabel ? /* @__PURE__ */ jsxs3("span", { class: "field-optional", children: [
        " (",
        optionalLabel,
        ")"
      ] }) : null
    ] }),
    hint ? /* @__PURE__ */ jsx3("p", { class: "field-hint", id: `${id}-hint`, children: hint }) : null,
    error ? /* @__PURE__ */ jsx3(FieldError, { id, error }) : null,
    children
  ] });
}
function TextField(p) {
  const id = fieldId(p.name);
  const classes = ["input", p.width ? `input--${p.width}` : "", p.error ? "input--error" : ""].filter(Boolean).join(" ");
  return /* @__PURE__ */ jsx3(FieldShell, { id, label: p.label, hint: p.hint, error: p.error, optionalLabel: p.optionalLabel, required: p.required, children: /* @__PURE__ */ jsx3(
    "input",
    {
      class: classes,
      id,
      name: p.name,
      type: p.type ?? "text",
      value: p.value ?? void 0,
      required: p.required || void 0,
      autocomplete: p.autocomplete,
      inputMode: p.inputMode,
      maxLength: p.maxLength,
      placeholder: p.placeholder,
      spellcheck: p.spellcheck,
      "aria-invalid": p.error ? "true" : void 0,
      "aria-describedby": describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`)
    }
  ) });
}
function TextArea(p) {
  const id = fieldId(p.name);
  return /* @__PURE__ */ jsx3(FieldShell, { id, label: p.label, hint: p.hint, error: p.error, optionalLabel: p.optionalLabel, required: p.required, children: /* @__PURE__ */ jsx3(
    "textarea",
    {
      class: p.error ? "textarea input--error" : "textarea",
      id,
      name: p.name,
      rows: p.rows ?? 5,
      required: p.required || void 0,
      maxLength: p.maxLength,
      "aria-invalid": p.error ? "true" : void 0,
      "aria-describedby": describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`),
      children: p.value ?? ""
    }
  ) });
}
function SelectField(p) {
  const id = fieldId(p.name);
  const current = p.value ?? "";
  const classes = ["select", p.width ? `input--${p.width}` : "", p.error ? "input--error" : ""].filter(Boolean).join(" ");
  return /* @__PURE__ */ jsx3(FieldShell, { id, label: p.label, hint: p.hint, error: p.error, optionalLabel: p.optionalLabel, required: p.required, children: /* @__PURE__ */ jsxs3(
    "select",
    {
      class: classes,
      id,
      name: p.name,
      required: p.required || void 0,
      "data-module": p.autoSubmit ? "autosubmit" : void 0,
      "aria-invalid": p.error ? "true" : void 0,
      "aria-describedby": describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`),
      children: [
        p.placeholder !== void 0 ? /* @__PURE__ */ jsx3("option", { value: "", selected: current === "", children: p.placeholder }) : null,
        p.options.map((o) => /* @__PURE__ */ jsx3("option", { value: o.value, selected: o.value === current, children: o.label }, o.value))
      ]
    }
  ) });
}
function Checkbox({ name, label, checked, hint, error }) {
  const id = fieldId(name);
  return /* @__PURE__ */ jsxs3("div", { class: error ? "field field--error checkbox" : "field checkbox", children: [
    error ? /* @__PURE__ */ jsx3(FieldError, { id, error }) : null,
    /* @__PURE__ */ jsxs3("div", { class: "checkbox-row", children: [
      /* @__PURE__ */ jsx3(
        "input",
        {
          class: "checkbox-input",
          type: "checkbox",
          id,
          name,
          value: "on",
          checked: checked || void 0,
          "aria-invalid": error ? "true" : void 0,
          "aria-describedby": describedBy(hint && `${id}-hint`, error && `${id}-error`)
        }
      ),
      /* @__PURE__ */ jsx3("label", { class: "checkbox-label", for: id, children: label })
    ] }),
    hint ? /* @__PURE__ */ jsx3("p", { class: "field-hint checkbox-hint", id: `${id}-hint`, children: hint }) : null
  ] });
}
function FileField(p) {
  const { t: t2 } = useUiText();
  const id = fieldId(p.name);
  return /* @__PURE__ */ jsxs3(FieldShell, { id, label: p.label, hint: p.hint, error: p.error, optionalLabel: p.optionalLabel, required: p.required, className: "field--file", children: [
    /* @__PURE__ */ jsx3(
      "input",
      {
        class: p.error ? "file-input input--error" : "file-input",
        type: "file",
        id,
        name: p.name,
        accept: p.accept,
        multiple: p.multiple || void 0,
        required: p.required || void 0,
        "aria-invalid": p.error ? "true" : void 0,
        "aria-describedby": describedBy(p.hint && `${id}-hint`, p.error && `${id}-error`),
        "data-module": "file-size",
        "data-max-bytes": p.maxBytes !== void 0 ? String(p.maxBytes) : void 0,
        "data-msg-selected": t2("file.selected"),
        "data-msg-too-large": t2("file.tooLarge")
      }
    ),
    /* @__PURE__ */ jsx3("p", { class: "file-status", id: `${id}-status`, "aria-live": "polite" })
  ] });
}
function SubmitRow({ children }) {
  return /* @__PURE__ */ jsx3("div", { class: "submit-row", children });
}

// src/modules/identity/login.page.tsx
import { jsx as jsx4, jsxs as jsxs4 } from "preact/jsx-runtime";
function LoginPage({ view, next, username, error }) {
  const { t: t2 } = view;
  const message = error === "account_locked" ? t2("errors.account_locked") : error ? t2("errors.invalid_credentials") : null;
  return /* @__PURE__ */ jsx4(Layout, { view, title: t2("login.title"), variant: "public", children: /* @__PURE__ */ jsxs4("div", { class: "auth-card", children: [
    /* @__PURE__ */ jsx4("h1", { children: t2("login.title") }),
    message && /* @__PURE__ */ jsx4(ErrorSummary, { title: t2("form.errorSummary"), errors: { username: message } }),
    /* @__PURE__ */ jsxs4("form", { method: "post", action: "/login", novalidate: true, children: [
      /* @__PURE__ */ jsx4(CsrfField, { token: view.csrfToken }),
      /* @__PURE__ */ jsx4("input", { type: "hidden", name: "next", value: next }),
      /* @__PURE__ */ jsx4(TextField, { name: "username", label: t2("login.username"), value: username ?? "", autocomplete: "username", required: true, spellcheck: false, error: message ?? void 0 }),
      /* @__PURE__ */ jsx4(TextField, { name: "password", label: t2("login.password"), type: "password", autocomplete: "current-password", required: true }),
      /* @__PURE__ */ jsx4(SubmitRow, { children: /* @__PURE__ */ jsx4("button", { type: "submit", class: "btn btn-primary", children: t2("login.submit") }) })
    ] })
  ] }) });
}

// src/modules/identity/audit.routes.tsx
import { z as z3 } from "zod";
import { and as and5, desc as desc2, eq as eq5, sql as sql9 } from "drizzle-orm";

// src/web/components/table.tsx
import { jsx as jsx5, jsxs as jsxs5 } from "preact/jsx-runtime";
function DataTable({ caption, columns: columns3, rows: rows2, empty, rowKey, captionHidden }) {
  const cellClass = (c) => [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || void 0;
  return /* @__PURE__ */ jsx5("div", { class: "table-wrap", children: /* @__PURE__ */ jsxs5("table", { class: "data-table", children: [
    /* @__PURE__ */ jsx5("caption", { class: captionHidden ? "visually-hidden" : "table-caption", children: caption }),
    /* @__PURE__ */ jsx5("thead", { children: /* @__PURE__ */ jsx5("tr", { children: columns3.map((c) => /* @__PURE__ */ jsx5("th", { scope: "col", class: cellClass(c), children: c.label }, c.key)) }) }),
    /* @__PURE__ */ jsx5("tbody", { children: rows2.length === 0 ? /* @__PURE__ */ jsx5("tr", { class: "table-empty-row", children: /* @__PURE__ */ jsx5("td", { colSpan: columns3.length, class: "table-empty", children: empty }) }) : rows2.map((row, i) => /* @__PURE__ */ jsx5("tr", { children: columns3.map((c) => /* @__PURE__ */ jsx5("td", { class: cellClass(c), "data-label": c.label, children: c.render(row) }, c.key)) }, rowKey ? rowKey(row) : i)) })
  ] }) });
}

// src/web/components/pagination.tsx
import { jsx as jsx6, jsxs as jsxs6 } from "preact/jsx-runtime";
function pageWindow(page2, pages2, radius = 1) {
  const out = [];
  for (let p = 1; p <= pages2; p++) {
    if (p === 1 || p === pages2 || Math.abs(p - page2) <= radius) out.push(p);
    else if (out[out.length - 1] !== 0) out.push(0);
  }
  return out;
}
function Pagination({ page: page2, pageSize, total, href, labels }) {
  const { t: t2 } = useUiText();
  const pages2 = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages2 <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(page2) || 1), pages2);
  return /* @__PURE__ */ jsxs6("nav", { class: "pagination", "aria-label": labels.nav ?? t2("pagination.label"), children: [
    current > 1 ? /* @__PURE__ */ jsxs6("a", { class: "pagination-link pagination-prev", href: href(current - 1), rel: "prev", children: [
      /* @__PURE__ */ jsx6("span", { "aria-hidden": "true", children: "\u2039 " }),
      labels.prev
    ] }) : null,
    /* @__PURE__ */ jsx6("p", { class: "pagination-status", children: labels.page(current, pages2) }),
    /* @__PURE__ */ jsx6("ul", { class: "pagination-list", children: pageWindow(current, pages2).map((p, i) => p === 0 ? /* @__PURE__ */ jsx6("li", { class: "pagination-gap", "aria-hidden": "true", children: "\u2026" }, `gap-${i}`) : p === current ? /* @__PURE__ */ jsx6("li", { children: /* @__PURE__ */ jsx6("a", { class: "pagination-number is-current", href: href(p), "aria-current": "page", "aria-label": t2("pagination.current", { page: p }), children: p }) }, p) : /* @__PURE__ */ jsx6("li", { children: /* @__PURE__ */ jsx6("a", { class: "pagination-number", href: href(p), "aria-label": t2("pagination.page", { page: p }), children: p }) }, p)) }),
    current < pages2 ? /* @__PURE__ */ jsxs6("a", { class: "pagination-link pagination-next", href: href(current + 1), rel: "next", children: [
      labels.next,
      /* @__PURE__ */ jsx6("span", { "aria-hidden": "true", children: " \u203A" })
    ] }) : null
  ] });
}

// src/domain/dates.ts
var MIN_INPUT_YEAR = 1900;
var MAX_INPUT_YEAR = 2100;
var VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1e3;
var DAY_MS = 24 * 60 * 60 * 1e3;
function isLeapYear(y) {
  return y % 4 === 0 && y % 100 !== 0 || y % 400 === 0;
}
function daysInMonth(y, m) {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}
function isRealDate({ y, m, d }) {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}
function toIso({ y, m, d }) {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}
function parseIso(date3) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date3);
  if (!match) return null;
  const ymd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  return isRealDate(ymd) ? ymd : null;
}
function requireIso(date3, fn) {
  const ymd = parseIso(date3);
  if (!ymd) throw new RangeError(`${fn}: not a valid YYYY-MM-DD date: "${date3}"`);
  return ymd;
}
function isIsoDate(s) {
  return parseIso(s) !== null;
}
function parseDateInput(input) {
  const s = input.trim();
  let ymd = parseIso(s);
  if (!ymd) {
    const match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
    if (!match) return null;
    const candidate = { y: Number(match[4]), m: Number(match[3]), d: Number(match[1]) };
    ymd = isRealDate(candidate) ? candidate : null;
  }
  if (!ymd || ymd.y < MIN_INPUT_YEAR || ymd.y > MAX_INPUT_YEAR) return null;
  return toIso(ymd);
}
function addMonths(date3, months) {
  const { y, m, d } = requireIso(date3, "addMonths");
  if (!Number.isSafeInteger(months)) {
    throw new RangeError(`addMonths: months must be an integer, got ${months}`);
  }
  const index4 = y * 12 + (m - 1) + months;
  const ny = Math.floor(index4 / 12);
  const nm = index4 - ny * 12 + 1;
  if (ny < 0 || ny > 9999) throw new RangeError(`addMonths: result out of range for ${date3} + ${months}`);
  return toIso({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}
function formatDateVi(date3) {
  const { y, m, d } = requireIso(date3, "formatDateVi");
  return `${pad(d)}/${pad(m)}/${pad(y, 4)}`;
}
function vietnamParts(ts, fn) {
  const ms = ts.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${fn}: invalid Date`);
  return new Date(ms + VIETNAM_OFFSET_MS);
}
function todayInVietnam(now = /* @__PURE__ */ new Date()) {
  const v = vietnamParts(now, "todayInVietnam");
  return toIso({ y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, d: v.getUTCDate() });
}
function formatDateTimeVi(ts) {
  const v = vietnamParts(ts, "formatDateTimeVi");
  const date3 = formatDateVi(todayInVietnam(ts));
  return `${date3} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
}
var EXCEL_MAX_SERIAL = 2958465;
function excelSerialToDate(serial) {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (whole < 1 || whole === 60 || whole > EXCEL_MAX_SERIAL) return null;
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const t2 = new Date(epoch + whole * DAY_MS);
  return toIso({ y: t2.getUTCFullYear(), m: t2.getUTCMonth() + 1, d: t2.getUTCDate() });
}

// src/modules/identity/audit.routes.tsx
import { jsx as jsx7, jsxs as jsxs7 } from "preact/jsx-runtime";
var AUDIT_ROLES = ["national_admin", "province_officer"];
var Query = z3.object({
  entityType: z3.string().max(40).optional(),
  entityId: z3.string().max(64).optional(),
  page: z3.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z3.coerce.number().int().min(1).max(100).default(50)
});
async function listAudit(ctx, q) {
  const actor = ctx.actor;
  if (!actor || !AUDIT_ROLES.includes(actor.role)) throw new AppError("forbidden", "not allowed");
  const where = and5(
    actor.role === "province_officer" ? eq5(auditLog.provinceCode, actor.areaCode ?? "") : void 0,
    q.entityType ? eq5(auditLog.entityType, q.entityType) : void 0,
    q.entityId ? eq5(auditLog.entityId, q.entityId) : void 0
  );
  const db = exec(ctx);
  const [items, [count2]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc2(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql9`count(*)::int` }).from(auditLog).where(where)
  ]);
  return { items, total: count2?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
function describeChange(before, after) {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [.../* @__PURE__ */ new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !["createdAt", "updatedAt", "id", "nameKey"].includes(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.slice(0, 6).map((k) => k in b ? `${k}: ${fmt(b[k])} \u2192 ${fmt(a[k])}` : `${k}: ${fmt(a[k])}`).join("; ");
}
var fmt = (v) => v === null || v === void 0 ? "\u2205" : String(typeof v === "object" ? JSON.stringify(v) : v).slice(0, 60);
function registerAuditRoutes(app) {
  app.get("/api/v1/audit", {
    config: { access: AUDIT_ROLES },
    schema: {
      tags: ["audit"],
      summary: "Audit log (who, when, what, before \u2192 after)",
      querystring: Query,
      response: {
        200: z3.object({
          items: z3.array(z3.object({
            id: z3.number(),
            at: z3.string(),
            actor: z3.string(),
            action: z3.string(),
            entityType: z3.string(),
            entityId: z3.string(),
            before: z3.unknown(),
            after: z3.unknown(),
            requestId: z3.string().nullable()
          })),
          total: z3.number(),
          page: z3.number(),
          pageSize: z3.number()
        })
      }
    }
  }, async (req) => {
    const r = await listAudit(req.ctx, req.query);
    return {
      ...r,
      items: r.items.map((i) => ({
        id: i.id,
        at: i.at.toISOString(),
        actor: i.actorLabel,
        action: i.action,
        entityType: i.entityType,
        entityId: i.entityId,
        before: i.before,
        after: i.after,
        requestId: i.requestId
      }))
    };
  });
  app.get("/admin/audit", { config: { access: AUDIT_ROLES }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
    requireActor(req);
    const view = viewOf(req);
    const { t: t2 } = view;
    const r = await listAudit(req.ctx, req.query);
    return sendPage(reply, /* @__PURE__ */ jsxs7(Layout, { view, title: t2("audit.title"), active: "/admin/audit", children: [
      /* @__PURE__ */ jsx7("h1", { children: t2("audit.title") }),
      /* @__PURE__ */ jsx7(
        DataTable,
        {
          caption: t2("audit.title"),
          captionHidden: true,
          rows: r.items,
          empty: t2("common.empty"),
          columns: [
            { key: "at", label: t2("audit.at"), render: (i) => formatDateTimeVi(i.at) },
            { key: "actor", label: t2("audit.actor"), render: (i) => i.actorLabel },
            { key: "action", label: t2("audit.action"), render: (i) => /* @__PURE__ */ jsx7("code", { children: i.action }) },
            { key: "entity", label: t2("audit.entity"), render: (i) => `${i.entityType} ${i.entityId.slice(0, 8)}` },
            { key: "change", label: t2("audit.change"), render: (i) => describeChange(i.before, i.after) }
          ]
        }
      ),
      /* @__PURE__ */ jsx7(
        Pagination,
        {
          page: r.page,
          pageSize: r.pageSize,
          total: r.total,
          href: (p) => `/admin/audit?page=${p}`,
          labels: { prev: t2("common.prev"), next: t2("common.next"), page: (p, n) => t2("common.page", { page: p, pages: n }) }
        }
      )
    ] }));
  });
}

// src/modules/identity/identity.routes.tsx
import { jsx as jsx8 } from "preact/jsx-runtime";
var LOGIN_RATE_LIMIT = 10;
var loginRate = { rateLimit: { max: LOGIN_RATE_LIMIT, timeWindow: "1 minute" } };
var LoginBody = z4.object({ username: z4.string().min(1).max(64), password: z4.string().min(1).max(256) });
var ActorSchema = z4.object({
  userId: z4.string(),
  username: z4.string(),
  displayName: z4.string(),
  role: z4.string(),
  areaCode: z4.string().nullable(),
  provinceCode: z4.string().nullable(),
  producerId: z4.string().nullable()
});
function setSessionCookie(req, reply, deps, result) {
  reply.setCookie(SESSION_COOKIE, result.sessionToken, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(req, deps),
    expires: result.expiresAt
  });
}
var actorJson = (a) => ({
  userId: a.userId,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  areaCode: a.areaCode,
  provinceCode: a.provinceCode,
  producerId: a.producerId
});
function registerIdentityRoutes(app, deps) {
  app.post("/api/v1/auth/login", {
    config: { access: "public", ...loginRate },
    schema: {
      tags: ["auth"],
      summary: "Log in; sets the session cookie. Unsafe requests with the cookie need the returned csrfToken in x-csrf-token.",
      body: LoginBody,
      response: { 200: z4.object({ user: ActorSchema, csrfToken: z4.string(), expiresAt: z4.string() }) }
    }
  }, async (req, reply) => {
    const result = await login(req.ctx, req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers["user-agent"] });
    setSessionCookie(req, reply, deps, result);
    return { user: actorJson(result.actor), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
  });
  app.post("/api/v1/auth/logout", {
    schema: { tags: ["auth"], summary: "End the current session", response: { 204: z4.null() } }
  }, async (req, reply) => {
    if (req.sessionToken) await logout(req.ctx, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.code(204).send(null);
  });
  app.get("/api/v1/auth/me", {
    schema: { tags: ["auth"], summary: "The caller", response: { 200: z4.object({ user: ActorSchema }) } }
  }, async (req) => ({ user: actorJson(requireActor(req)) }));
  app.get("/login", {
    config: { access: "public" },
    schema: { hide: true, querystring: z4.object({ next: z4.string().max(2e3).optional() }) }
  }, async (req, reply) => {
    if (req.ctx.actor) return redirect(reply, safeNext(req.query.next, "/admin"));
    const view = { ...viewOf(req), csrfToken: preSessionCsrf(req, reply, deps) };
    return sendPage(reply, /* @__PURE__ */ jsx8(LoginPage, { view, next: safeNext(req.query.next, "/admin") }));
  });
  app.post("/login", {
    config: { access: "public", ...loginRate },
    schema: {
      hide: true,
      body: z4.object({ username: z4.string().max(200).default(""), password: z4.string().max(300).default(""), next: z4.string().max(2e3).optional(), _csrf: z4.string().optional() })
    }
  }, async (req, reply) => {
    const next = safeNext(req.body.next, "/admin");
    try {
      const result = await login(req.ctx, req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers["user-agent"] });
      setSessionCookie(req, reply, deps, result);
      return redirect(reply, next);
    } catch (e) {
      if (!(e instanceof AppError) || !["invalid_credentials", "account_locked"].includes(e.code)) throw e;
      const view = { ...viewOf(req), csrfToken: preSessionCsrf(req, reply, deps) };
      const status = e.code === "account_locked" ? 423 : 401;
      return sendPage(reply, /* @__PURE__ */ jsx8(LoginPage, { view, next, username: req.body.username, error: e.code }), status);
    }
  });
  app.post("/logout", { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await logout(req.ctx, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return redirect(reply, "/");
  });
  registerAuditRoutes(app);
}

// src/modules/registry/registry.routes.ts
import { z as z10 } from "zod";

// src/modules/registry/actor.ts
function requireActor2(ctx) {
  if (!ctx.actor) throw new AppError("unauthenticated", "authentication required");
  return ctx.actor;
}

// src/domain/tax-code.ts
var WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
function taxCodeCheckDigit(firstNine) {
  if (!/^\d{9}$/.test(firstNine)) {
    throw new RangeError(`taxCodeCheckDigit: expected 9 digits, got "${firstNine}"`);
  }
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstNine.charAt(i)), 0);
  const check = 10 - sum % 11;
  return check === 10 ? null : check;
}
function validateTaxCode(input) {
  const s = input.trim();
  const m = /^\d{10}(?:-?(\d{3}))?$/.exec(s);
  if (!m) return { ok: false, reason: "format" };
  const base = s.slice(0, 10);
  const suffix = m[1];
  if (suffix === "000") return { ok: false, reason: "format" };
  const check = taxCodeCheckDigit(base.slice(0, 9));
  if (check === null || check !== Number(base.charAt(9))) return { ok: false, reason: "checksum" };
  return suffix === void 0 ? { ok: true, value: base, branch: false } : { ok: true, value: `${base}-${suffix}`, branch: true };
}
function makeTaxCode(n) {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`makeTaxCode: seed must be a non-negative integer, got ${n}`);
  }
  const first8 = String(n % 1e8).padStart(8, "0");
  for (let ninth = 0; ninth <= 9; ninth++) {
    const firstNine = first8 + String(ninth);
    const check = taxCodeCheckDigit(firstNine);
    if (check !== null) return firstNine + String(check);
  }
  throw new Error("makeTaxCode: no valid check digit");
}

// src/domain/contact.ts
var MOBILE = /^0[35789]\d{8}$/;
var LANDLINE = /^02\d{9}$/;
function validateVnPhone(input) {
  const s = input.trim();
  if (!/^\+?[\d\s.()-]+$/.test(s)) return { ok: false };
  const digits = s.replace(/\D/g, "");
  let local;
  if (s.startsWith("+")) {
    if (!digits.startsWith("84")) return { ok: false };
    local = toDomestic(digits.slice(2));
  } else if (digits.startsWith("84") && digits.length >= 11) {
    local = toDomestic(digits.slice(2));
  } else {
    local = digits;
  }
  return MOBILE.test(local) || LANDLINE.test(local) ? { ok: true, value: local } : { ok: false };
}
function toDomestic(national) {
  return national.startsWith("0") ? national : "0" + national;
}
var EMAIL_MAX_LENGTH = 254;
var LOCAL_MAX_LENGTH = 64;
var FORBIDDEN = /[\s<>()[\]\\,;:"]/;
function validateEmail(input) {
  const s = input.trim();
  if (s.length === 0 || s.length > EMAIL_MAX_LENGTH || FORBIDDEN.test(s)) return { ok: false };
  const at = s.indexOf("@");
  if (at < 0 || s.includes("@", at + 1)) return { ok: false };
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length === 0 || local.length > LOCAL_MAX_LENGTH) return { ok: false };
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return { ok: false };
  const labels = domain.split(".");
  if (labels.length < 2) return { ok: false };
  for (const label of labels) {
    if (label.length === 0 || label.startsWith("-") || label.endsWith("-")) return { ok: false };
  }
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}

// src/modules/registry/registry.policy.ts
import { eq as eq6, sql as sql10 } from "drizzle-orm";
function can(actor, action, target) {
  switch (actor.role) {
    case "national_admin":
      return true;
    case "province_officer":
      return actor.areaCode === target.provinceCode;
    case "commune_officer":
      return actor.areaCode === target.communeCode;
    case "inspector":
    case "council_member":
      return action === "read" && inArea(actor, target);
    case "producer":
      return actor.producerId === target.producerId;
    default:
      return false;
  }
}
function inArea(actor, target) {
  return actor.areaCode === null || actor.areaCode === target.provinceCode || actor.areaCode === target.communeCode;
}
function canCreateProducerIn(actor, provinceCode, communeCode) {
  return actor.role === "national_admin" || actor.role === "province_officer" && actor.areaCode === provinceCode || actor.role === "commune_officer" && actor.areaCode === communeCode;
}
function canListRegistry(actor) {
  return actor.role !== "buyer";
}
function assertCan(actor, action, target, what) {
  if (!can(actor, action, target)) throw new AppError("not_found", `${what} not found`);
}
function scopeCondition(actor, cols) {
  switch (actor.role) {
    case "national_admin":
      return void 0;
    case "province_officer":
      return eq6(cols.province, actor.areaCode ?? "");
    case "commune_officer":
      return eq6(cols.commune, actor.areaCode ?? "");
    case "inspector":
    case "council_member":
      if (!actor.areaCode) return void 0;
      return actor.areaCode.length === 2 ? eq6(cols.province, actor.areaCode) : eq6(cols.commune, actor.areaCode);
    case "producer":
      return actor.producerId ? eq6(cols.producer, actor.producerId) : sql10`false`;
    default:
      return sql10`false`;
  }
}

// src/modules/registry/producer.schema.ts
import { z as z5 } from "zod";

// src/domain/producer-kind.ts
var PRODUCER_KINDS = ["enterprise", "cooperative", "cooperative_group", "household"];
var PRODUCER_KIND_LABELS = {
  enterprise: { vi: "Doanh nghi\u1EC7p", en: "Enterprise" },
  cooperative: { vi: "H\u1EE3p t\xE1c x\xE3", en: "Cooperative" },
  cooperative_group: { vi: "T\u1ED5 h\u1EE3p t\xE1c", en: "Cooperative group" },
  household: { vi: "H\u1ED9 kinh doanh", en: "Household business" }
};
var ALIASES = /* @__PURE__ */ new Map([
  ["enterprise", "enterprise"],
  ["dn", "enterprise"],
  ["doanh nghiep", "enterprise"],
  ["cong ty", "enterprise"],
  ["cty", "enterprise"],
  ["cong ty tnhh", "enterprise"],
  ["cong ty co phan", "enterprise"],
  ["doanh nghiep tu nhan", "enterprise"],
  ["cooperative", "cooperative"],
  ["htx", "cooperative"],
  ["hop tac xa", "cooperative"],
  ["cooperative group", "cooperative_group"],
  ["tht", "cooperative_group"],
  ["to hop tac", "cooperative_group"],
  ["household", "household"],
  ["household business", "household"],
  ["ho kinh doanh", "household"],
  ["hkd", "household"],
  ["ho san xuat", "household"],
  ["ho san xuat kinh doanh", "household"],
  ["ho gia dinh", "household"],
  ["co so", "household"],
  ["co so san xuat", "household"]
]);
function parseProducerKind(input) {
  return ALIASES.get(normalizeVi(input)) ?? null;
}

// src/modules/registry/producer.schema.ts
var text6 = (max) => z5.string().trim().max(max);
var ProducerInputSchema = z5.object({
  name: text6(300).min(2),
  kind: z5.enum(PRODUCER_KINDS),
  taxCode: text6(20).optional().nullable(),
  communeCode: z5.string().trim().regex(/^\d{5}$/, "a 5-digit commune code"),
  address: text6(500).default(""),
  representative: text6(200).default(""),
  phone: text6(30).optional().nullable(),
  email: text6(254).optional().nullable(),
  foundedYear: z5.coerce.number().int().min(1900).max(2100).optional().nullable(),
  members: z5.coerce.number().int().min(0).max(1e6).optional().nullable(),
  womenLed: z5.boolean().optional(),
  ethnicMinorityLed: z5.boolean().optional()
});
var ProducerUpdateSchema = ProducerInputSchema.partial();
var ProducerListQuerySchema = z5.object({
  province: z5.string().regex(/^\d{2}$/).optional(),
  commune: z5.string().regex(/^\d{5}$/).optional(),
  kind: z5.enum(PRODUCER_KINDS).optional(),
  q: z5.string().max(200).optional(),
  sort: z5.enum(["name", "-name", "created", "-created"]).default("name"),
  page: z5.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z5.coerce.number().int().min(1).max(100).default(20)
});
var ProducerSchema = z5.object({
  id: z5.string().uuid(),
  name: z5.string(),
  kind: z5.enum(PRODUCER_KINDS),
  taxCode: z5.string().nullable(),
  communeCode: z5.string(),
  communeName: z5.string(),
  provinceCode: z5.string(),
  provinceName: z5.string(),
  address: z5.string(),
  representative: z5.string(),
  phone: z5.string().nullable(),
  email: z5.string().nullable(),
  foundedYear: z5.number().nullable(),
  members: z5.number().nullable(),
  womenLed: z5.boolean(),
  ethnicMinorityLed: z5.boolean(),
  isSample: z5.boolean(),
  createdAt: z5.string(),
  updatedAt: z5.string()
});

// src/modules/registry/producer.service.ts
function toProducerDto(r) {
  const p = r.producer;
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    taxCode: p.taxCode,
    communeCode: p.communeCode,
    communeName: r.communeName,
    provinceCode: p.provinceCode,
    provinceName: r.provinceName,
    address: p.address,
    representative: p.representative,
    phone: p.phone,
    email: p.email,
    foundedYear: p.foundedYear,
    members: p.members,
    womenLed: p.womenLed,
    ethnicMinorityLed: p.ethnicMinorityLed,
    isSample: p.isSample,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString()
  };
}
async function normaliseFields(ctx, input, fields) {
  const out = {};
  if (input.taxCode !== void 0) {
    if (input.taxCode === null || input.taxCode.trim() === "") out.taxCode = null;
    else {
      const r = validateTaxCode(input.taxCode);
      if (r.ok) out.taxCode = r.value;
      else fields.taxCode = r.reason === "checksum" ? "tax code check digit does not match" : "tax code must be 10 digits or NNNNNNNNNN-NNN";
    }
  }
  if (input.phone !== void 0) {
    if (!input.phone) out.phone = null;
    else {
      const r = validateVnPhone(input.phone);
      if (r.ok) out.phone = r.value;
      else fields.phone = "not a Vietnamese phone number";
    }
  }
  if (input.email !== void 0) {
    if (!input.email) out.email = null;
    else {
      const r = validateEmail(input.email);
      if (r.ok) out.email = r.value;
      else fields.email = "not a valid e-mail address";
    }
  }
  if (input.communeCode !== void 0) {
    const commune2 = await findArea(ctx, input.communeCode);
    if (!commune2 || commune2.level !== "commune" || !commune2.parentCode) fields.communeCode = "unknown commune code";
    else out.provinceCode = commune2.parentCode;
  }
  return out;
}
async function assertNoDuplicate(ctx, p, exceptId) {
  const dup = await findDuplicate(ctx, { taxCode: p.taxCode, communeCode: p.communeCode, nameKey: nameKey(p.name) }, exceptId);
  if (!dup) return;
  const sameTax = p.taxCode && dup.taxCode === p.taxCode;
  throw new AppError(
    "duplicate",
    sameTax ? "a producer with this tax code exists" : "a producer with this name exists in this commune",
    sameTax ? { taxCode: "already registered" } : { name: "already registered in this commune" },
    { existingId: dup.id }
  );
}
async function createProducer(ctx, raw, opts = {}) {
  const actor = requireActor2(ctx);
  const parsed = ProducerInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  const input = parsed.data;
  const fields = {};
  const norm = await normaliseFields(ctx, input, fields);
  if (Object.keys(fields).length) throw validation(fields);
  if (!canCreateProducerIn(actor, norm.provinceCode, input.communeCode)) {
    throw new AppError("forbidden", "you may not register producers in this commune", { communeCode: "outside your area" });
  }
  const taxCode2 = norm.taxCode ?? null;
  await assertNoDuplicate(ctx, { taxCode: taxCode2, communeCode: input.communeCode, name: input.name });
  return inTx(ctx, async (tx) => {
    const row = await insertProducer(tx, {
      ...input,
      taxCode: taxCode2,
      phone: norm.phone ?? null,
      email: norm.email ?? null,
      provinceCode: norm.provinceCode,
      nameKey: nameKey(input.name),
      foundedYear: input.foundedYear ?? null,
      members: input.members ?? null,
      womenLed: input.womenLed ?? false,
      ethnicMinorityLed: input.ethnicMinorityLed ?? false,
      isSample: opts.isSample ?? false
    });
    await recordAudit(tx, { action: "producer.create", entityType: "producer", entityId: row.id, provinceCode: row.provinceCode, after: row });
    return toProducerDto(await findProducer(tx, row.id));
  });
}
async function updateProducer2(ctx, id, raw) {
  const actor = requireActor2(ctx);
  const before = await findProducerRow(ctx, id);
  if (!before) throw new AppError("not_found", "producer not found");
  assertCan(actor, "write", { ...before, producerId: before.id }, "producer");
  const parsed = ProducerUpdateSchema.safeParse(raw);
  if (!parsed.success) throw validation(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  const input = parsed.data;
  const fields = {};
  const norm = await normaliseFields(ctx, input, fields);
  if (Object.keys(fields).length) throw validation(fields);
  const next = {
    taxCode: norm.taxCode !== void 0 ? norm.taxCode : before.taxCode,
    communeCode: input.communeCode ?? before.communeCode,
    name: input.name ?? before.name
  };
  if (input.communeCode && input.communeCode !== before.communeCode && !canCreateProducerIn(actor, norm.provinceCode, input.communeCode)) {
    throw new AppError("forbidden", "you may not move producers to this commune", { communeCode: "outside your area" });
  }
  await assertNoDuplicate(ctx, next, id);
  return inTx(ctx, async (tx) => {
    const values = { ...input, ...norm };
    if (input.name) values.nameKey = nameKey(input.name);
    const row = await updateProducer(tx, id, values);
    await recordAudit(tx, { action: "producer.update", entityType: "producer", entityId: id, provinceCode: row.provinceCode, before, after: row });
    return toProducerDto(await findProducer(tx, id));
  });
}
async function getProducer(ctx, id) {
  const actor = requireActor2(ctx);
  const found = await findProducer(ctx, id);
  if (!found) throw new AppError("not_found", "producer not found");
  assertCan(actor, "read", { ...found.producer, producerId: found.producer.id }, "producer");
  return toProducerDto(found);
}
async function listProducers2(ctx, query) {
  const actor = requireActor2(ctx);
  if (!canListRegistry(actor)) throw new AppError("forbidden", "not allowed");
  const scope = scopeCondition(actor, { province: producers.provinceCode, commune: producers.communeCode, producer: producers.id });
  const { items, total } = await listProducers(ctx, scope, query);
  return { items: items.map(toProducerDto), total, page: query.page, pageSize: query.pageSize };
}

// src/domain/gtin.ts
var VIETNAM_GS1_PREFIX = "893";
function gtinCheckDigit(first12) {
  if (!/^\d{12}$/.test(first12)) {
    throw new RangeError(`gtinCheckDigit: expected 12 digits, got "${first12}"`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12.charAt(i)) * (i % 2 === 0 ? 1 : 3);
  return (10 - sum % 10) % 10;
}
function validateGtin13(input) {
  const s = input.trim();
  if (!/^\d{13}$/.test(s)) return { ok: false, reason: "format" };
  if (gtinCheckDigit(s.slice(0, 12)) !== Number(s.charAt(12))) return { ok: false, reason: "checksum" };
  return { ok: true, value: s, vietnamese: s.startsWith(VIETNAM_GS1_PREFIX) };
}
function makeGtin13(prefix, n) {
  if (!/^\d{1,11}$/.test(prefix)) {
    throw new RangeError(`makeGtin13: prefix must be 1\u201311 digits, got "${prefix}"`);
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`makeGtin13: n must be a non-negative integer, got ${n}`);
  }
  const width = 12 - prefix.length;
  const body = String(n).padStart(width, "0");
  if (body.length > width) {
    throw new RangeError(`makeGtin13: ${n} does not fit in ${width} digits after prefix ${prefix}`);
  }
  const first12 = prefix + body;
  return first12 + String(gtinCheckDigit(first12));
}

// src/domain/certificate.ts
var CERTIFICATE_VALIDITY_MONTHS = 36;
function certificateExpiry(issuedOn, months = CERTIFICATE_VALIDITY_MONTHS) {
  return addMonths(issuedOn, months);
}
function requireDate(date3, field) {
  if (!isIsoDate(date3)) throw new RangeError(`certificate: ${field} is not a YYYY-MM-DD date: "${date3}"`);
}
function checkRecord(cert, date3) {
  requireDate(date3, "date");
  requireDate(cert.issuedOn, "issuedOn");
  requireDate(cert.expiresOn, "expiresOn");
  if (cert.revokedOn !== null) requireDate(cert.revokedOn, "revokedOn");
  if (cert.supersededOn !== null) requireDate(cert.supersededOn, "supersededOn");
}
function onOrBefore(event, date3) {
  return event !== null && event <= date3;
}
function certificateStatusOn(cert, date3) {
  checkRecord(cert, date3);
  if (onOrBefore(cert.revokedOn, date3)) return "revoked";
  if (onOrBefore(cert.supersededOn, date3)) return "superseded";
  if (date3 >= cert.expiresOn) return "expired";
  return "valid";
}
var CERTIFICATE_SEQ_MAX = 99999;
function makeCertificateNumber(provinceCode, year2, seq) {
  if (!/^\d{2}$/.test(provinceCode)) {
    throw new RangeError(`makeCertificateNumber: province code must be 2 digits, got "${provinceCode}"`);
  }
  if (!Number.isInteger(year2) || year2 < 1e3 || year2 > 9999) {
    throw new RangeError(`makeCertificateNumber: year must be a 4-digit integer, got ${year2}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > CERTIFICATE_SEQ_MAX) {
    throw new RangeError(`makeCertificateNumber: seq must be 1\u2013${CERTIFICATE_SEQ_MAX}, got ${seq}`);
  }
  return `OCOP-${provinceCode}-${year2}-${String(seq).padStart(5, "0")}`;
}

// src/modules/registry/product.repository.ts
import { and as and6, asc as asc3, desc as desc3, eq as eq7, sql as sql11 } from "drizzle-orm";
var currentCertificate = sql11`(
  select c.id from ${certificates} c where c.product_id = ${products.id} and c.state <> 'superseded'
  order by c.issued_on desc, c.created_at desc limit 1)`;
var columns2 = {
  product: products,
  producerName: producers.name,
  productSetName: productSets.name,
  certificate: certificates
};
function joined2(ctx) {
  return exec(ctx).select(columns2).from(products).innerJoin(producers, eq7(producers.id, products.producerId)).leftJoin(productSets, and6(eq7(productSets.classification, products.classification), eq7(productSets.code, products.productSetCode))).leftJoin(certificates, eq7(certificates.id, currentCertificate));
}
async function findProduct(ctx, id) {
  if (!isUuid(id)) return null;
  const [row] = await joined2(ctx).where(eq7(products.id, id)).limit(1);
  return row ?? null;
}
async function findProductRow(ctx, id) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(products).where(eq7(products.id, id)).limit(1);
  return row ?? null;
}
async function findProductSet(ctx, classification, code) {
  const [row] = await exec(ctx).select().from(productSets).where(and6(eq7(productSets.classification, classification), eq7(productSets.code, code))).limit(1);
  return row ?? null;
}
async function listProductSets(ctx, classification) {
  return exec(ctx).select().from(productSets).where(eq7(productSets.classification, classification)).orderBy(sql11`${productSets.code}::int`);
}
async function gtinTaken(ctx, gtin2, exceptId) {
  const found = await exec(ctx).select({ id: products.id }).from(products).where(and6(eq7(products.gtin, gtin2), exceptId ? sql11`${products.id} <> ${exceptId}` : void 0)).limit(1);
  return found.length > 0;
}
async function insertProduct(ctx, values) {
  const [row] = await exec(ctx).insert(products).values(values).returning();
  return row;
}
async function updateProduct(ctx, id, values) {
  const [row] = await exec(ctx).update(products).set({ ...values, updatedAt: /* @__PURE__ */ new Date() }).where(eq7(products.id, id)).returning();
  return row;
}
var SORTS2 = {
  name: asc3(products.name),
  "-name": desc3(products.name),
  created: asc3(products.createdAt),
  "-created": desc3(products.createdAt)
};
async function listProducts(ctx, scope, q) {
  const where = and6(
    scope,
    q.province ? eq7(products.provinceCode, q.province) : void 0,
    q.commune ? eq7(products.communeCode, q.commune) : void 0,
    q.producerId ? eq7(products.producerId, q.producerId) : void 0,
    q.productSet ? eq7(products.productSetCode, q.productSet) : void 0,
    q.status ? eq7(products.status, q.status) : void 0,
    q.stars ? sql11`exists (select 1 from ${certificates} c where c.product_id = ${products.id} and c.state = 'active' and c.stars = ${q.stars})` : void 0,
    q.q ? containsWords(products.searchText, q.q) : void 0
  );
  const [items, [count2]] = await Promise.all([
    joined2(ctx).where(where).orderBy(SORTS2[q.sort], asc3(products.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec(ctx).select({ n: sql11`count(*)::int` }).from(products).where(where)
  ]);
  return { items, total: count2?.n ?? 0 };
}

// src/modules/registry/product.schema.ts
import { z as z6 } from "zod";
var text7 = (max) => z6.string().trim().max(max);
var ProductInputSchema = z6.object({
  producerId: z6.string().uuid(),
  name: text7(300).min(2),
  productSetCode: z6.string().trim().min(1).max(10),
  description: text7(5e3).default(""),
  story: text7(2e4).default(""),
  ingredients: text7(5e3).default(""),
  packaging: text7(2e3).default(""),
  shelfLife: text7(200).default(""),
  gtin: text7(20).optional().nullable()
});
var ProductUpdateSchema = ProductInputSchema.omit({ producerId: true }).partial().extend({
  status: z6.enum(["idea", "developing", "registered"]).optional()
});
var ProductListQuerySchema = z6.object({
  province: z6.string().regex(/^\d{2}$/).optional(),
  commune: z6.string().regex(/^\d{5}$/).optional(),
  producerId: z6.string().uuid().optional(),
  productSet: z6.string().max(10).optional(),
  status: z6.enum(PRODUCT_STATUSES).optional(),
  stars: z6.coerce.number().int().min(3).max(5).optional(),
  q: z6.string().max(200).optional(),
  sort: z6.enum(["name", "-name", "created", "-created"]).default("name"),
  page: z6.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z6.coerce.number().int().min(1).max(100).default(20)
});
var CertificateSummarySchema = z6.object({
  number: z6.string(),
  stars: z6.number().int(),
  issuedOn: z6.string(),
  expiresOn: z6.string(),
  status: z6.enum(["valid", "expired", "revoked", "superseded"]),
  potentialFiveStar: z6.boolean()
});
var ProductSchema = z6.object({
  id: z6.string().uuid(),
  producerId: z6.string().uuid(),
  producerName: z6.string(),
  name: z6.string(),
  classification: z6.string(),
  productSetCode: z6.string(),
  productSetName: z6.string(),
  description: z6.string(),
  story: z6.string(),
  ingredients: z6.string(),
  packaging: z6.string(),
  shelfLife: z6.string(),
  gtin: z6.string().nullable(),
  status: z6.enum(PRODUCT_STATUSES),
  provinceCode: z6.string(),
  communeCode: z6.string(),
  isSample: z6.boolean(),
  certificate: CertificateSummarySchema.nullable(),
  createdAt: z6.string(),
  updatedAt: z6.string()
});

// src/modules/registry/product.service.ts
function toProductDto(r, today) {
  const p = r.product;
  const c = r.certificate;
  return {
    id: p.id,
    producerId: p.producerId,
    producerName: r.producerName,
    name: p.name,
    classification: p.classification,
    productSetCode: p.productSetCode,
    productSetName: r.productSetName ?? "",
    description: p.description,
    story: p.story,
    ingredients: p.ingredients,
    packaging: p.packaging,
    shelfLife: p.shelfLife,
    gtin: p.gtin,
    status: p.status,
    provinceCode: p.provinceCode,
    communeCode: p.communeCode,
    isSample: p.isSample,
    certificate: c ? {
      number: c.number,
      stars: c.stars,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: certificateStatusOn(c, today),
      potentialFiveStar: c.potentialFiveStar
    } : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString()
  };
}
var zodFields = (issues) => Object.fromEntries(issues.map((i) => [i.path.map(String).join("."), i.message]));
async function checkGtin(ctx, gtin2, fields, exceptId) {
  if (!gtin2) return gtin2 === void 0 ? void 0 : null;
  const r = validateGtin13(gtin2);
  if (!r.ok) {
    fields.gtin = r.reason === "checksum" ? "GTIN-13 check digit does not match" : "GTIN-13 must be 13 digits";
    return void 0;
  }
  if (await gtinTaken(ctx, r.value, exceptId)) fields.gtin = "already used by another product";
  return r.value;
}
async function createProduct(ctx, raw, opts = {}) {
  const actor = requireActor2(ctx);
  const parsed = ProductInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFields(parsed.error.issues));
  const input = parsed.data;
  const producer = await findProducerRow(ctx, input.producerId);
  if (!producer) throw validation({ producerId: "unknown producer" });
  assertCan(actor, "write", { ...producer, producerId: producer.id }, "producer");
  const fields = {};
  if (!await findProductSet(ctx, CURRENT_CLASSIFICATION, input.productSetCode)) fields.productSetCode = "unknown product set";
  const gtin2 = await checkGtin(ctx, input.gtin, fields);
  if (Object.keys(fields).length) throw validation(fields);
  return inTx(ctx, async (tx) => {
    const row = await insertProduct(tx, {
      ...input,
      gtin: gtin2 ?? null,
      classification: CURRENT_CLASSIFICATION,
      provinceCode: producer.provinceCode,
      communeCode: producer.communeCode,
      isSample: opts.isSample ?? false
    });
    await recordAudit(tx, { action: "product.create", entityType: "product", entityId: row.id, provinceCode: row.provinceCode, after: row });
    return toProductDto(await findProduct(tx, row.id), todayInVietnam(ctx.deps.clock()));
  });
}
async function updateProduct2(ctx, id, raw) {
  const actor = requireActor2(ctx);
  const before = await findProductRow(ctx, id);
  if (!before) throw new AppError("not_found", "product not found");
  assertCan(actor, "write", before, "product");
  const parsed = ProductUpdateSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFields(parsed.error.issues));
  const input = parsed.data;
  const fields = {};
  if (input.productSetCode && !await findProductSet(ctx, before.classification, input.productSetCode)) {
    fields.productSetCode = "unknown product set";
  }
  const gtin2 = await checkGtin(ctx, input.gtin, fields, id);
  if (Object.keys(fields).length) throw validation(fields);
  if (input.status && ["certified", "expired", "revoked"].includes(before.status)) {
    throw new AppError("conflict", "the status of a certified product follows its certificate", { status: "follows the certificate" });
  }
  return inTx(ctx, async (tx) => {
    const values = { ...input };
    if (gtin2 !== void 0) values.gtin = gtin2;
    const row = await updateProduct(tx, id, values);
    await recordAudit(tx, { action: "product.update", entityType: "product", entityId: id, provinceCode: row.provinceCode, before, after: row });
    return toProductDto(await findProduct(tx, id), todayInVietnam(ctx.deps.clock()));
  });
}
async function getProduct(ctx, id) {
  const actor = requireActor2(ctx);
  const found = await findProduct(ctx, id);
  if (!found) throw new AppError("not_found", "product not found");
  assertCan(actor, "read", found.product, "product");
  return toProductDto(found, todayInVietnam(ctx.deps.clock()));
}
async function listProducts2(ctx, query) {
  const actor = requireActor2(ctx);
  if (!canListRegistry(actor)) throw new AppError("forbidden", "not allowed");
  const scope = scopeCondition(actor, { province: products.provinceCode, commune: products.communeCode, producer: products.producerId });
  const { items, total } = await listProducts(ctx, scope, query);
  const today = todayInVietnam(ctx.deps.clock());
  return { items: items.map((r) => toProductDto(r, today)), total, page: query.page, pageSize: query.pageSize };
}
async function listProductSets2(ctx, classification = CURRENT_CLASSIFICATION) {
  return listProductSets(ctx, classification);
}

// src/modules/registry/pages/home.pages.tsx
import { z as z8 } from "zod";
import { sql as sql12 } from "drizzle-orm";

// src/web/components/filter-bar.tsx
import { jsx as jsx9, jsxs as jsxs8 } from "preact/jsx-runtime";
function FilterBar({ action, children, submitLabel, label, reset }) {
  return /* @__PURE__ */ jsxs8("form", { class: "filter-bar", method: "get", action, role: "search", "aria-label": label ?? submitLabel, children: [
    /* @__PURE__ */ jsx9("div", { class: "filter-fields", children }),
    /* @__PURE__ */ jsxs8("div", { class: "filter-actions", children: [
      /* @__PURE__ */ jsx9("button", { type: "submit", class: "btn btn-secondary", children: submitLabel }),
      reset ? /* @__PURE__ */ jsx9("a", { class: "filter-reset", href: reset.href, children: reset.label }) : null
    ] })
  ] });
}
function SearchInput({ name, label, value, placeholder, hint }) {
  const id = fieldId(name);
  return /* @__PURE__ */ jsxs8("div", { class: "field field--search", children: [
    /* @__PURE__ */ jsx9("label", { class: "field-label", for: id, children: label }),
    hint ? /* @__PURE__ */ jsx9("p", { class: "field-hint", id: `${id}-hint`, children: hint }) : null,
    /* @__PURE__ */ jsx9(
      "input",
      {
        class: "input input--search",
        type: "search",
        id,
        name,
        value: value ?? void 0,
        placeholder,
        autocomplete: "off",
        spellcheck: false,
        enterKeyHint: "search",
        "aria-describedby": hint ? `${id}-hint` : void 0
      }
    )
  ] });
}

// src/web/components/icons.tsx
import { jsx as jsx10 } from "preact/jsx-runtime";
var PATHS = {
  success: "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z",
  warning: "M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z",
  danger: "M12 2C6.47 2 2 6.47 2 12s4.47 10 10 10 10-4.47 10-10S17.53 2 12 2zm5 13.59L15.59 17 12 13.41 8.41 17 7 15.59 10.59 12 7 8.41 8.41 7 12 10.59 15.59 7 17 8.41 13.41 12 17 15.59z",
  info: "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z",
  neutral: "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm-4-9h8v2H8z",
  sample: "M19.8 18.4 14 10.67V6.5l1.35-1.69c.26-.33.03-.81-.39-.81H9.04c-.42 0-.65.48-.39.81L10 6.5v4.17L4.2 18.4c-.49.66-.02 1.6.8 1.6h14c.82 0 1.29-.94.8-1.6z",
  star: "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z"
};
function Icon({ name, className }) {
  return /* @__PURE__ */ jsx10("svg", { class: className ? `icon ${className}` : "icon", viewBox: "0 0 24 24", width: "20", height: "20", "aria-hidden": "true", focusable: "false", children: /* @__PURE__ */ jsx10("path", { fill: "currentColor", d: PATHS[name] }) });
}

// src/web/components/page.tsx
import { jsx as jsx11, jsxs as jsxs9 } from "preact/jsx-runtime";
function PageHeader({ title, lead, actions, caption }) {
  return /* @__PURE__ */ jsxs9("div", { class: "page-header", children: [
    /* @__PURE__ */ jsxs9("div", { class: "page-header-text", children: [
      caption ? /* @__PURE__ */ jsx11("p", { class: "page-caption", children: caption }) : null,
      /* @__PURE__ */ jsx11("h1", { children: title }),
      lead ? /* @__PURE__ */ jsx11("p", { class: "lead", children: lead }) : null
    ] }),
    actions ? /* @__PURE__ */ jsx11("div", { class: "page-actions", children: actions }) : null
  ] });
}
function BackLink({ href, children }) {
  return /* @__PURE__ */ jsx11("a", { class: "back-link", href, children });
}
function Card({ title, children, level = 2, actions, variant = "default" }) {
  const H = level === 3 ? "h3" : "h2";
  return /* @__PURE__ */ jsxs9("section", { class: variant === "accent" ? "card card--accent" : "card", children: [
    title || actions ? /* @__PURE__ */ jsxs9("div", { class: "card-header", children: [
      title ? /* @__PURE__ */ jsx11(H, { class: "card-title", children: title }) : /* @__PURE__ */ jsx11("span", {}),
      actions ? /* @__PURE__ */ jsx11("div", { class: "card-actions", children: actions }) : null
    ] }) : null,
    /* @__PURE__ */ jsx11("div", { class: "card-body", children })
  ] });
}
function StatGrid({ items }) {
  const { locale } = useUiText();
  const fmt2 = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB");
  return /* @__PURE__ */ jsx11("dl", { class: "stat-grid", children: items.map((s) => /* @__PURE__ */ jsxs9("div", { class: "stat", children: [
    /* @__PURE__ */ jsx11("dt", { class: "stat-label", children: s.label }),
    /* @__PURE__ */ jsx11("dd", { class: "stat-value", children: typeof s.value === "number" ? fmt2.format(s.value) : s.value }),
    s.hint ? /* @__PURE__ */ jsx11("dd", { class: "stat-hint", children: s.hint }) : null
  ] }, s.label)) });
}
function Notice({ tone, children, title }) {
  return /* @__PURE__ */ jsxs9("div", { class: `notice notice--${tone}`, role: "status", children: [
    /* @__PURE__ */ jsx11(Icon, { name: tone, className: "notice-icon" }),
    /* @__PURE__ */ jsxs9("div", { class: "notice-body", children: [
      title ? /* @__PURE__ */ jsx11("p", { class: "notice-title", children: title }) : null,
      children
    ] })
  ] });
}
function DescriptionList({ items }) {
  return /* @__PURE__ */ jsx11("dl", { class: "description-list", children: items.map((it) => /* @__PURE__ */ jsxs9("div", { class: "dl-row", children: [
    /* @__PURE__ */ jsx11("dt", { children: it.term }),
    /* @__PURE__ */ jsx11("dd", { children: it.detail ?? "\u2014" })
  ] }, it.term)) });
}

// src/modules/registry/pages/product.pages.tsx
import { z as z7 } from "zod";

// src/web/field-errors.ts
var VI = [
  [/^Too small: expected string/, "Qu\xE1 ng\u1EAFn."],
  [/^Too big: expected string/, "Qu\xE1 d\xE0i."],
  [/^Too (small|big): expected number/, "Gi\xE1 tr\u1ECB n\u1EB1m ngo\xE0i kho\u1EA3ng cho ph\xE9p."],
  [/^Invalid option/, "H\xE3y ch\u1ECDn m\u1ED9t gi\xE1 tr\u1ECB trong danh s\xE1ch."],
  [/^Invalid input: expected number/, "H\xE3y nh\u1EADp m\u1ED9t s\u1ED1."],
  [/^Invalid (input|UUID)/, "Gi\xE1 tr\u1ECB kh\xF4ng h\u1EE3p l\u1EC7."],
  [/5-digit commune code|unknown commune code/, "M\xE3 x\xE3/ph\u01B0\u1EDDng g\u1ED3m 5 ch\u1EEF s\u1ED1 v\xE0 ph\u1EA3i c\xF3 trong danh m\u1EE5c."],
  [/tax code check digit/, "M\xE3 s\u1ED1 thu\u1EBF sai ch\u1EEF s\u1ED1 ki\u1EC3m tra."],
  [/tax code must be/, "M\xE3 s\u1ED1 thu\u1EBF g\u1ED3m 10 ch\u1EEF s\u1ED1, ho\u1EB7c 13 ch\u1EEF s\u1ED1 d\u1EA1ng NNNNNNNNNN-NNN."],
  [/not a Vietnamese phone number/, "S\u1ED1 \u0111i\u1EC7n tho\u1EA1i kh\xF4ng \u0111\xFAng \u0111\u1ECBnh d\u1EA1ng Vi\u1EC7t Nam."],
  [/not a valid e-mail/, "\u0110\u1ECBa ch\u1EC9 th\u01B0 \u0111i\u1EC7n t\u1EED kh\xF4ng h\u1EE3p l\u1EC7."],
  [/already registered in this commune/, "\u0110\xE3 c\xF3 ch\u1EE7 th\u1EC3 c\xF9ng t\xEAn trong x\xE3/ph\u01B0\u1EDDng n\xE0y."],
  [/^already registered$/, "M\xE3 s\u1ED1 thu\u1EBF n\xE0y \u0111\xE3 \u0111\u01B0\u1EE3c \u0111\u0103ng k\xFD."],
  [/outside your area/, "Ngo\xE0i ph\u1EA1m vi b\u1EA1n \u0111\u01B0\u1EE3c giao."],
  [/GTIN-13 check digit/, "M\xE3 v\u1EA1ch sai ch\u1EEF s\u1ED1 ki\u1EC3m tra."],
  [/GTIN-13 must be/, "M\xE3 v\u1EA1ch GTIN-13 g\u1ED3m 13 ch\u1EEF s\u1ED1."],
  [/already used by another product/, "M\xE3 v\u1EA1ch \u0111\xE3 \u0111\u01B0\u1EE3c d\xF9ng cho s\u1EA3n ph\u1EA9m kh\xE1c."],
  [/unknown product set/, "B\u1ED9 s\u1EA3n ph\u1EA9m kh\xF4ng c\xF3 trong danh m\u1EE5c."],
  [/unknown producer/, "Kh\xF4ng t\xECm th\u1EA5y ch\u1EE7 th\u1EC3."],
  [/follows the certificate/, "Tr\u1EA1ng th\xE1i c\u1EE7a s\u1EA3n ph\u1EA9m \u0111\xE3 ch\u1EE9ng nh\u1EADn \u0111i theo gi\u1EA5y ch\u1EE9ng nh\u1EADn."]
];
function localizeFieldErrors(fields, locale) {
  if (locale !== "vi") return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, msg]) => {
    const hit = VI.find(([re]) => re.test(msg));
    return [k, hit ? hit[1] : "Gi\xE1 tr\u1ECB ch\u01B0a h\u1EE3p l\u1EC7."];
  }));
}

// src/web/forms.ts
function str(body, key) {
  const v = body[key];
  if (typeof v !== "string") return void 0;
  const s = v.trim();
  return s === "" ? void 0 : s;
}
var bool = (body, key) => body[key] === "on" || body[key] === "true";
function formErrors(e, locale) {
  if (e instanceof AppError && ["validation_failed", "duplicate", "conflict", "forbidden"].includes(e.code)) {
    return {
      fields: localizeFieldErrors(e.fields ?? { form: e.message }, locale),
      message: tDynamic(locale, `errors.${e.code}`, e.message),
      status: e.status
    };
  }
  throw e;
}

// src/web/components/badges.tsx
import { jsx as jsx12, jsxs as jsxs10 } from "preact/jsx-runtime";
function Stars({ count: count2, label, showText }) {
  const { t: t2 } = useUiText();
  const n = Math.min(5, Math.max(0, Math.round(Number.isFinite(count2) ? count2 : 0)));
  const text9 = label ?? (n > 0 ? t2("stars.label", { count: n }) : t2("stars.none"));
  return /* @__PURE__ */ jsxs10("span", { class: "stars", "data-stars": n, children: [
    /* @__PURE__ */ jsx12("span", { class: "stars-glyphs", "aria-hidden": "true", children: [0, 1, 2, 3, 4].map((i) => /* @__PURE__ */ jsx12("span", { class: i < n ? "star star--on" : "star star--off", children: i < n ? "\u2605" : "\u2606" }, i)) }),
    /* @__PURE__ */ jsx12("span", { class: showText ? "stars-text" : "visually-hidden", children: text9 })
  ] });
}
function StatusBadge({ tone, children }) {
  return /* @__PURE__ */ jsxs10("span", { class: `badge badge--${tone}`, children: [
    /* @__PURE__ */ jsx12(Icon, { name: tone }),
    /* @__PURE__ */ jsx12("span", { children })
  ] });
}
function SampleBadge({ label }) {
  const { t: t2 } = useUiText();
  return /* @__PURE__ */ jsxs10("span", { class: "badge badge--sample", children: [
    /* @__PURE__ */ jsx12(Icon, { name: "sample" }),
    /* @__PURE__ */ jsx12("span", { children: label ?? t2("common.sample") })
  ] });
}

// src/modules/registry/pages/shared.ts
function listHref(base, query) {
  return (page2) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== void 0 && v !== null && v !== "" && k !== "page") params.set(k, String(v));
    }
    params.set("page", String(page2));
    return `${base}?${params.toString()}`;
  };
}
var pagerLabels = (view) => ({
  prev: view.t("common.prev"),
  next: view.t("common.next"),
  page: (page2, pages2) => view.t("common.page", { page: page2, pages: pages2 })
});

// src/modules/registry/pages/product.pages.tsx
import { Fragment, jsx as jsx13, jsxs as jsxs11 } from "preact/jsx-runtime";
var CERT_TONE = { valid: "success", expired: "warning", revoked: "danger", superseded: "neutral" };
function CertificateCell({ view, p }) {
  const c = p.certificate;
  if (!c) return /* @__PURE__ */ jsx13("span", { class: "muted", children: view.t("product.noCertificate") });
  return /* @__PURE__ */ jsxs11("span", { class: "cert-cell", children: [
    /* @__PURE__ */ jsx13(Stars, { count: c.stars }),
    " ",
    /* @__PURE__ */ jsx13(StatusBadge, { tone: CERT_TONE[c.status], children: view.t(`cert.${c.status}`) })
  ] });
}
function ProductTable({ view, rows: rows2 }) {
  const { t: t2 } = view;
  return /* @__PURE__ */ jsx13(
    DataTable,
    {
      caption: t2("products.title"),
      captionHidden: true,
      rows: rows2,
      empty: t2("common.empty"),
      rowKey: (p) => p.id,
      columns: [
        { key: "name", label: t2("product.name"), render: (p) => /* @__PURE__ */ jsxs11(Fragment, { children: [
          /* @__PURE__ */ jsx13("a", { href: `/admin/products/${p.id}`, children: p.name }),
          p.isSample && /* @__PURE__ */ jsxs11(Fragment, { children: [
            " ",
            /* @__PURE__ */ jsx13(SampleBadge, { label: t2("common.sample") })
          ] })
        ] }) },
        { key: "producer", label: t2("product.producer"), render: (p) => p.producerName },
        { key: "set", label: t2("product.set"), render: (p) => p.productSetName },
        { key: "cert", label: t2("product.certificate"), render: (p) => /* @__PURE__ */ jsx13(CertificateCell, { view, p }) }
      ]
    }
  );
}
function formInput(body) {
  return {
    producerId: str(body, "producerId") ?? "",
    name: str(body, "name") ?? "",
    productSetCode: str(body, "productSetCode") ?? "",
    description: str(body, "description") ?? "",
    story: str(body, "story") ?? "",
    ingredients: str(body, "ingredients") ?? "",
    packaging: str(body, "packaging") ?? "",
    shelfLife: str(body, "shelfLife") ?? "",
    gtin: str(body, "gtin") ?? null
  };
}
function ProductForm({ view, action, title, values, errors: errors3, summary, sets, producerName: producerName2 }) {
  const { t: t2 } = view;
  const v = (k) => values[k] === void 0 || values[k] === null ? "" : String(values[k]);
  const labels = { name: t2("product.name"), productSetCode: t2("product.set"), gtin: t2("product.gtin"), producerId: t2("product.producer") };
  return /* @__PURE__ */ jsxs11(Layout, { view, title, active: "/admin/products", children: [
    /* @__PURE__ */ jsx13(BackLink, { href: "/admin/products", children: t2("common.back") }),
    /* @__PURE__ */ jsx13(PageHeader, { title, caption: producerName2 }),
    summary && /* @__PURE__ */ jsx13(ErrorSummary, { title: t2("form.errorSummary"), errors: errors3, labels }),
    /* @__PURE__ */ jsxs11("form", { method: "post", action, novalidate: true, class: "form-narrow", children: [
      /* @__PURE__ */ jsx13(CsrfField, { token: view.csrfToken }),
      /* @__PURE__ */ jsx13("input", { type: "hidden", name: "producerId", value: v("producerId") }),
      /* @__PURE__ */ jsx13(TextField, { name: "name", label: labels.name, value: v("name"), error: errors3.name, required: true, maxLength: 300 }),
      /* @__PURE__ */ jsx13(SelectField, { name: "productSetCode", label: labels.productSetCode, value: v("productSetCode"), options: sets, error: errors3.productSetCode, required: true, placeholder: "\u2014" }),
      /* @__PURE__ */ jsx13(TextField, { name: "gtin", label: labels.gtin, hint: t2("product.gtinHint"), value: v("gtin"), error: errors3.gtin, inputMode: "numeric", width: "md", maxLength: 14, optionalLabel: t2("form.optional"), spellcheck: false }),
      /* @__PURE__ */ jsx13(TextArea, { name: "description", label: t2("product.description"), value: v("description"), error: errors3.description, rows: 4, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx13(TextArea, { name: "story", label: t2("product.story"), value: v("story"), error: errors3.story, rows: 5, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx13(TextArea, { name: "ingredients", label: t2("product.ingredients"), value: v("ingredients"), error: errors3.ingredients, rows: 3, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx13(TextField, { name: "packaging", label: t2("product.packaging"), value: v("packaging"), error: errors3.packaging, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx13(TextField, { name: "shelfLife", label: t2("product.shelfLife"), value: v("shelfLife"), error: errors3.shelfLife, width: "md", optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsxs11(SubmitRow, { children: [
        /* @__PURE__ */ jsx13("button", { type: "submit", class: "btn btn-primary", children: t2("common.save") }),
        /* @__PURE__ */ jsx13("a", { class: "btn btn-ghost", href: "/admin/products", children: t2("common.cancel") })
      ] })
    ] })
  ] });
}
function registerProductPages(app) {
  const setOptions = async (req) => (await listProductSets2(req.ctx)).map((s) => ({ value: s.code, label: `${s.code}. ${s.name}` }));
  app.get("/admin/products", { schema: { hide: true, querystring: ProductListQuerySchema } }, async (req, reply) => {
    requireActor(req);
    const view = viewOf(req);
    const { t: t2 } = view;
    const q = req.query;
    const [r, sets] = await Promise.all([listProducts2(req.ctx, q), setOptions(req)]);
    return sendPage(reply, /* @__PURE__ */ jsxs11(Layout, { view, title: t2("products.title"), active: "/admin/products", children: [
      /* @__PURE__ */ jsx13(PageHeader, { title: t2("products.title"), caption: t2("common.total", { total: r.total }) }),
      /* @__PURE__ */ jsxs11(FilterBar, { action: "/admin/products", submitLabel: t2("common.search"), reset: { href: "/admin/products", label: t2("common.all") }, children: [
        /* @__PURE__ */ jsx13(SearchInput, { name: "q", label: t2("common.search"), value: q.q, placeholder: t2("products.search") }),
        /* @__PURE__ */ jsx13(SelectField, { name: "productSet", label: t2("product.set"), value: q.productSet, options: sets, placeholder: t2("common.all"), autoSubmit: true }),
        /* @__PURE__ */ jsx13(
          SelectField,
          {
            name: "status",
            label: t2("product.status"),
            value: q.status,
            placeholder: t2("common.all"),
            autoSubmit: true,
            options: PRODUCT_STATUSES.map((s) => ({ value: s, label: t2(`status.${s}`) }))
          }
        ),
        /* @__PURE__ */ jsx13(
          SelectField,
          {
            name: "stars",
            label: t2("product.stars"),
            value: q.stars ? String(q.stars) : "",
            placeholder: t2("common.all"),
            autoSubmit: true,
            options: ["3", "4", "5"].map((s) => ({ value: s, label: `${s} \u2605` }))
          }
        )
      ] }),
      /* @__PURE__ */ jsx13(ProductTable, { view, rows: r.items }),
      /* @__PURE__ */ jsx13(Pagination, { page: r.page, pageSize: r.pageSize, total: r.total, href: listHref("/admin/products", q), labels: pagerLabels(view) })
    ] }));
  });
  app.get("/admin/products/new", { schema: { hide: true, querystring: z7.object({ producerId: z7.string().max(64).default("") }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const producerId = req.query.producerId || actor.producerId || "";
    const producer = await getProducer(req.ctx, producerId);
    return sendPage(reply, /* @__PURE__ */ jsx13(ProductForm, { view, action: "/admin/products", title: view.t("products.new"), values: { producerId: producer.id }, errors: {}, sets: await setOptions(req), producerName: producer.name }));
  });
  app.post("/admin/products", { schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body);
    try {
      const p = await createProduct(req.ctx, input);
      return redirect(reply, `/admin/products/${p.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const producer = await getProducer(req.ctx, input.producerId).catch(() => null);
      return sendPage(reply, /* @__PURE__ */ jsx13(ProductForm, { view, action: "/admin/products", title: view.t("products.new"), values: input, errors: fields, summary: message, sets: await setOptions(req), producerName: producer?.name ?? "" }), status);
    }
  });
  const Id = z7.object({ id: z7.string().max(64) });
  app.get("/admin/products/:id", { schema: { hide: true, params: Id, querystring: z7.object({ saved: z7.string().optional() }) } }, async (req, reply) => {
    const view = viewOf(req);
    const { t: t2 } = view;
    const p = await getProduct(req.ctx, req.params.id);
    const c = p.certificate;
    return sendPage(reply, /* @__PURE__ */ jsxs11(Layout, { view, title: p.name, active: "/admin/products", children: [
      /* @__PURE__ */ jsx13(BackLink, { href: "/admin/products", children: t2("products.title") }),
      req.query.saved && /* @__PURE__ */ jsx13(Notice, { tone: "success", children: t2("products.saved") }),
      /* @__PURE__ */ jsx13(
        PageHeader,
        {
          title: p.name,
          caption: p.producerName,
          actions: /* @__PURE__ */ jsx13("a", { class: "btn btn-secondary", href: `/admin/products/${p.id}/edit`, children: t2("common.edit") })
        }
      ),
      p.isSample && /* @__PURE__ */ jsx13(Notice, { tone: "info", children: t2("common.sampleNote") }),
      /* @__PURE__ */ jsx13(Card, { title: t2("product.certificate"), children: c ? /* @__PURE__ */ jsx13(DescriptionList, { items: [
        { term: t2("product.stars"), detail: /* @__PURE__ */ jsx13(Stars, { count: c.stars, showText: true }) },
        { term: t2("product.certificate"), detail: /* @__PURE__ */ jsxs11(Fragment, { children: [
          c.number,
          " ",
          /* @__PURE__ */ jsx13(StatusBadge, { tone: CERT_TONE[c.status], children: t2(`cert.${c.status}`) })
        ] }) },
        { term: t2("product.validUntil", { date: "" }).trim(), detail: `${formatDateVi(c.issuedOn)} \u2013 ${formatDateVi(c.expiresOn)}` },
        ...c.potentialFiveStar ? [{ term: t2("product.potentialFiveStar"), detail: t2("common.yes") }] : []
      ] }) : /* @__PURE__ */ jsx13("p", { children: t2("product.noCertificate") }) }),
      /* @__PURE__ */ jsx13(Card, { children: /* @__PURE__ */ jsx13(DescriptionList, { items: [
        { term: t2("product.producer"), detail: /* @__PURE__ */ jsx13("a", { href: `/admin/producers/${p.producerId}`, children: p.producerName }) },
        { term: t2("product.set"), detail: `${p.productSetCode}. ${p.productSetName}` },
        { term: t2("product.status"), detail: t2(`status.${p.status}`) },
        { term: t2("product.gtin"), detail: p.gtin ?? "\u2014" },
        { term: t2("product.description"), detail: p.description || "\u2014" },
        { term: t2("product.story"), detail: p.story || "\u2014" },
        { term: t2("product.ingredients"), detail: p.ingredients || "\u2014" },
        { term: t2("product.packaging"), detail: p.packaging || "\u2014" },
        { term: t2("product.shelfLife"), detail: p.shelfLife || "\u2014" }
      ] }) })
    ] }));
  });
  app.get("/admin/products/:id/edit", { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProduct(req.ctx, req.params.id);
    return sendPage(reply, /* @__PURE__ */ jsx13(ProductForm, { view, action: `/admin/products/${p.id}/edit`, title: view.t("products.edit"), values: p, errors: {}, sets: await setOptions(req), producerName: p.producerName }));
  });
  app.post("/admin/products/:id/edit", { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const { producerId: _ignored, ...input } = formInput(req.body);
    try {
      await updateProduct2(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/products/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const p = await getProduct(req.ctx, req.params.id);
      return sendPage(reply, /* @__PURE__ */ jsx13(ProductForm, { view, action: `/admin/products/${req.params.id}/edit`, title: view.t("products.edit"), values: { ...input, producerId: p.producerId }, errors: fields, summary: message, sets: await setOptions(req), producerName: p.producerName }), status);
    }
  });
}

// src/modules/registry/pages/home.pages.tsx
import { jsx as jsx14, jsxs as jsxs12 } from "preact/jsx-runtime";
async function publicFigures(ctx) {
  const today = todayInVietnam(ctx.deps.clock());
  const [r] = await rows(exec(ctx), sql12`
    select (select count(*)::int from producers) producers,
           (select count(*)::int from products) products,
           count(*) filter (where stars = 3)::int s3, count(*) filter (where stars = 4)::int s4, count(*) filter (where stars = 5)::int s5
    from certificates where state = 'active' and issued_on <= ${today} and expires_on > ${today}`);
  return r ?? { producers: 0, products: 0, s3: 0, s4: 0, s5: 0 };
}
var AreaQuery = z8.object({
  q: z8.string().max(200).optional(),
  level: z8.enum(["province", "commune"]).optional(),
  page: z8.coerce.number().int().min(1).max(1e4).default(1)
});
function registerHomePages(app) {
  app.get("/", { config: { access: "public" }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const { t: t2 } = view;
    const f = await publicFigures(req.ctx);
    return sendPage(reply, /* @__PURE__ */ jsxs12(Layout, { view, title: t2("home.title"), variant: "public", children: [
      /* @__PURE__ */ jsx14(
        PageHeader,
        {
          title: t2("home.title"),
          lead: t2("home.lead"),
          actions: /* @__PURE__ */ jsx14("a", { class: "btn btn-primary", href: view.actor ? "/admin" : "/login", children: view.actor ? t2("nav.dashboard") : t2("home.officerLogin") })
        }
      ),
      /* @__PURE__ */ jsx14("h2", { children: t2("home.figures") }),
      /* @__PURE__ */ jsx14(StatGrid, { items: [
        { label: t2("dashboard.producers"), value: f.producers.toLocaleString("vi-VN") },
        { label: t2("dashboard.products"), value: f.products.toLocaleString("vi-VN") },
        { label: "3 \u2605", value: f.s3.toLocaleString("vi-VN") },
        { label: "4 \u2605", value: f.s4.toLocaleString("vi-VN") },
        { label: "5 \u2605", value: f.s5.toLocaleString("vi-VN") }
      ] })
    ] }));
  });
  app.get("/admin", { schema: { hide: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t: t2 } = view;
    const scopeArea = actor.areaCode ? await findArea(req.ctx, actor.areaCode) : null;
    const canList = actor.role !== "buyer";
    const [producers2, products2, certified] = canList ? await Promise.all([
      listProducers2(req.ctx, { page: 1, pageSize: 1, sort: "name" }),
      listProducts2(req.ctx, { page: 1, pageSize: actor.role === "producer" ? 50 : 1, sort: "name" }),
      listProducts2(req.ctx, { page: 1, pageSize: 1, sort: "name", status: "certified" })
    ]) : [null, null, null];
    return sendPage(reply, /* @__PURE__ */ jsxs12(Layout, { view, title: t2("dashboard.title"), active: "/admin", children: [
      /* @__PURE__ */ jsx14(
        PageHeader,
        {
          title: t2("dashboard.welcome", { name: actor.displayName }),
          caption: `${t2(`role.${actor.role}`)} \xB7 ${t2("dashboard.scope", { scope: scopeArea?.name ?? t2("dashboard.national") })}`
        }
      ),
      producers2 && products2 && certified && /* @__PURE__ */ jsx14(StatGrid, { items: [
        { label: t2("dashboard.producers"), value: producers2.total.toLocaleString("vi-VN") },
        { label: t2("dashboard.products"), value: products2.total.toLocaleString("vi-VN") },
        { label: t2("dashboard.certified"), value: certified.total.toLocaleString("vi-VN") }
      ] }),
      actor.role === "producer" && products2 && /* @__PURE__ */ jsx14(Card, { title: t2("dashboard.myProducts"), actions: /* @__PURE__ */ jsx14("a", { class: "btn btn-primary", href: "/admin/products/new", children: t2("products.new") }), children: /* @__PURE__ */ jsx14(ProductTable, { view, rows: products2.items }) }),
      !canList && /* @__PURE__ */ jsx14(Notice, { tone: "info", children: t2("home.lead") })
    ] }));
  });
  app.get("/admin/areas", {
    config: { access: ["national_admin", "province_officer", "commune_officer", "inspector", "council_member"] },
    schema: { hide: true, querystring: AreaQuery }
  }, async (req, reply) => {
    const view = viewOf(req);
    const { t: t2 } = view;
    const q = req.query;
    const pageSize = 50;
    const [r, successors] = await Promise.all([
      listAreas(req.ctx, { q: q.q, level: q.level, limit: pageSize, offset: (q.page - 1) * pageSize }),
      q.q ? findSuccessors(req.ctx, q.q) : Promise.resolve([])
    ]);
    const byOld = /* @__PURE__ */ new Map();
    for (const s of successors) {
      const key = `${s.old_level}:${s.old_code}`;
      const entry = byOld.get(key) ?? { name: s.old_name, code: s.old_code, names: [] };
      entry.names.push(`${s.name} (${s.code})`);
      byOld.set(key, entry);
    }
    return sendPage(reply, /* @__PURE__ */ jsxs12(Layout, { view, title: t2("areas.title"), active: "/admin/areas", children: [
      /* @__PURE__ */ jsx14(PageHeader, { title: t2("areas.title"), lead: t2("areas.lead"), caption: t2("common.total", { total: r.total }) }),
      /* @__PURE__ */ jsxs12(FilterBar, { action: "/admin/areas", submitLabel: t2("common.search"), children: [
        /* @__PURE__ */ jsx14(SearchInput, { name: "q", label: t2("common.search"), value: q.q, placeholder: t2("areas.search") }),
        /* @__PURE__ */ jsx14(
          SelectField,
          {
            name: "level",
            label: t2("areas.level"),
            value: q.level,
            placeholder: t2("common.all"),
            autoSubmit: true,
            options: [{ value: "province", label: t2("areas.level.province") }, { value: "commune", label: t2("areas.level.commune") }]
          }
        )
      ] }),
      byOld.size > 0 && /* @__PURE__ */ jsx14(Notice, { tone: "info", title: t2("areas.old"), children: /* @__PURE__ */ jsx14("ul", { children: [...byOld.values()].slice(0, 10).map((o) => /* @__PURE__ */ jsx14("li", { children: t2("areas.oldFound", { old: o.name, code: o.code, names: o.names.join(", ") }) })) }) }),
      /* @__PURE__ */ jsx14(
        DataTable,
        {
          caption: t2("areas.title"),
          captionHidden: true,
          rows: r.items,
          empty: t2("common.empty"),
          rowKey: (a) => a.code,
          columns: [
            { key: "code", label: t2("areas.code"), render: (a) => /* @__PURE__ */ jsx14("code", { children: a.code }) },
            { key: "name", label: t2("areas.name"), render: (a) => a.name },
            { key: "kind", label: t2("areas.kind"), render: (a) => a.kind },
            { key: "parent", label: t2("areas.parent"), render: (a) => a.parentCode ?? "\u2014" }
          ]
        }
      ),
      /* @__PURE__ */ jsx14(Pagination, { page: q.page, pageSize, total: r.total, href: listHref("/admin/areas", q), labels: pagerLabels(view) })
    ] }));
  });
}

// src/modules/registry/pages/producer.pages.tsx
import { z as z9 } from "zod";
import { Fragment as Fragment2, jsx as jsx15, jsxs as jsxs13 } from "preact/jsx-runtime";
var kindOptions = (view) => PRODUCER_KINDS.map((k) => ({ value: k, label: PRODUCER_KIND_LABELS[k][view.locale] }));
function formInput2(body) {
  return {
    name: str(body, "name") ?? "",
    kind: str(body, "kind") ?? "",
    taxCode: str(body, "taxCode") ?? null,
    communeCode: str(body, "communeCode") ?? "",
    address: str(body, "address") ?? "",
    representative: str(body, "representative") ?? "",
    phone: str(body, "phone") ?? null,
    email: str(body, "email") ?? null,
    foundedYear: str(body, "foundedYear") ?? null,
    members: str(body, "members") ?? null,
    womenLed: bool(body, "womenLed"),
    ethnicMinorityLed: bool(body, "ethnicMinorityLed")
  };
}
function ProducerForm({ view, action, title, values, errors: errors3, summary, communes }) {
  const { t: t2 } = view;
  const v = (k) => values[k] === void 0 || values[k] === null ? "" : String(values[k]);
  const labels = {
    name: t2("producer.name"),
    kind: t2("producer.kind"),
    taxCode: t2("producer.taxCode"),
    communeCode: t2("producer.communeCode"),
    phone: t2("producer.phone"),
    email: t2("producer.email"),
    foundedYear: t2("producer.foundedYear"),
    members: t2("producer.members")
  };
  return /* @__PURE__ */ jsxs13(Layout, { view, title, active: "/admin/producers", children: [
    /* @__PURE__ */ jsx15(BackLink, { href: "/admin/producers", children: t2("common.back") }),
    /* @__PURE__ */ jsx15(PageHeader, { title }),
    summary && /* @__PURE__ */ jsx15(ErrorSummary, { title: t2("form.errorSummary"), errors: errors3, labels }),
    /* @__PURE__ */ jsxs13("form", { method: "post", action, novalidate: true, class: "form-narrow", children: [
      /* @__PURE__ */ jsx15(CsrfField, { token: view.csrfToken }),
      /* @__PURE__ */ jsx15(TextField, { name: "name", label: labels.name, value: v("name"), error: errors3.name, required: true, maxLength: 300 }),
      /* @__PURE__ */ jsx15(SelectField, { name: "kind", label: labels.kind, value: v("kind"), options: kindOptions(view), error: errors3.kind, required: true, placeholder: "\u2014" }),
      /* @__PURE__ */ jsx15(TextField, { name: "taxCode", label: labels.taxCode, hint: t2("producer.taxCodeHint"), value: v("taxCode"), error: errors3.taxCode, inputMode: "numeric", width: "sm", spellcheck: false, optionalLabel: t2("form.optional") }),
      communes ? /* @__PURE__ */ jsx15(SelectField, { name: "communeCode", label: t2("producer.commune"), value: v("communeCode"), options: communes, error: errors3.communeCode, required: true, placeholder: "\u2014" }) : /* @__PURE__ */ jsx15(TextField, { name: "communeCode", label: labels.communeCode, hint: t2("producer.communeHint"), value: v("communeCode"), error: errors3.communeCode, required: true, inputMode: "numeric", width: "xs", maxLength: 5 }),
      /* @__PURE__ */ jsx15(TextField, { name: "address", label: t2("producer.address"), value: v("address"), error: errors3.address, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(TextField, { name: "representative", label: t2("producer.representative"), value: v("representative"), error: errors3.representative, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(TextField, { name: "phone", label: labels.phone, type: "tel", value: v("phone"), error: errors3.phone, autocomplete: "tel", width: "sm", optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(TextField, { name: "email", label: labels.email, type: "email", value: v("email"), error: errors3.email, autocomplete: "email", optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(TextField, { name: "foundedYear", label: labels.foundedYear, value: v("foundedYear"), error: errors3.foundedYear, inputMode: "numeric", width: "xs", maxLength: 4, optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(TextField, { name: "members", label: labels.members, value: v("members"), error: errors3.members, inputMode: "numeric", width: "xs", optionalLabel: t2("form.optional") }),
      /* @__PURE__ */ jsx15(Checkbox, { name: "womenLed", label: t2("producer.womenLed"), checked: values.womenLed === true }),
      /* @__PURE__ */ jsx15(Checkbox, { name: "ethnicMinorityLed", label: t2("producer.ethnicMinorityLed"), checked: values.ethnicMinorityLed === true }),
      /* @__PURE__ */ jsxs13(SubmitRow, { children: [
        /* @__PURE__ */ jsx15("button", { type: "submit", class: "btn btn-primary", children: t2("common.save") }),
        /* @__PURE__ */ jsx15("a", { class: "btn btn-ghost", href: "/admin/producers", children: t2("common.cancel") })
      ] })
    ] })
  ] });
}
async function communeOptions(req) {
  const actor = req.ctx.actor;
  const province2 = actor?.role === "province_officer" ? actor.areaCode : actor?.role === "commune_officer" ? actor.provinceCode : null;
  if (!province2) return null;
  const { items } = await listAreas(req.ctx, { level: "commune", parent: province2, limit: 500, offset: 0 });
  return items.filter((a) => actor?.role !== "commune_officer" || a.code === actor.areaCode).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
}
function registerProducerPages(app) {
  app.get("/admin/producers", { schema: { hide: true, querystring: ProducerListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t: t2 } = view;
    const q = req.query;
    const r = await listProducers2(req.ctx, q);
    const mayCreate = actor.role === "national_admin" || actor.role === "province_officer" || actor.role === "commune_officer";
    return sendPage(reply, /* @__PURE__ */ jsxs13(Layout, { view, title: t2("producers.title"), active: "/admin/producers", children: [
      /* @__PURE__ */ jsx15(
        PageHeader,
        {
          title: t2("producers.title"),
          caption: t2("common.total", { total: r.total }),
          actions: mayCreate ? /* @__PURE__ */ jsx15("a", { class: "btn btn-primary", href: "/admin/producers/new", children: t2("producers.new") }) : void 0
        }
      ),
      /* @__PURE__ */ jsxs13(FilterBar, { action: "/admin/producers", submitLabel: t2("common.search"), reset: { href: "/admin/producers", label: t2("common.all") }, children: [
        /* @__PURE__ */ jsx15(SearchInput, { name: "q", label: t2("common.search"), value: q.q, placeholder: t2("producers.search") }),
        /* @__PURE__ */ jsx15(SelectField, { name: "kind", label: t2("producer.kind"), value: q.kind, options: kindOptions(view), placeholder: t2("common.all"), autoSubmit: true }),
        /* @__PURE__ */ jsx15(SelectField, { name: "sort", label: t2("common.sortBy"), value: q.sort, autoSubmit: true, options: [
          { value: "name", label: `${t2("producer.name")} A\u2192Z` },
          { value: "-name", label: `${t2("producer.name")} Z\u2192A` },
          { value: "-created", label: "\u2193 " + t2("common.create") },
          { value: "created", label: "\u2191 " + t2("common.create") }
        ] })
      ] }),
      /* @__PURE__ */ jsx15(
        DataTable,
        {
          caption: t2("producers.title"),
          captionHidden: true,
          rows: r.items,
          empty: t2("common.empty"),
          rowKey: (p) => p.id,
          columns: [
            { key: "name", label: t2("producer.name"), render: (p) => /* @__PURE__ */ jsxs13(Fragment2, { children: [
              /* @__PURE__ */ jsx15("a", { href: `/admin/producers/${p.id}`, children: p.name }),
              p.isSample && /* @__PURE__ */ jsxs13(Fragment2, { children: [
                " ",
                /* @__PURE__ */ jsx15(SampleBadge, { label: t2("common.sample") })
              ] })
            ] }) },
            { key: "kind", label: t2("producer.kind"), render: (p) => PRODUCER_KIND_LABELS[p.kind][view.locale] },
            { key: "tax", label: t2("producer.taxCode"), render: (p) => p.taxCode ?? "\u2014" },
            { key: "area", label: t2("producer.commune"), render: (p) => `${p.communeName}, ${p.provinceName}` }
          ]
        }
      ),
      /* @__PURE__ */ jsx15(Pagination, { page: r.page, pageSize: r.pageSize, total: r.total, href: listHref("/admin/producers", q), labels: pagerLabels(view) })
    ] }));
  });
  app.get("/admin/producers/new", { config: { access: ["national_admin", "province_officer", "commune_officer"] }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const values = req.ctx.actor?.role === "commune_officer" ? { communeCode: req.ctx.actor.areaCode } : {};
    return sendPage(reply, /* @__PURE__ */ jsx15(ProducerForm, { view, action: "/admin/producers", title: view.t("producers.new"), values, errors: {}, communes: await communeOptions(req) }));
  });
  app.post("/admin/producers", { config: { access: ["national_admin", "province_officer", "commune_officer"] }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput2(req.body);
    try {
      const p = await createProducer(req.ctx, input);
      return redirect(reply, `/admin/producers/${p.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, /* @__PURE__ */ jsx15(ProducerForm, { view, action: "/admin/producers", title: view.t("producers.new"), values: input, errors: fields, summary: message, communes: await communeOptions(req) }), status);
    }
  });
  const Id = z9.object({ id: z9.string().max(64) });
  app.get("/admin/producers/:id", { schema: { hide: true, params: Id, querystring: z9.object({ saved: z9.string().optional() }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t: t2 } = view;
    const p = await getProducer(req.ctx, req.params.id);
    const prods = await listProducts2(req.ctx, { producerId: p.id, page: 1, pageSize: 100, sort: "name" });
    const mayEdit = actor.role === "producer" ? actor.producerId === p.id : canCreateProducerIn(actor, p.provinceCode, p.communeCode);
    return sendPage(reply, /* @__PURE__ */ jsxs13(Layout, { view, title: p.name, active: "/admin/producers", children: [
      /* @__PURE__ */ jsx15(BackLink, { href: "/admin/producers", children: t2("producers.title") }),
      req.query.saved && /* @__PURE__ */ jsx15(Notice, { tone: "success", children: t2("producers.saved") }),
      /* @__PURE__ */ jsx15(
        PageHeader,
        {
          title: p.name,
          caption: PRODUCER_KIND_LABELS[p.kind][view.locale],
          actions: /* @__PURE__ */ jsxs13(Fragment2, { children: [
            mayEdit && /* @__PURE__ */ jsx15("a", { class: "btn btn-secondary", href: `/admin/producers/${p.id}/edit`, children: t2("common.edit") }),
            mayEdit && /* @__PURE__ */ jsx15("a", { class: "btn btn-primary", href: `/admin/products/new?producerId=${p.id}`, children: t2("products.new") })
          ] })
        }
      ),
      p.isSample && /* @__PURE__ */ jsx15(Notice, { tone: "info", children: t2("common.sampleNote") }),
      /* @__PURE__ */ jsx15(Card, { children: /* @__PURE__ */ jsx15(DescriptionList, { items: [
        { term: t2("producer.taxCode"), detail: p.taxCode ?? "\u2014" },
        { term: t2("producer.commune"), detail: `${p.communeName} (${p.communeCode}), ${p.provinceName}` },
        { term: t2("producer.address"), detail: p.address || "\u2014" },
        { term: t2("producer.representative"), detail: p.representative || "\u2014" },
        { term: t2("producer.phone"), detail: p.phone ?? "\u2014" },
        { term: t2("producer.email"), detail: p.email ?? "\u2014" },
        { term: t2("producer.foundedYear"), detail: p.foundedYear ?? "\u2014" },
        { term: t2("producer.members"), detail: p.members ?? "\u2014" },
        { term: t2("producer.womenLed"), detail: p.womenLed ? t2("common.yes") : t2("common.no") },
        { term: t2("producer.ethnicMinorityLed"), detail: p.ethnicMinorityLed ? t2("common.yes") : t2("common.no") }
      ] }) }),
      /* @__PURE__ */ jsx15("h2", { children: t2("producer.products") }),
      /* @__PURE__ */ jsx15(ProductTable, { view, rows: prods.items })
    ] }));
  });
  app.get("/admin/producers/:id/edit", { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProducer(req.ctx, req.params.id);
    return sendPage(reply, /* @__PURE__ */ jsx15(ProducerForm, { view, action: `/admin/producers/${p.id}/edit`, title: view.t("producers.edit"), values: p, errors: {}, communes: await communeOptions(req) }));
  });
  app.post("/admin/producers/:id/edit", { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput2(req.body);
    try {
      await updateProducer2(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/producers/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, /* @__PURE__ */ jsx15(ProducerForm, { view, action: `/admin/producers/${req.params.id}/edit`, title: view.t("producers.edit"), values: input, errors: fields, summary: message, communes: await communeOptions(req) }), status);
    }
  });
}

// src/modules/registry/registry.pages.ts
function registerRegistryPages(app, _deps) {
  registerHomePages(app);
  registerProducerPages(app);
  registerProductPages(app);
}

// src/modules/registry/registry.routes.ts
var ErrorSchema = z10.object({
  error: z10.object({ code: z10.string(), message: z10.string(), fields: z10.record(z10.string(), z10.string()).optional() })
});
var errors = (...codes) => Object.fromEntries(codes.map((c) => [c, ErrorSchema]));
var page = (item) => z10.object({ items: z10.array(item), total: z10.number().int(), page: z10.number().int(), pageSize: z10.number().int() });
var AreaSchema = z10.object({
  code: z10.string(),
  name: z10.string(),
  kind: z10.string(),
  level: z10.enum(["province", "commune"]),
  parentCode: z10.string().nullable()
});
var IdParams = z10.object({ id: z10.string().max(64) });
function registerRegistryRoutes(app, deps) {
  app.get("/api/v1/areas", {
    config: { access: "public" },
    schema: {
      tags: ["registry"],
      summary: "Administrative units (34 provinces, 3,321 communes since 1 July 2025)",
      querystring: z10.object({
        level: z10.enum(["province", "commune"]).optional(),
        parent: z10.string().max(5).optional(),
        q: z10.string().max(200).optional(),
        page: z10.coerce.number().int().min(1).max(1e4).default(1),
        pageSize: z10.coerce.number().int().min(1).max(100).default(20)
      }),
      response: { 200: page(AreaSchema), ...errors(400) }
    }
  }, async (req) => {
    const q = req.query;
    const { items, total } = await listAreas(req.ctx, { level: q.level, parent: q.parent, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: items.map((a) => ({ code: a.code, name: a.name, kind: a.kind, level: a.level, parentCode: a.parentCode })), total, page: q.page, pageSize: q.pageSize };
  });
  app.get("/api/v1/areas/successors/:old", {
    config: { access: "public" },
    schema: {
      tags: ["registry"],
      summary: "Resolve a pre-2025 unit (old GSO code or name) to today's units",
      params: z10.object({ old: z10.string().min(1).max(200) }),
      response: {
        200: z10.object({
          items: z10.array(z10.object({
            oldLevel: z10.string(),
            oldCode: z10.string(),
            oldName: z10.string(),
            mergeType: z10.string(),
            area: AreaSchema
          }))
        })
      }
    }
  }, async (req) => {
    const found = await findSuccessors(req.ctx, req.params.old);
    return {
      items: found.map((r) => ({
        oldLevel: r.old_level,
        oldCode: r.old_code,
        oldName: r.old_name,
        mergeType: r.merge_type,
        area: { code: r.code, name: r.name, kind: "", level: r.level, parentCode: r.parent_code }
      }))
    };
  });
  app.get("/api/v1/product-sets", {
    config: { access: "public" },
    schema: {
      tags: ["registry"],
      summary: "Product sets of a classification (default: Decision 148/2023)",
      querystring: z10.object({ classification: z10.enum(["148-2023", "1048-2019"]).default("148-2023") }),
      response: { 200: z10.object({ items: z10.array(z10.object({ code: z10.string(), name: z10.string(), group: z10.string(), topGroup: z10.string(), topGroupName: z10.string() })) }) }
    }
  }, async (req) => {
    const sets = await listProductSets2(req.ctx, req.query.classification);
    return { items: sets.map((s) => ({ code: s.code, name: s.name, group: s.groupName, topGroup: s.topGroup, topGroupName: s.topGroupName })) };
  });
  app.post("/api/v1/producers", {
    schema: { tags: ["registry"], summary: "Register a producer", body: ProducerInputSchema, response: { 201: ProducerSchema, ...errors(400, 401, 403, 409) } }
  }, async (req, reply) => reply.code(201).send(await createProducer(req.ctx, req.body)));
  app.get("/api/v1/producers", {
    schema: { tags: ["registry"], summary: "Producers visible to the caller", querystring: ProducerListQuerySchema, response: { 200: page(ProducerSchema), ...errors(400, 401, 403) } }
  }, async (req) => listProducers2(req.ctx, req.query));
  app.get("/api/v1/producers/:id", {
    schema: { tags: ["registry"], params: IdParams, response: { 200: ProducerSchema, ...errors(401, 404) } }
  }, async (req) => getProducer(req.ctx, req.params.id));
  app.patch("/api/v1/producers/:id", {
    schema: { tags: ["registry"], params: IdParams, body: ProducerUpdateSchema, response: { 200: ProducerSchema, ...errors(400, 401, 404, 409) } }
  }, async (req) => updateProducer2(req.ctx, req.params.id, req.body));
  app.post("/api/v1/products", {
    schema: { tags: ["registry"], summary: "Register a product", body: ProductInputSchema, response: { 201: ProductSchema, ...errors(400, 401, 404, 409) } }
  }, async (req, reply) => reply.code(201).send(await createProduct(req.ctx, req.body)));
  app.get("/api/v1/products", {
    schema: { tags: ["registry"], summary: "Products visible to the caller", querystring: ProductListQuerySchema, response: { 200: page(ProductSchema), ...errors(400, 401, 403) } }
  }, async (req) => listProducts2(req.ctx, req.query));
  app.get("/api/v1/products/:id", {
    schema: { tags: ["registry"], params: IdParams, response: { 200: ProductSchema, ...errors(401, 404) } }
  }, async (req) => getProduct(req.ctx, req.params.id));
  app.patch("/api/v1/products/:id", {
    schema: { tags: ["registry"], params: IdParams, body: ProductUpdateSchema, response: { 200: ProductSchema, ...errors(400, 401, 404, 409) } }
  }, async (req) => updateProduct2(req.ctx, req.params.id, req.body));
  registerRegistryPages(app, deps);
}

// src/modules/imports/imports.routes.tsx
import { z as z11 } from "zod";

// src/modules/imports/columns.ts
var IMPORT_KINDS = ["areas", "producers", "products", "certified-products", "criteria"];
var TABULAR_KINDS = ["areas", "producers", "products", "certified-products"];
var EXPORT_KINDS = ["producers", "products", "certified-products"];
var isTabularKind = (k) => TABULAR_KINDS.includes(k);
var col = (key, vi6, required, example, aliases) => ({ key, vi: vi6, required, example, ...aliases ? { aliases } : {} });
var COLUMNS = {
  areas: [
    col("code", "M\xE3", true, "14845", ["m\xE3 \u0111\u01A1n v\u1ECB", "m\xE3 \u0111\u01A1n v\u1ECB h\xE0nh ch\xEDnh"]),
    col("name", "T\xEAn", true, "X\xE3 M\u01B0\u1EDDng L\xE1t", ["t\xEAn \u0111\u01A1n v\u1ECB", "t\xEAn \u0111\u01A1n v\u1ECB h\xE0nh ch\xEDnh"]),
    col("kind", "Lo\u1EA1i", false, "X\xE3"),
    col("level", "C\u1EA5p", true, "commune"),
    col("parent_code", "M\xE3 c\u1EA5p tr\xEAn", false, "38", ["m\xE3 t\u1EC9nh"])
  ],
  producers: [
    col("name", "T\xEAn ch\u1EE7 th\u1EC3", true, "H\u1EE3p t\xE1c x\xE3 M\u1EADt ong M\u01B0\u1EDDng L\xE1t", ["ch\u1EE7 th\u1EC3"]),
    col("kind", "Lo\u1EA1i h\xECnh", true, "h\u1EE3p t\xE1c x\xE3", ["lo\u1EA1i h\xECnh ch\u1EE7 th\u1EC3"]),
    col("tax_code", "M\xE3 s\u1ED1 thu\u1EBF", false, "2800123453", ["mst"]),
    col("commune_code", "M\xE3 x\xE3", true, "14845"),
    col("address", "\u0110\u1ECBa ch\u1EC9", false, "B\u1EA3n P\xF9 Toong, x\xE3 M\u01B0\u1EDDng L\xE1t"),
    col("representative", "Ng\u01B0\u1EDDi \u0111\u1EA1i di\u1EC7n", false, "L\xF2 V\u0103n A"),
    col("phone", "\u0110i\u1EC7n tho\u1EA1i", false, "0912345678", ["s\u1ED1 \u0111i\u1EC7n tho\u1EA1i"]),
    col("email", "Email", false, "htx@example.vn", ["th\u01B0 \u0111i\u1EC7n t\u1EED"]),
    col("founded_year", "N\u0103m th\xE0nh l\u1EADp", false, "2019"),
    col("members", "S\u1ED1 th\xE0nh vi\xEAn", false, "12"),
    col("women_led", "Ph\u1EE5 n\u1EEF l\xE0m ch\u1EE7", false, "kh\xF4ng"),
    col("ethnic_minority_led", "D\xE2n t\u1ED9c thi\u1EC3u s\u1ED1 l\xE0m ch\u1EE7", false, "c\xF3")
  ],
  products: [
    col("producer_tax_code", "M\xE3 s\u1ED1 thu\u1EBF ch\u1EE7 th\u1EC3", false, "2800123453"),
    col("producer_name", "Ch\u1EE7 th\u1EC3", false, "H\u1EE3p t\xE1c x\xE3 M\u1EADt ong M\u01B0\u1EDDng L\xE1t", ["t\xEAn ch\u1EE7 th\u1EC3"]),
    col("commune_code", "M\xE3 x\xE3", false, "14845"),
    col("product_name", "T\xEAn s\u1EA3n ph\u1EA9m", true, "M\u1EADt ong hoa r\u1EEBng M\u01B0\u1EDDng L\xE1t"),
    col("product_set", "B\u1ED9 s\u1EA3n ph\u1EA9m", true, "4"),
    col("description", "M\xF4 t\u1EA3", false, "M\u1EADt ong nguy\xEAn ch\u1EA5t, chai 500 ml"),
    col("gtin", "M\xE3 v\u1EA1ch", false, "8930000000019", ["gtin-13", "m\xE3 gtin"])
  ],
  "certified-products": [
    col("product_name", "T\xEAn s\u1EA3n ph\u1EA9m", true, "M\u1EADt ong hoa r\u1EEBng M\u01B0\u1EDDng L\xE1t"),
    col("product_set", "B\u1ED9 s\u1EA3n ph\u1EA9m", true, "M\u1EADt ong, m\u1EADt kh\xE1c v\xE0 n\xF4ng s\u1EA3n th\u1EF1c ph\u1EA9m kh\xE1c"),
    col("producer_name", "Ch\u1EE7 th\u1EC3", true, "H\u1EE3p t\xE1c x\xE3 M\u1EADt ong M\u01B0\u1EDDng L\xE1t", ["t\xEAn ch\u1EE7 th\u1EC3"]),
    col("producer_kind", "Lo\u1EA1i h\xECnh", true, "h\u1EE3p t\xE1c x\xE3", ["lo\u1EA1i h\xECnh ch\u1EE7 th\u1EC3"]),
    col("tax_code", "M\xE3 s\u1ED1 thu\u1EBF", false, "2800123453", ["mst"]),
    col("commune_code", "M\xE3 x\xE3", true, "14845"),
    col("address", "\u0110\u1ECBa ch\u1EC9", false, "B\u1EA3n P\xF9 Toong, x\xE3 M\u01B0\u1EDDng L\xE1t"),
    col("stars", "H\u1EA1ng sao", true, "4", ["s\u1ED1 sao", "x\u1EBFp h\u1EA1ng"]),
    col("decision_number", "S\u1ED1 quy\u1EBFt \u0111\u1ECBnh", true, "1234/Q\u0110-UBND", ["quy\u1EBFt \u0111\u1ECBnh"]),
    col("decision_date", "Ng\xE0y quy\u1EBFt \u0111\u1ECBnh", true, "15/08/2025", ["ng\xE0y c\xF4ng nh\u1EADn"]),
    col("certificate_number", "S\u1ED1 gi\u1EA5y ch\u1EE9ng nh\u1EADn", false, "", ["s\u1ED1 gcn"]),
    col("potential_five_star", "Ti\u1EC1m n\u0103ng 5 sao", false, "kh\xF4ng")
  ]
};
var IGNORED = /* @__PURE__ */ new Set(["stt", "tt", "so tt", "so thu tu", "no", "ghi chu", "note", "notes"]);
function headerForms(spec) {
  return [spec.key, spec.vi, ...spec.aliases ?? []].map(normalizeVi);
}
function candidates(cell) {
  const out = [cell];
  const m = /^(.*?)\s*[[(](.*)[\])]\s*$/.exec(cell);
  if (m) out.push(m[1], m[2]);
  return out.map(normalizeVi).filter(Boolean);
}
function matchHeader(kind, cell) {
  const specs = COLUMNS[kind];
  for (const c of candidates(cell)) {
    const hit = specs.find((s) => headerForms(s).includes(c));
    if (hit) return hit.key;
    if (IGNORED.has(c)) return "ignored";
  }
  return null;
}
var headerLabel = (spec) => `${spec.key} [${spec.vi}]`;

// src/modules/imports/parse.ts
import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
var MAX_IMPORT_BYTES = 25 * 1024 * 1024;
var MAX_IMPORT_ROWS = 1e5;
var FileProblem = class extends Error {
  constructor(problem, row = 0, field = "file", params = {}) {
    super(problem);
    this.problem = problem;
    this.row = row;
    this.field = field;
    this.params = params;
    this.name = "FileProblem";
  }
  problem;
  row;
  field;
  params;
};
var FileProblems = class extends Error {
  constructor(problems) {
    super(problems.map((p) => p.problem).join(", "));
    this.problems = problems;
    this.name = "FileProblems";
  }
  problems;
};
var ZIP = [80, 75, 3, 4];
var OLE2 = [208, 207, 17, 224, 161, 177, 26, 225];
var startsWith = (data, magic) => magic.every((b, i) => data[i] === b);
function detectFormat(data) {
  if (data.length === 0) throw new FileProblem("empty");
  if (data.length > MAX_IMPORT_BYTES) throw new FileProblem("too_large", 0, "file", { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
  if (startsWith(data, ZIP)) return "xlsx";
  if (startsWith(data, OLE2)) throw new FileProblem("old_xls");
  if (startsWith(data, [255, 254]) || startsWith(data, [254, 255])) throw new FileProblem("utf16");
  const head2 = data.subarray(0, 4096);
  const nul = head2.indexOf(0);
  if (nul >= 0) {
    let alternating = 0;
    for (let i = 0; i + 1 < head2.length; i += 2) if (head2[i] === 0 !== (head2[i + 1] === 0)) alternating++;
    if (alternating > head2.length / 4) throw new FileProblem("utf16");
    throw new FileProblem("unsupported_type");
  }
  return "csv";
}
function cleanCell(value) {
  let s = value.normalize("NFC").trim();
  if (s.length > 1 && s.charAt(0) === "'" && "=+-@	\r".includes(s.charAt(1))) s = s.slice(1);
  return s;
}
var UTF8 = new TextDecoder("utf-8", { fatal: true });
function decodeCsv(data) {
  let bytes = data;
  if (startsWith(bytes, [239, 187, 191])) bytes = bytes.subarray(3);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new FileProblem("not_utf8");
  }
}
function detectDelimiter(text9) {
  const counts = { ",": 0, ";": 0, "	": 0 };
  let quoted = false;
  for (const ch of text9.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  let best = ",";
  for (const d of [";", "	"]) if (counts[d] > counts[best]) best = d;
  return best;
}
function readCsvRows(data) {
  const text9 = decodeCsv(data);
  if (text9.trim() === "") throw new FileProblem("empty");
  let records;
  try {
    records = parseCsv(text9, {
      delimiter: detectDelimiter(text9),
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 1024 * 1024
    });
  } catch (e) {
    const err = e;
    throw new FileProblem("malformed_csv", err.lines ?? 0, "file", { detail: String(err.message ?? e).slice(0, 200) });
  }
  if (records.length > MAX_IMPORT_ROWS + 50) throw new FileProblem("too_many_rows", 0, "file", { max: MAX_IMPORT_ROWS });
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map(cleanCell) }));
}
function numberText(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}
function dateText(d) {
  return new Date(Math.round(d.getTime())).toISOString().slice(0, 10);
}
function cellText(value) {
  if (value === null || value === void 0) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value instanceof Date) return dateText(value);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const { result } = value;
      if (result !== void 0 && result !== null && typeof result !== "object") return cellText(result);
      if (result instanceof Date) return dateText(result);
      const f = value.formula ?? "";
      return f ? `=${f}` : "";
    }
    if ("hyperlink" in value) return cellText(value.text);
    if ("error" in value) return String(value.error);
    if ("text" in value) return String(value.text);
  }
  return String(value);
}
async function readXlsxRows(data) {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data);
  } catch {
    throw new FileProblem("unreadable");
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new FileProblem("unreadable");
  if (ws.actualRowCount > MAX_IMPORT_ROWS + 50) throw new FileProblem("too_many_rows", 0, "file", { max: MAX_IMPORT_ROWS });
  const rows2 = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = [];
    const n = row.cellCount;
    for (let i = 1; i <= n; i++) cells.push(cleanCell(cellText(row.getCell(i).value)));
    rows2.push({ row: rowNumber, cells });
  });
  return rows2;
}
async function readSheet(data) {
  const format = detectFormat(data);
  const rows2 = format === "xlsx" ? await readXlsxRows(data) : readCsvRows(data);
  const nonEmpty = rows2.filter((r) => r.cells.some((c) => c !== ""));
  if (nonEmpty.length === 0) throw new FileProblem("empty");
  return { format, rows: nonEmpty };
}
function toTable(sheet, kind) {
  const known = (r) => r.cells.filter((c) => c && matchHeader(kind, c) && matchHeader(kind, c) !== "ignored").length;
  const headerIdx = Math.max(0, sheet.rows.slice(0, 10).findIndex((r) => known(r) >= 2));
  const header = sheet.rows[headerIdx];
  const problems = [];
  const positions = [];
  const seen = /* @__PURE__ */ new Set();
  header.cells.forEach((cell, i) => {
    if (cell === "") return;
    const m = matchHeader(kind, cell);
    if (m === "ignored") return;
    if (m === null) problems.push(new FileProblem("unknown_column", header.row, cell, { column: cell }));
    else if (seen.has(m)) problems.push(new FileProblem("duplicate_column", header.row, m, { column: cell }));
    else {
      seen.add(m);
      positions.push([i, m]);
    }
  });
  for (const spec of COLUMNS[kind]) {
    if (spec.required && !seen.has(spec.key)) {
      problems.push(new FileProblem("missing_column", header.row, spec.key, { column: spec.key, vi: spec.vi }));
    }
  }
  if (kind === "products" && !seen.has("producer_tax_code") && !(seen.has("producer_name") && seen.has("commune_code"))) {
    problems.push(new FileProblem("producer_columns", header.row, "producer_tax_code"));
  }
  if (problems.length) throw new FileProblems(problems);
  const rows2 = [];
  for (const r of sheet.rows.slice(headerIdx + 1)) {
    if ((r.cells[0] ?? "").startsWith("#")) continue;
    const values = {};
    for (const [i, key] of positions) values[key] = r.cells[i] ?? "";
    if (Object.values(values).every((v) => v === "")) continue;
    rows2.push({ row: r.row, values });
  }
  if (rows2.length === 0) throw new FileProblem("header_only", header.row);
  if (rows2.length > MAX_IMPORT_ROWS) throw new FileProblem("too_many_rows", 0, "file", { max: MAX_IMPORT_ROWS });
  return { format: sheet.format, headerRow: header.row, columns: positions.map(([, k]) => k), rows: rows2 };
}

// src/modules/imports/import.repository.ts
import { desc as desc4, eq as eq8, inArray as inArray2, sql as sql14 } from "drizzle-orm";

// src/modules/certification/certification.repository.ts
import { and as and7, inArray, ne as ne2, sql as sql13 } from "drizzle-orm";
var BATCH_SIZE = 500;
function chunk(items, size = BATCH_SIZE) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
async function findTakenCertificateNumbers(ctx, numbers) {
  const taken = /* @__PURE__ */ new Set();
  for (const part of chunk([...new Set(numbers.map((n) => n.toUpperCase()))], 5e3)) {
    const found = await exec(ctx).select({ number: certificates.number }).from(certificates).where(inArray(sql13`upper(${certificates.number})`, part));
    for (const f of found) taken.add(f.number.toUpperCase());
  }
  return taken;
}
async function maxCertificateSeq(ctx, provinceCode, year2) {
  const prefix = `OCOP-${provinceCode}-${year2}-`;
  const [row] = await rows(exec(ctx), sql13`
    select max(substring(upper(${certificates.number}) from ${`^${prefix}(\\d{5})$`})::int) as max
    from ${certificates} where upper(${certificates.number}) like ${prefix + "%"}`);
  return row?.max ?? 0;
}
async function findCertificatesOfProducts(ctx, productIds) {
  const out = [];
  for (const part of chunk(productIds, 5e3)) {
    out.push(...await exec(ctx).select({
      id: certificates.id,
      productId: certificates.productId,
      issuedOn: certificates.issuedOn,
      expiresOn: certificates.expiresOn,
      state: certificates.state
    }).from(certificates).where(and7(inArray(certificates.productId, part), ne2(certificates.state, "revoked"))));
  }
  return out;
}
async function findDecisions(ctx, keys) {
  const out = [];
  for (const part of chunk(keys, 1e3)) {
    const tuples = sql13.join(part.map((k) => sql13`(${k.areaCode}, ${k.number}, ${k.decisionDate}::date)`), sql13`, `);
    out.push(...await exec(ctx).select().from(decisions).where(sql13`(${decisions.areaCode}, ${decisions.number}, ${decisions.decisionDate}) in (${tuples})`));
  }
  return out;
}
async function insertDecisions(ctx, values) {
  for (const part of chunk(values)) await exec(ctx).insert(decisions).values(part);
}
async function insertCertificates(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    await exec(ctx).insert(certificates).values(part);
    onBatch?.(part.length);
  }
}
async function supersedeCertificates(ctx, items) {
  for (const part of chunk(items)) {
    const values = sql13.join(part.map((i) => sql13`(${i.id}::uuid, ${i.supersededOn}::date)`), sql13`, `);
    await exec(ctx).execute(sql13`
      update ${certificates} set state = 'superseded', superseded_on = v.on_date, updated_at = now()
      from (values ${values}) as v(id, on_date)
      where ${certificates.id} = v.id and ${certificates.state} = 'active'`);
  }
}

// src/modules/imports/import.repository.ts
var isUuid2 = (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
async function insertJob(ctx, values) {
  const [row] = await exec(ctx).insert(importJobs).values(values).returning();
  return row;
}
async function updateJob(ctx, id, values) {
  await exec(ctx).update(importJobs).set(values).where(eq8(importJobs.id, id));
}
async function findJob(ctx, id) {
  if (!isUuid2(id)) return null;
  const [row] = await exec(ctx).select().from(importJobs).where(eq8(importJobs.id, id)).limit(1);
  return row ?? null;
}
async function listJobs(ctx, createdBy, limit) {
  return exec(ctx).select({
    id: importJobs.id,
    kind: importJobs.kind,
    fileName: importJobs.fileName,
    status: importJobs.status,
    totalRows: importJobs.totalRows,
    processedRows: importJobs.processedRows,
    createdAt: importJobs.createdAt,
    finishedAt: importJobs.finishedAt,
    errorCount: sql14`jsonb_array_length(${importJobs.errors})::int`
  }).from(importJobs).where(createdBy === void 0 ? void 0 : createdBy === null ? sql14`${importJobs.createdBy} is null` : eq8(importJobs.createdBy, createdBy)).orderBy(desc4(importJobs.createdAt)).limit(limit);
}
async function loadAreas(ctx) {
  return exec(ctx).select({
    code: areas.code,
    name: areas.name,
    kind: areas.kind,
    level: areas.level,
    parentCode: areas.parentCode
  }).from(areas);
}
async function loadProductSets(ctx, classification) {
  return exec(ctx).select({ code: productSets.code, name: productSets.name }).from(productSets).where(eq8(productSets.classification, classification));
}
var producerColumns = {
  id: producers.id,
  name: producers.name,
  nameKey: producers.nameKey,
  kind: producers.kind,
  taxCode: producers.taxCode,
  communeCode: producers.communeCode,
  provinceCode: producers.provinceCode,
  address: producers.address,
  representative: producers.representative,
  phone: producers.phone,
  email: producers.email,
  foundedYear: producers.foundedYear,
  members: producers.members,
  womenLed: producers.womenLed,
  ethnicMinorityLed: producers.ethnicMinorityLed,
  isSample: producers.isSample,
  createdAt: producers.createdAt,
  updatedAt: producers.updatedAt
};
async function findProducersByTaxCodes(ctx, codes) {
  const out = [];
  for (const part of chunk([...new Set(codes)], 5e3)) {
    out.push(...await exec(ctx).select(producerColumns).from(producers).where(inArray2(producers.taxCode, part)));
  }
  return out;
}
async function findProducersByNames(ctx, keys) {
  const out = [];
  for (const part of chunk(keys, 2e3)) {
    const tuples = sql14.join(part.map((k) => sql14`(${k.communeCode}, ${k.nameKey})`), sql14`, `);
    out.push(...await exec(ctx).select(producerColumns).from(producers).where(sql14`(${producers.communeCode}, ${producers.nameKey}) in (${tuples})`));
  }
  return out;
}
async function insertProducers(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    await exec(ctx).insert(producers).values(part);
    onBatch?.(part.length);
  }
}
async function updateProducers(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    const tuples = sql14.join(part.map((p) => sql14`(${p.id}::uuid, ${p.name}, ${p.nameKey}, ${p.kind}, ${p.taxCode ?? null},
      ${p.communeCode}, ${p.provinceCode}, ${p.address ?? ""}, ${p.representative ?? ""}, ${p.phone ?? null},
      ${p.email ?? null}, ${p.foundedYear ?? null}::smallint, ${p.members ?? null}::int, ${p.womenLed ?? false}::boolean,
      ${p.ethnicMinorityLed ?? false}::boolean)`), sql14`, `);
    await exec(ctx).execute(sql14`
      update ${producers} set name = v.name, name_key = v.name_key, kind = v.kind, tax_code = v.tax_code,
        commune_code = v.commune_code, province_code = v.province_code, address = v.address,
        representative = v.representative, phone = v.phone, email = v.email, founded_year = v.founded_year,
        members = v.members, women_led = v.women_led, ethnic_minority_led = v.ethnic_minority_led, updated_at = now()
      from (values ${tuples}) as v(id, name, name_key, kind, tax_code, commune_code, province_code, address,
        representative, phone, email, founded_year, members, women_led, ethnic_minority_led)
      where ${producers.id} = v.id`);
    onBatch?.(part.length);
  }
}
async function setProducerTaxCodes(ctx, items) {
  for (const part of chunk(items)) {
    const tuples = sql14.join(part.map((i) => sql14`(${i.id}::uuid, ${i.taxCode})`), sql14`, `);
    await exec(ctx).execute(sql14`update ${producers} set tax_code = v.tax_code, updated_at = now()
      from (values ${tuples}) as v(id, tax_code) where ${producers.id} = v.id`);
  }
}
async function findProductsOfProducers(ctx, producerIds) {
  const out = [];
  for (const part of chunk([...new Set(producerIds)], 5e3)) {
    out.push(...await exec(ctx).select({ id: products.id, producerId: products.producerId, name: products.name, gtin: products.gtin }).from(products).where(inArray2(products.producerId, part)));
  }
  return out;
}
async function findProductsByGtins(ctx, gtins) {
  const out = [];
  for (const part of chunk([...new Set(gtins)], 5e3)) {
    out.push(...await exec(ctx).select({ id: products.id, gtin: products.gtin }).from(products).where(inArray2(products.gtin, part)));
  }
  return out;
}
async function insertProducts(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    await exec(ctx).insert(products).values(part);
    onBatch?.(part.length);
  }
}
async function updateProducts(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    const tuples = sql14.join(part.map((p) => sql14`(${p.id}::uuid, ${p.productSetCode}, ${p.description}, ${p.gtin})`), sql14`, `);
    await exec(ctx).execute(sql14`
      update ${products} set product_set_code = v.set_code, description = coalesce(v.description, ${products.description}),
        gtin = coalesce(v.gtin, ${products.gtin}), updated_at = now()
      from (values ${tuples}) as v(id, set_code, description, gtin) where ${products.id} = v.id`);
    onBatch?.(part.length);
  }
}
async function setProductStatus(ctx, ids, status) {
  for (const part of chunk(ids, 5e3)) {
    await exec(ctx).update(products).set({ status, updatedAt: /* @__PURE__ */ new Date() }).where(inArray2(products.id, part));
  }
}
async function upsertAreas(ctx, values, onBatch) {
  for (const part of chunk(values)) {
    await exec(ctx).insert(areas).values(part).onConflictDoUpdate({
      target: areas.code,
      set: { name: sql14`excluded.name`, kind: sql14`excluded.kind`, parentCode: sql14`excluded.parent_code`, updatedAt: sql14`now()` }
    });
    onBatch?.(part.length);
  }
}
async function lockImports(ctx) {
  await exec(ctx).execute(sql14`select pg_advisory_xact_lock(4242101)`);
}

// src/modules/imports/import.context.ts
var MAX_ERRORS = 1e4;
var ErrorList = class {
  constructor(locale) {
    this.locale = locale;
  }
  locale;
  errors = [];
  rows = /* @__PURE__ */ new Set();
  truncated = false;
  add(row, field, key, params) {
    this.rows.add(row);
    if (this.errors.length >= MAX_ERRORS) {
      if (!this.truncated) {
        this.truncated = true;
        this.errors.push({ row: 0, field: "file", message: t(this.locale, "imports.err.tooManyErrors", { max: MAX_ERRORS }) });
      }
      return;
    }
    this.errors.push({ row, field, message: t(this.locale, key, params) });
  }
  addProblem(row, field, p) {
    this.add(row, field, p.key, p.params);
  }
  hasRow(row) {
    return this.rows.has(row);
  }
  get size() {
    return this.errors.length;
  }
  get rowCount() {
    return this.rows.size;
  }
  /** Errors in spreadsheet order (row, then the order they were found). */
  sorted() {
    return this.errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.row - b.e.row || a.i - b.i).map((x) => x.e);
  }
};
async function loadReference(ctx) {
  const [areaRows, sets] = await Promise.all([loadAreas(ctx), loadProductSets(ctx, CURRENT_CLASSIFICATION)]);
  return {
    areas: new Map(areaRows.map((a) => [a.code, a])),
    setsByCode: new Map(sets.map((s) => [s.code, s.code])),
    setsByName: new Map(sets.map((s) => [normalizeVi(s.name), s.code]))
  };
}
function resolveProductSet(ref, value) {
  if (/^\d{1,3}$/.test(value)) return ref.setsByCode.get(String(Number(value))) ?? null;
  return ref.setsByCode.get(value) ?? ref.setsByName.get(normalizeVi(value)) ?? null;
}
function inScope(actor, provinceCode) {
  if (actor.role === "national_admin") return true;
  if (actor.role === "province_officer") return (actor.provinceCode ?? actor.areaCode) === provinceCode;
  return false;
}
var Progress = class {
  constructor(totalRows, work, report) {
    this.totalRows = totalRows;
    this.work = work;
    this.report = report;
  }
  totalRows;
  work;
  report;
  done = 0;
  start() {
    this.report(0, this.totalRows);
  }
  /** Count finished units of work (rows written by one statement). */
  advance = (units) => {
    this.done += units;
    const rows2 = this.work === 0 ? this.totalRows : Math.min(this.totalRows, Math.floor(this.done / this.work * this.totalRows));
    this.report(rows2, this.totalRows);
  };
};

// src/modules/imports/progress.ts
var live = /* @__PURE__ */ new Map();
function setProgress(jobId, p) {
  live.set(jobId, p);
}
function getProgress(jobId) {
  return live.get(jobId);
}
function clearProgress(jobId) {
  live.delete(jobId);
}

// src/modules/imports/fields.ts
var ok = (value) => ({ ok: true, value });
var fail = (key, params) => ({ ok: false, problem: params ? { key, params } : { key } });
var MAX_TEXT = { name: 300, address: 500, description: 5e3, short: 100 };
function text8(value, max) {
  return value.length > max ? fail("imports.err.tooLong", { max }) : ok(value);
}
function requiredText(value, max) {
  return value === "" ? fail("imports.err.required") : text8(value, max);
}
function taxCode(value) {
  if (value === "") return ok(null);
  let r = validateTaxCode(value);
  if (!r.ok && /^\d{9}(-?\d{3})?$/.test(value)) {
    const padded = validateTaxCode("0" + value);
    if (padded.ok) r = padded;
  }
  if (r.ok) return ok(r.value);
  return fail(r.reason === "checksum" ? "imports.err.taxCodeChecksum" : "imports.err.taxCodeFormat");
}
function gtin(value) {
  if (value === "") return ok(null);
  const r = validateGtin13(value);
  if (r.ok) return ok(r.value);
  return fail(r.reason === "checksum" ? "imports.err.gtinChecksum" : "imports.err.gtinFormat");
}
function areaCode(value, width) {
  return /^\d{1,5}$/.test(value) && value.length < width ? value.padStart(width, "0") : value;
}
function date2(value) {
  if (value === "") return fail("imports.err.required");
  const parsed = /^\d{5}(\.\d+)?$/.test(value) ? excelSerialToDate(Number(value)) : parseDateInput(value);
  return parsed ? ok(parsed) : fail("imports.err.date");
}
function stars(value) {
  if (value === "") return fail("imports.err.required");
  const m = /^([345])(?:[.,]0+)?\s*(?:sao|★|\*|stars?)?$/i.exec(value);
  return m ? ok(Number(m[1])) : fail("imports.err.stars");
}
var TRUE = /* @__PURE__ */ new Set(["yes", "y", "true", "co", "x", "1", "dung"]);
var FALSE = /* @__PURE__ */ new Set(["no", "n", "false", "khong", "0", "sai"]);
function bool2(value) {
  if (value === "") return ok(false);
  const k = normalizeVi(value);
  if (TRUE.has(k)) return ok(true);
  if (FALSE.has(k)) return ok(false);
  return fail("imports.err.boolean");
}
function producerKind(value) {
  if (value === "") return fail("imports.err.required");
  const k = parseProducerKind(value);
  return k ? ok(k) : fail("imports.err.producerKind");
}
function phone(value) {
  if (value === "") return ok(null);
  const r = validateVnPhone(value);
  return r.ok ? ok(r.value) : fail("imports.err.phone");
}
function email(value) {
  if (value === "") return ok(null);
  const r = validateEmail(value);
  return r.ok ? ok(r.value) : fail("imports.err.email");
}
function year(value, thisYear) {
  if (value === "") return ok(null);
  const n = Number(value);
  return /^\d{4}$/.test(value) && n >= 1900 && n <= thisYear ? ok(n) : fail("imports.err.year");
}
function count(value) {
  if (value === "") return ok(null);
  return /^\d{1,7}$/.test(value) ? ok(Number(value)) : fail("imports.err.integer");
}
var RowReader = class {
  constructor(values, report) {
    this.values = values;
    this.report = report;
  }
  values;
  report;
  raw(field) {
    return this.values[field] ?? "";
  }
  /** The checked value, or undefined after reporting the problem. */
  get(field, check) {
    const r = check(this.raw(field));
    if (r.ok) return r.value;
    this.report(field, r.problem);
    return void 0;
  }
  problem(field, key, params) {
    this.report(field, params ? { key, params } : { key });
  }
};

// src/modules/imports/areas.import.ts
var LEVELS = {
  province: "province",
  tinh: "province",
  "thanh pho": "province",
  "cap tinh": "province",
  commune: "commune",
  xa: "commune",
  phuong: "commune",
  "dac khu": "commune",
  "cap xa": "commune"
};
var DEFAULT_KIND = { province: "T\u1EC9nh", commune: "X\xE3" };
async function planAreas(k, dataRows) {
  const parsed = [];
  const seen = /* @__PURE__ */ new Map();
  for (const r of dataRows) {
    const rd = new RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const levelRaw = rd.raw("level");
    const level = LEVELS[normalizeVi(levelRaw)];
    if (levelRaw === "") rd.problem("level", "imports.err.required");
    else if (!level) rd.problem("level", "imports.err.level");
    let code = rd.raw("code");
    if (code === "") rd.problem("code", "imports.err.required");
    else if (level) {
      code = areaCode(code, level === "province" ? 2 : 5);
      if (!(level === "province" ? /^\d{2}$/ : /^\d{5}$/).test(code)) rd.problem("code", "imports.err.areaCode");
    }
    const name = rd.get("name", (v) => requiredText(v, MAX_TEXT.name));
    const kind = rd.get("kind", (v) => text8(v, MAX_TEXT.short));
    const parentCode = areaCode(rd.raw("parent_code"), 2);
    if (level === "province" && parentCode !== "") rd.problem("parent_code", "imports.err.parentForProvince");
    if (level === "commune" && parentCode === "") rd.problem("parent_code", "imports.err.required");
    if (k.errors.hasRow(r.row)) continue;
    const first = seen.get(code);
    if (first !== void 0) {
      k.errors.add(r.row, "code", "imports.err.duplicateRow", { row: first });
      continue;
    }
    seen.set(code, r.row);
    parsed.push({ row: r.row, code, name, kind: kind || DEFAULT_KIND[level], level, parentCode: level === "commune" ? parentCode : null });
  }
  const fileProvinces = new Set(parsed.filter((a) => a.level === "province").map((a) => a.code));
  let created = 0;
  for (const a of parsed) {
    const stored = k.ref.areas.get(a.code);
    if (stored && stored.level !== a.level) k.errors.add(a.row, "level", "imports.err.levelChange");
    if (!stored) created++;
    if (a.level === "commune" && !fileProvinces.has(a.parentCode) && k.ref.areas.get(a.parentCode)?.level !== "province") {
      k.errors.add(a.row, "parent_code", "imports.err.unknownParent", { code: a.parentCode });
    }
  }
  if (k.errors.size) return null;
  const ordered = [...parsed.filter((a) => a.level === "province"), ...parsed.filter((a) => a.level === "commune")].map(({ row: _row, ...a }) => a);
  return {
    work: ordered.length,
    async write(tx, progress) {
      await upsertAreas(tx, ordered, progress.advance);
      return { rows: dataRows.length, created, updated: ordered.length - created };
    }
  };
}

// src/modules/imports/producers.import.ts
import { randomUUID as randomUUID3 } from "node:crypto";
async function planProducers(k, dataRows) {
  const thisYear = Number(k.today.slice(0, 4));
  const parsed = [];
  const byTax = /* @__PURE__ */ new Map();
  const byName = /* @__PURE__ */ new Map();
  for (const r of dataRows) {
    const rd = new RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const name = rd.get("name", (v) => requiredText(v, MAX_TEXT.name));
    const kind = rd.get("kind", producerKind);
    const taxCode2 = rd.get("tax_code", taxCode);
    const communeCode = areaCode(rd.raw("commune_code"), 5);
    let provinceCode;
    if (communeCode === "") rd.problem("commune_code", "imports.err.required");
    else {
      const commune2 = k.ref.areas.get(communeCode);
      if (!commune2 || commune2.level !== "commune" || !commune2.parentCode) rd.problem("commune_code", "imports.err.unknownCommune", { code: communeCode });
      else if (!inScope(k.actor, commune2.parentCode)) rd.problem("commune_code", "imports.err.outsideArea");
      else provinceCode = commune2.parentCode;
    }
    const values = {
      address: rd.get("address", (v) => text8(v, MAX_TEXT.address)),
      representative: rd.get("representative", (v) => text8(v, MAX_TEXT.name)),
      phone: rd.get("phone", phone),
      email: rd.get("email", email),
      foundedYear: rd.get("founded_year", (v) => year(v, thisYear)),
      members: rd.get("members", count),
      womenLed: rd.get("women_led", bool2),
      ethnicMinorityLed: rd.get("ethnic_minority_led", bool2)
    };
    if (k.errors.hasRow(r.row)) continue;
    const key = nameKey(name);
    if (taxCode2) {
      const first = byTax.get(taxCode2);
      if (first !== void 0) {
        k.errors.add(r.row, "tax_code", "imports.err.duplicateRow", { row: first });
        continue;
      }
      byTax.set(taxCode2, r.row);
    }
    const nk = `${communeCode}|${key}`;
    const firstByName = byName.get(nk);
    if (firstByName !== void 0) {
      k.errors.add(r.row, "name", "imports.err.duplicateRow", { row: firstByName });
      continue;
    }
    byName.set(nk, r.row);
    const given = new Set(Object.keys(r.values).filter((c) => r.values[c] !== ""));
    parsed.push({
      row: r.row,
      given,
      values: {
        name,
        nameKey: key,
        kind,
        taxCode: taxCode2 ?? null,
        communeCode,
        provinceCode,
        address: values.address ?? "",
        representative: values.representative ?? "",
        phone: values.phone ?? null,
        email: values.email ?? null,
        foundedYear: values.foundedYear ?? null,
        members: values.members ?? null,
        womenLed: values.womenLed ?? false,
        ethnicMinorityLed: values.ethnicMinorityLed ?? false
      }
    });
  }
  const dbByTax = new Map((await findProducersByTaxCodes(k.ctx, parsed.flatMap((p) => p.values.taxCode ? [p.values.taxCode] : []))).map((p) => [p.taxCode, p]));
  const dbByName = new Map((await findProducersByNames(k.ctx, parsed.map((p) => ({ communeCode: p.values.communeCode, nameKey: p.values.nameKey })))).map((p) => [`${p.communeCode}|${p.nameKey}`, p]));
  const creates = [];
  const updates = [];
  const claimed = /* @__PURE__ */ new Map();
  for (const p of parsed) {
    const v = p.values;
    const named = dbByName.get(`${v.communeCode}|${v.nameKey}`);
    const found = (v.taxCode ? dbByTax.get(v.taxCode) : void 0) ?? named;
    if (named && found && named.id !== found.id) {
      k.errors.add(p.row, "name", "imports.err.nameTaken", { taxCode: named.taxCode ?? "\u2014" });
      continue;
    }
    if (!found) {
      creates.push({ id: randomUUID3(), ...v });
      continue;
    }
    if (v.taxCode && found.taxCode && found.taxCode !== v.taxCode) {
      k.errors.add(p.row, "tax_code", "imports.err.taxCodeMismatch", { taxCode: found.taxCode });
      continue;
    }
    if (!inScope(k.actor, found.provinceCode)) {
      k.errors.add(p.row, "tax_code", "imports.err.outsideArea");
      continue;
    }
    const first = claimed.get(found.id);
    if (first !== void 0) {
      k.errors.add(p.row, "name", "imports.err.duplicateRow", { row: first });
      continue;
    }
    claimed.set(found.id, p.row);
    const keep = (col2, next, stored) => p.given.has(col2) ? next : stored;
    updates.push({
      ...v,
      id: found.id,
      taxCode: v.taxCode ?? found.taxCode,
      address: keep("address", v.address, found.address),
      representative: keep("representative", v.representative, found.representative),
      phone: keep("phone", v.phone, found.phone),
      email: keep("email", v.email, found.email),
      foundedYear: keep("founded_year", v.foundedYear, found.foundedYear),
      members: keep("members", v.members, found.members),
      womenLed: keep("women_led", v.womenLed, found.womenLed),
      ethnicMinorityLed: keep("ethnic_minority_led", v.ethnicMinorityLed, found.ethnicMinorityLed)
    });
  }
  if (k.errors.size) return null;
  return {
    work: creates.length + updates.length,
    async write(tx, progress) {
      await updateProducers(tx, updates, progress.advance);
      await insertProducers(tx, creates, progress.advance);
      return { rows: dataRows.length, created: creates.length, updated: updates.length };
    }
  };
}

// src/modules/imports/products.import.ts
import { randomUUID as randomUUID4 } from "node:crypto";
function readRows(k, dataRows) {
  const out = [];
  for (const r of dataRows) {
    const rd = new RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const taxCode2 = rd.get("producer_tax_code", taxCode);
    const producerName2 = rd.get("producer_name", (v) => text8(v, MAX_TEXT.name)) ?? "";
    const communeCode = areaCode(rd.raw("commune_code"), 5);
    if (taxCode2 === null && (producerName2 === "" || communeCode === "")) rd.problem("producer_tax_code", "imports.err.producerRef");
    if (communeCode !== "" && k.ref.areas.get(communeCode)?.level !== "commune") {
      rd.problem("commune_code", "imports.err.unknownCommune", { code: communeCode });
    }
    const name = rd.get("product_name", (v) => requiredText(v, MAX_TEXT.name));
    const setRaw = rd.raw("product_set");
    let setCode = null;
    if (setRaw === "") rd.problem("product_set", "imports.err.required");
    else {
      setCode = resolveProductSet(k.ref, setRaw);
      if (!setCode) rd.problem("product_set", "imports.err.unknownProductSet", { value: setRaw, classification: CURRENT_CLASSIFICATION });
    }
    const description = rd.get("description", (v) => text8(v, MAX_TEXT.description));
    const gtin2 = rd.get("gtin", gtin);
    if (k.errors.hasRow(r.row)) continue;
    out.push({
      row: r.row,
      taxCode: taxCode2 ?? null,
      producerName: producerName2,
      communeCode,
      name,
      setCode,
      description: description || null,
      gtin: gtin2 ?? null
    });
  }
  return out;
}
async function planProducts(k, dataRows) {
  const rows2 = readRows(k, dataRows);
  const byTax = new Map((await findProducersByTaxCodes(k.ctx, rows2.flatMap((r) => r.taxCode ? [r.taxCode] : []))).map((p) => [p.taxCode, p]));
  const named = rows2.filter((r) => r.producerName && r.communeCode).map((r) => ({ communeCode: r.communeCode, nameKey: nameKey(r.producerName) }));
  const byName = new Map((await findProducersByNames(k.ctx, named)).map((p) => [`${p.communeCode}|${p.nameKey}`, p]));
  const resolved = [];
  for (const r of rows2) {
    const producer = (r.taxCode ? byTax.get(r.taxCode) : void 0) ?? (r.producerName && r.communeCode ? byName.get(`${r.communeCode}|${nameKey(r.producerName)}`) : void 0);
    if (!producer) {
      k.errors.add(r.row, r.taxCode ? "producer_tax_code" : "producer_name", "imports.err.producerNotFound");
      continue;
    }
    if (!inScope(k.actor, producer.provinceCode)) {
      k.errors.add(r.row, r.taxCode ? "producer_tax_code" : "commune_code", "imports.err.outsideArea");
      continue;
    }
    resolved.push({ r, producer });
  }
  const existing = new Map((await findProductsOfProducers(k.ctx, resolved.map((x) => x.producer.id))).map((p) => [`${p.producerId}|${normalizeVi(p.name)}`, p]));
  const gtinOwner = new Map((await findProductsByGtins(k.ctx, rows2.flatMap((r) => r.gtin ? [r.gtin] : []))).map((p) => [p.gtin, p.id]));
  const seen = /* @__PURE__ */ new Map();
  const seenGtin = /* @__PURE__ */ new Map();
  const creates = [];
  const updates = [];
  for (const { r, producer } of resolved) {
    const key = `${producer.id}|${normalizeVi(r.name)}`;
    const first = seen.get(key);
    if (first !== void 0) {
      k.errors.add(r.row, "product_name", "imports.err.duplicateRow", { row: first });
      continue;
    }
    seen.set(key, r.row);
    const match = existing.get(key);
    const id = match?.id ?? randomUUID4();
    if (r.gtin) {
      const firstGtin = seenGtin.get(r.gtin);
      const owner = gtinOwner.get(r.gtin);
      if (firstGtin !== void 0) {
        k.errors.add(r.row, "gtin", "imports.err.duplicateRow", { row: firstGtin });
        continue;
      }
      seenGtin.set(r.gtin, r.row);
      if (owner && owner !== id) {
        k.errors.add(r.row, "gtin", "imports.err.gtinTaken", { gtin: r.gtin });
        continue;
      }
    }
    if (match) updates.push({ id, productSetCode: r.setCode, description: r.description, gtin: r.gtin });
    else {
      creates.push({
        id,
        producerId: producer.id,
        name: r.name,
        classification: CURRENT_CLASSIFICATION,
        productSetCode: r.setCode,
        description: r.description ?? "",
        gtin: r.gtin,
        provinceCode: producer.provinceCode,
        communeCode: producer.communeCode
      });
    }
  }
  if (k.errors.size) return null;
  return {
    work: creates.length + updates.length,
    async write(tx, progress) {
      await updateProducts(tx, updates, progress.advance);
      await insertProducts(tx, creates, progress.advance);
      return { rows: dataRows.length, created: creates.length, updated: updates.length };
    }
  };
}

// src/modules/imports/certified.import.ts
import { randomUUID as randomUUID5 } from "node:crypto";
var collapse = (s) => s.replace(/\s+/g, " ");
function readRows2(k, rows2) {
  const out = [];
  for (const r of rows2) {
    const rd = new RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const productName = rd.get("product_name", (v) => requiredText(v, MAX_TEXT.name));
    const setRaw = rd.raw("product_set");
    let setCode = null;
    if (setRaw === "") rd.problem("product_set", "imports.err.required");
    else {
      setCode = resolveProductSet(k.ref, setRaw);
      if (!setCode) rd.problem("product_set", "imports.err.unknownProductSet", { value: setRaw, classification: CURRENT_CLASSIFICATION });
    }
    const producerName2 = rd.get("producer_name", (v) => requiredText(v, MAX_TEXT.name));
    const kind = rd.get("producer_kind", producerKind);
    const taxCode2 = rd.get("tax_code", taxCode);
    const communeCode = areaCode(rd.raw("commune_code"), 5);
    let provinceCode;
    if (communeCode === "") rd.problem("commune_code", "imports.err.required");
    else {
      const commune2 = k.ref.areas.get(communeCode);
      if (!commune2 || commune2.level !== "commune" || !commune2.parentCode) rd.problem("commune_code", "imports.err.unknownCommune", { code: communeCode });
      else if (!inScope(k.actor, commune2.parentCode)) rd.problem("commune_code", "imports.err.outsideArea");
      else provinceCode = commune2.parentCode;
    }
    const address = rd.get("address", (v) => text8(v, MAX_TEXT.address));
    const stars2 = rd.get("stars", stars);
    const decisionNumber = rd.get("decision_number", (v) => requiredText(collapse(v), MAX_TEXT.short));
    let decisionDate = rd.get("decision_date", date2);
    if (decisionDate && decisionDate > k.today) {
      rd.problem("decision_date", "imports.err.futureDate");
      decisionDate = void 0;
    }
    const certNumber = rd.get("certificate_number", (v) => text8(collapse(v), MAX_TEXT.short));
    const potential = rd.get("potential_five_star", bool2);
    if (potential && stars2 !== void 0 && stars2 !== 4) rd.problem("potential_five_star", "imports.err.potentialNeeds4");
    if (k.errors.hasRow(r.row)) continue;
    out.push({
      row: r.row,
      producer: {
        key: "",
        firstRow: r.row,
        name: producerName2,
        nameKey: nameKey(producerName2),
        kind,
        taxCode: taxCode2 ?? null,
        communeCode,
        provinceCode,
        address: address ?? ""
      },
      productName,
      productKey: normalizeVi(productName),
      setCode,
      stars: stars2,
      potential: potential ?? false,
      decisionNumber,
      decisionDate,
      provinceCode,
      certNumber: certNumber || null
    });
  }
  return out;
}
async function resolveProducers(k, rows2) {
  const nameKeyOf = (p) => `${p.communeCode}|${p.nameKey}`;
  const taxByName = /* @__PURE__ */ new Map();
  for (const r of rows2) {
    const p = r.producer;
    if (!p.taxCode) continue;
    const seen = taxByName.get(nameKeyOf(p));
    if (!seen) taxByName.set(nameKeyOf(p), { taxCode: p.taxCode, row: r.row });
    else if (seen.taxCode !== p.taxCode) k.errors.add(r.row, "tax_code", "imports.err.nameTaken", { taxCode: seen.taxCode });
  }
  const refs = /* @__PURE__ */ new Map();
  for (const r of rows2) {
    const p = r.producer;
    const tax = p.taxCode ?? taxByName.get(nameKeyOf(p))?.taxCode;
    p.key = tax ? `T:${tax}` : `N:${nameKeyOf(p)}`;
    if (tax) p.taxCode = tax;
    const known = refs.get(p.key);
    if (known) r.producer = known;
    else refs.set(p.key, p);
  }
  const all = [...refs.values()];
  const byTax = new Map((await findProducersByTaxCodes(k.ctx, all.flatMap((p) => p.taxCode ? [p.taxCode] : []))).map((p) => [p.taxCode, p]));
  const byName = new Map((await findProducersByNames(k.ctx, all.map((p) => ({ communeCode: p.communeCode, nameKey: p.nameKey })))).map((p) => [`${p.communeCode}|${p.nameKey}`, p]));
  const rowsOf = /* @__PURE__ */ new Map();
  for (const r of rows2) {
    const list = rowsOf.get(r.producer);
    if (list) list.push(r.row);
    else rowsOf.set(r.producer, [r.row]);
  }
  for (const p of all) {
    const found = (p.taxCode ? byTax.get(p.taxCode) : void 0) ?? byName.get(nameKeyOf(p));
    if (!found) continue;
    const rowsHere = rowsOf.get(p) ?? [p.firstRow];
    if (p.taxCode && found.taxCode && found.taxCode !== p.taxCode) {
      for (const row of rowsHere) k.errors.add(row, "tax_code", "imports.err.taxCodeMismatch", { taxCode: found.taxCode });
      continue;
    }
    if (!inScope(k.actor, found.provinceCode)) {
      for (const row of rowsHere) k.errors.add(row, "tax_code", "imports.err.outsideArea");
      continue;
    }
    p.existing = found;
    p.id = found.id;
    if (p.taxCode && !found.taxCode) p.fillTaxCode = p.taxCode;
  }
  return refs;
}
async function planCertified(k, dataRows) {
  const rows2 = readRows2(k, dataRows);
  const producers2 = await resolveProducers(k, rows2);
  const existingProducts = /* @__PURE__ */ new Map();
  const matchedIds = [...producers2.values()].flatMap((p) => p.existing ? [p.existing.id] : []);
  for (const pr of await findProductsOfProducers(k.ctx, matchedIds)) {
    existingProducts.set(`${pr.producerId}|${normalizeVi(pr.name)}`, pr);
  }
  const products2 = /* @__PURE__ */ new Map();
  const productOf = /* @__PURE__ */ new Map();
  const seenCert = /* @__PURE__ */ new Map();
  for (const r of rows2) {
    const key = `${r.producer.key}|${r.productKey}`;
    const dupKey = `${key}|${r.decisionDate}`;
    const dup = seenCert.get(dupKey);
    if (dup !== void 0) {
      k.errors.add(r.row, "product_name", "imports.err.duplicateRow", { row: dup });
      continue;
    }
    seenCert.set(dupKey, r.row);
    let ref = products2.get(key);
    if (!ref) {
      const found = r.producer.existing ? existingProducts.get(`${r.producer.existing.id}|${r.productKey}`) : void 0;
      ref = { key, id: found?.id ?? randomUUID5(), existing: !!found, producer: r.producer, name: r.productName, setCode: r.setCode };
      products2.set(key, ref);
    }
    productOf.set(r.row, ref);
  }
  const numberRow = /* @__PURE__ */ new Map();
  for (const r of rows2) {
    if (!r.certNumber) continue;
    const up = r.certNumber.toUpperCase();
    const first = numberRow.get(up);
    if (first !== void 0) k.errors.add(r.row, "certificate_number", "imports.err.duplicateCertNumber", { row: first });
    else numberRow.set(up, r.row);
  }
  const taken = await findTakenCertificateNumbers(k.ctx, [...numberRow.keys()]);
  for (const r of rows2) {
    if (r.certNumber && taken.has(r.certNumber.toUpperCase())) {
      k.errors.add(r.row, "certificate_number", "imports.err.certNumberExists", { number: r.certNumber });
    }
  }
  const existingIds = [...products2.values()].filter((p) => p.existing).map((p) => p.id);
  const timeline = /* @__PURE__ */ new Map();
  const addToTimeline = (productId, c) => {
    const list = timeline.get(productId);
    if (list) list.push(c);
    else timeline.set(productId, [c]);
  };
  for (const c of await findCertificatesOfProducts(k.ctx, existingIds)) addToTimeline(c.productId, { ...c, isNew: false });
  for (const r of rows2) {
    const p = productOf.get(r.row);
    if (!p || k.errors.hasRow(r.row)) continue;
    if ((timeline.get(p.id) ?? []).some((c) => c.issuedOn === r.decisionDate)) {
      k.errors.add(r.row, "decision_date", "imports.err.alreadyCertifiedOn", { date: r.decisionDate });
    }
  }
  if (k.errors.size) return null;
  const nextSeq = /* @__PURE__ */ new Map();
  const numbers = /* @__PURE__ */ new Map();
  let generated = 0;
  for (const r of rows2) {
    if (r.certNumber) {
      numbers.set(r.row, r.certNumber);
      continue;
    }
    const year2 = Number(r.decisionDate.slice(0, 4));
    const pk = `${r.provinceCode}-${year2}`;
    let seq = nextSeq.get(pk);
    if (seq === void 0) {
      seq = await maxCertificateSeq(k.ctx, r.provinceCode, year2);
      const prefix = `OCOP-${r.provinceCode}-${year2}-`;
      for (const n of numberRow.keys()) {
        if (n.startsWith(prefix) && /^\d{5}$/.test(n.slice(prefix.length))) seq = Math.max(seq, Number(n.slice(prefix.length)));
      }
    }
    seq += 1;
    nextSeq.set(pk, seq);
    if (seq > CERTIFICATE_SEQ_MAX) {
      k.errors.add(r.row, "certificate_number", "imports.err.seqExhausted", { province: r.provinceCode, year: year2 });
      continue;
    }
    numbers.set(r.row, makeCertificateNumber(r.provinceCode, year2, seq));
    generated++;
  }
  if (k.errors.size) return null;
  const decisionKey = (r) => `${r.provinceCode}|${r.decisionNumber}|${r.decisionDate}`;
  const wanted = /* @__PURE__ */ new Map();
  for (const r of rows2) wanted.set(decisionKey(r), { areaCode: r.provinceCode, number: r.decisionNumber, decisionDate: r.decisionDate });
  const decisionIds = /* @__PURE__ */ new Map();
  for (const d of await findDecisions(k.ctx, [...wanted.values()])) {
    decisionIds.set(decisionKey({ provinceCode: d.areaCode, decisionNumber: d.number, decisionDate: d.decisionDate }), d.id);
  }
  const newDecisions = [];
  for (const [key, d] of wanted) {
    if (decisionIds.has(key)) continue;
    const id = randomUUID5();
    decisionIds.set(key, id);
    newDecisions.push({ id, number: d.number, decisionDate: d.decisionDate, areaCode: d.areaCode, level: "province", source: "import" });
  }
  const newProducers = [];
  for (const p of producers2.values()) {
    if (p.existing) continue;
    p.id = randomUUID5();
    newProducers.push({
      id: p.id,
      name: p.name,
      nameKey: p.nameKey,
      kind: p.kind,
      taxCode: p.taxCode,
      communeCode: p.communeCode,
      provinceCode: p.provinceCode,
      address: p.address
    });
  }
  const taxFills = [...producers2.values()].flatMap((p) => p.fillTaxCode ? [{ id: p.id, taxCode: p.fillTaxCode }] : []);
  const newProducts = [...products2.values()].filter((p) => !p.existing).map((p) => ({
    id: p.id,
    producerId: p.producer.id,
    name: p.name,
    classification: CURRENT_CLASSIFICATION,
    productSetCode: p.setCode,
    provinceCode: p.producer.existing?.provinceCode ?? p.producer.provinceCode,
    communeCode: p.producer.existing?.communeCode ?? p.producer.communeCode,
    status: "certified"
  }));
  const newCerts = rows2.map((r) => {
    const p = productOf.get(r.row);
    const cert = {
      id: randomUUID5(),
      number: numbers.get(r.row),
      productId: p.id,
      decisionId: decisionIds.get(decisionKey(r)),
      stars: r.stars,
      potentialFiveStar: r.potential,
      issuedOn: r.decisionDate,
      expiresOn: certificateExpiry(r.decisionDate),
      state: "active",
      supersededOn: null,
      provinceCode: p.producer.existing?.provinceCode ?? p.producer.provinceCode,
      communeCode: p.producer.existing?.communeCode ?? p.producer.communeCode
    };
    addToTimeline(p.id, { id: cert.id, issuedOn: cert.issuedOn, expiresOn: cert.expiresOn, isNew: true, state: "active" });
    return cert;
  });
  const certById = new Map(newCerts.map((c) => [c.id, c]));
  const supersede = [];
  const status = { certified: [], expired: [] };
  for (const [productId, certs] of timeline) {
    if (!certs.some((c) => c.isNew)) continue;
    certs.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
    for (let i = 0; i < certs.length - 1; i++) {
      const older = certs[i];
      const newer = certs[i + 1];
      if (older.state !== "active" || !(newer.issuedOn < older.expiresOn)) continue;
      if (older.isNew) Object.assign(certById.get(older.id), { state: "superseded", supersededOn: newer.issuedOn });
      else if (newer.isNew) supersede.push({ id: older.id, supersededOn: newer.issuedOn });
    }
    const latest = certs[certs.length - 1];
    (latest.expiresOn <= k.today ? status.expired : status.certified).push(productId);
  }
  const expiredCount = newCerts.filter((c) => c.expiresOn <= k.today).length;
  const matchedProducers = [...producers2.values()].filter((p) => p.existing).length;
  const work = newProducers.length + newProducts.length + newCerts.length;
  return {
    work,
    async write(tx, progress) {
      await insertProducers(tx, newProducers, progress.advance);
      await setProducerTaxCodes(tx, taxFills);
      await insertProducts(tx, newProducts, progress.advance);
      await insertDecisions(tx, newDecisions);
      await insertCertificates(tx, newCerts, progress.advance);
      await supersedeCertificates(tx, supersede);
      await setProductStatus(tx, status.certified, "certified");
      await setProductStatus(tx, status.expired, "expired");
      return {
        rows: rows2.length,
        producersCreated: newProducers.length,
        producersMatched: matchedProducers,
        producersUpdated: taxFills.length,
        productsCreated: newProducts.length,
        productsMatched: products2.size - newProducts.length,
        decisionsCreated: newDecisions.length,
        decisionsMatched: wanted.size - newDecisions.length,
        certificatesCreated: newCerts.length,
        certificatesSuperseded: supersede.length + newCerts.filter((c) => c.state === "superseded").length,
        numbersGenerated: generated,
        expired: expiredCount
      };
    }
  };
}

// src/modules/imports/import.service.ts
var SYSTEM_USER = "00000000-0000-0000-0000-000000000000";
var PLANNERS = {
  areas: planAreas,
  producers: planProducers,
  products: planProducts,
  "certified-products": planCertified
};
var FILE_STATUS = {
  too_large: "payload_too_large",
  unsupported_type: "unsupported_media_type",
  old_xls: "unsupported_media_type",
  utf16: "unsupported_media_type",
  not_utf8: "unsupported_media_type",
  unreadable: "unsupported_media_type"
};
function authorise(ctx, kind) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("unauthenticated", "authentication required");
  if (actor.role !== "national_admin" && actor.role !== "province_officer") {
    throw new AppError("forbidden", t(ctx.locale, "imports.forbidden"));
  }
  if (!IMPORT_KINDS.includes(kind)) throw new AppError("not_found", `unknown import kind "${kind}"`);
  if (kind === "criteria") throw new AppError("bad_request", t(ctx.locale, "imports.criteriaLater"), { kind: t(ctx.locale, "imports.criteriaLater") });
  if (kind === "areas" && actor.role !== "national_admin") {
    throw new AppError("forbidden", t(ctx.locale, "imports.areasAdminOnly"));
  }
  return actor;
}
async function runImport(ctx, kind, file, opts = {}) {
  const started = await startImport(ctx, kind, file, opts);
  return started.done;
}
async function startImport(ctx, kind, file, opts = {}) {
  const actor = authorise(ctx, kind);
  const job = await insertJob(ctx, {
    kind,
    fileName: file.name.slice(0, 255) || "upload",
    status: "validating",
    createdBy: actor.userId === SYSTEM_USER ? null : actor.userId
  });
  setProgress(job.id, { status: "validating", done: 0, total: 0 });
  const done = execute(ctx, actor, kind, job.id, file, opts).finally(() => clearProgress(job.id));
  return { jobId: job.id, done };
}
async function markFailed(ctx, jobId, errors3) {
  await updateJob(ctx, jobId, { status: "failed", errors: errors3, finishedAt: /* @__PURE__ */ new Date() });
}
async function readTable(ctx, kind, jobId, file, errors3) {
  try {
    return toTable(await readSheet(file.data), kind);
  } catch (e) {
    if (!(e instanceof FileProblem) && !(e instanceof FileProblems)) throw e;
    const problems = e instanceof FileProblem ? [e] : e.problems;
    for (const p of problems) errors3.add(p.row, p.field, `imports.file.${p.problem}`, p.params);
    await markFailed(ctx, jobId, errors3.sorted());
    const status = problems.map((p) => FILE_STATUS[p.problem]).find(Boolean);
    if (status) {
      const message = errors3.errors[0].message;
      throw new AppError(status, message, { file: message });
    }
    return null;
  }
}
function isUniqueViolation(e) {
  const err = e;
  return err?.code === "23505" || err?.cause?.code === "23505";
}
async function execute(ctx, actor, kind, jobId, file, opts) {
  const errors3 = new ErrorList(ctx.locale);
  const table = await readTable(ctx, kind, jobId, file, errors3);
  if (!table) return { ok: false, jobId, kind, rows: 0, errors: errors3.sorted() };
  const total = table.rows.length;
  await updateJob(ctx, jobId, { totalRows: total });
  setProgress(jobId, { status: "validating", done: 0, total });
  const k = { ctx, actor, ref: await loadReference(ctx), errors: errors3, today: todayInVietnam(ctx.deps.clock()) };
  const plan = await PLANNERS[kind](k, table.rows);
  if (!plan || errors3.size) {
    const list = errors3.sorted();
    await markFailed(ctx, jobId, list);
    return { ok: false, jobId, kind, rows: total, errors: list };
  }
  await updateJob(ctx, jobId, { status: "importing" });
  const progress = new Progress(total, plan.work, progressReporter(ctx, jobId, opts));
  try {
    const summary = await inTx(ctx, async (tx) => {
      await lockImports(tx);
      progress.start();
      const summary2 = await plan.write(tx, progress);
      await updateJob(tx, jobId, { status: "succeeded", processedRows: total, summary: summary2, finishedAt: /* @__PURE__ */ new Date() });
      await recordAudit(tx, {
        action: `import.${kind}`,
        entityType: "import_job",
        entityId: jobId,
        provinceCode: actor.provinceCode,
        after: { kind, fileName: file.name, rows: total, summary: summary2 }
      });
      return summary2;
    });
    return { ok: true, jobId, kind, rows: total, summary };
  } catch (e) {
    if (ctx.tx) throw e;
    if (isUniqueViolation(e)) {
      errors3.add(0, "file", "imports.conflict");
      await markFailed(ctx, jobId, errors3.sorted());
      throw new AppError("conflict", t(ctx.locale, "imports.conflict"));
    }
    await markFailed(ctx, jobId, [{ row: 0, field: "file", message: `internal error (request id ${ctx.requestId})` }]).catch(() => {
    });
    throw e;
  }
}
function progressReporter(ctx, jobId, opts) {
  const outside = ctx.deps.database.engine === "postgres" && !ctx.tx;
  let last = 0;
  let pending = Promise.resolve();
  return (done, total) => {
    setProgress(jobId, { status: "importing", done, total });
    opts.onProgress?.(done, total);
    const now = Date.now();
    if (outside && now - last > 500) {
      last = now;
      pending = pending.then(() => updateJob({ ...ctx, tx: null }, jobId, { processedRows: done })).catch(() => {
      });
    }
  };
}
function formatOutcome(o) {
  if (o.ok) {
    const lines2 = Object.entries(o.summary).map(([k, v]) => `  ${k}: ${v}`);
    return [`Imported ${o.rows} rows of ${o.kind} (job ${o.jobId}).`, ...lines2].join("\n");
  }
  const rows2 = new Set(o.errors.map((e) => e.row)).size;
  const lines = o.errors.map((e) => e.row > 0 ? `  row ${e.row}, field ${e.field}: ${e.message}` : `  ${e.field}: ${e.message}`);
  return [`Import of ${o.kind} failed (job ${o.jobId}): ${o.errors.length} errors in ${rows2} rows; nothing was imported.`, ...lines].join("\n");
}
var STALE_MS = 60 * 60 * 1e3;
function canSeeJob(actor, createdBy) {
  return actor.role === "national_admin" || createdBy !== null && createdBy === actor.userId;
}
async function getJob(ctx, id) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("unauthenticated", "authentication required");
  const job = await findJob(ctx, id);
  if (!job || !canSeeJob(actor, job.createdBy)) throw new AppError("not_found", "import job not found");
  const live2 = getProgress(job.id);
  const running = job.status === "validating" || job.status === "importing";
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: running && live2 ? live2.status : job.status,
    totalRows: job.totalRows,
    processedRows: running && live2 ? live2.done : job.processedRows,
    errorCount: job.errors.length,
    errors: job.errors,
    summary: job.summary ?? null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    stale: running && !live2 && ctx.deps.clock().getTime() - job.createdAt.getTime() > STALE_MS
  };
}
async function listRecentJobs(ctx, limit = 20) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("unauthenticated", "authentication required");
  const rows2 = await listJobs(ctx, actor.role === "national_admin" ? void 0 : actor.userId, limit);
  return rows2.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}

// src/modules/imports/spreadsheet.ts
import { PassThrough } from "node:stream";
import ExcelJS2 from "exceljs";

// src/domain/spreadsheet-safety.ts
var FORMULA_TRIGGERS = /* @__PURE__ */ new Set(["=", "+", "-", "@", "	", "\r"]);
var NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)?$/;
function neutralizeCell(value) {
  if (value.length === 0 || !FORMULA_TRIGGERS.has(value.charAt(0))) return value;
  if (NEGATIVE_NUMBER.test(value)) return value;
  return `'${value}`;
}

// src/modules/imports/spreadsheet.ts
var CSV_TYPE = "text/csv; charset=utf-8";
var XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
var BOM = "\uFEFF";
function csvField(value) {
  if (value === null) return "";
  const s = typeof value === "number" ? String(value) : typeof value === "string" ? neutralizeCell(value) : value.date;
  return /[",;\r\n\t]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
function toCsv(sheet) {
  const parts = [BOM, sheet.header.map(csvField).join(","), "\r\n"];
  for (const row of sheet.rows) parts.push(row.map(csvField).join(","), "\r\n");
  return Buffer.from(parts.join(""), "utf8");
}
function xlsxValue(value) {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string") return neutralizeCell(value);
  const [y, m, d] = value.date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
async function toXlsx(sheets) {
  const withNotes = sheets.some((s) => s.headerNotes?.some(Boolean));
  if (withNotes) return toXlsxInMemory(sheets);
  const stream = new PassThrough();
  const chunks2 = [];
  stream.on("data", (c) => chunks2.push(c));
  const finished = new Promise((resolve5, reject) => {
    stream.on("end", resolve5);
    stream.on("error", reject);
  });
  const wb = new ExcelJS2.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = sheet.header.map((h, i2) => ({ header: h, width: sheet.widths?.[i2] ?? Math.min(40, Math.max(12, h.length + 2)) }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    let i = 0;
    for (const row of sheet.rows) {
      const r = ws.addRow(row.map(xlsxValue));
      row.forEach((v, c) => {
        if (v !== null && typeof v === "object") r.getCell(c + 1).numFmt = "dd/mm/yyyy";
      });
      if (sheet.exampleRows?.includes(i)) r.font = { italic: true, color: { argb: "FF6B7280" } };
      r.commit();
      i++;
    }
    ws.commit();
  }
  await wb.commit();
  await finished;
  return Buffer.concat(chunks2);
}
async function toXlsxInMemory(sheets) {
  const wb = new ExcelJS2.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = sheet.header.map((h, i2) => ({ header: h, width: sheet.widths?.[i2] ?? Math.min(40, Math.max(12, h.length + 2)) }));
    ws.getRow(1).font = { bold: true };
    sheet.headerNotes?.forEach((note, i2) => {
      if (note) ws.getRow(1).getCell(i2 + 1).note = note;
    });
    let i = 0;
    for (const row of sheet.rows) {
      const r = ws.addRow(row.map(xlsxValue));
      row.forEach((v, c) => {
        if (v !== null && typeof v === "object") r.getCell(c + 1).numFmt = "dd/mm/yyyy";
      });
      if (sheet.exampleRows?.includes(i)) r.font = { italic: true, color: { argb: "FF6B7280" } };
      i++;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// src/modules/imports/templates.ts
var vi5 = importMessages.vi;
var en5 = importMessages.en;
var EXAMPLE_MARKER = "# V\xCD D\u1EE4 / EXAMPLE:";
function describe(spec, lang) {
  return lang[`imports.col.${spec.key}`];
}
function exampleRow(specs) {
  return specs.map((s, i) => i === 0 ? `${EXAMPLE_MARKER} ${s.example}` : s.example);
}
async function buildTemplate(kind, format) {
  if (!isTabularKind(kind)) throw new AppError("not_found", en5["imports.noTemplate"]);
  const specs = COLUMNS[kind];
  const header = specs.map(headerLabel);
  const fileName = `ocop-${kind}-template.${format}`;
  if (format === "csv") {
    return { fileName, contentType: CSV_TYPE, body: toCsv({ header, rows: [exampleRow(specs)] }) };
  }
  const yesNo2 = (r) => `${r ? vi5["imports.yes"] : vi5["imports.no"]} / ${r ? en5["imports.yes"] : en5["imports.no"]}`;
  const body = await toXlsx([
    {
      name: `${vi5["imports.dataSheet"]} - ${en5["imports.dataSheet"]}`,
      header,
      rows: [exampleRow(specs)],
      exampleRows: [0],
      headerNotes: specs.map((s) => `${describe(s, vi5)}
${describe(s, en5)}`),
      widths: specs.map((s) => Math.max(16, Math.min(45, headerLabel(s).length + 4)))
    },
    {
      name: `${vi5["imports.notesSheet"]} - ${en5["imports.notesSheet"]}`,
      header: [
        `${vi5["imports.notesColumn"]} / ${en5["imports.notesColumn"]}`,
        `${vi5["imports.notesRequired"]} / ${en5["imports.notesRequired"]}`,
        `${vi5["imports.notesDescription"]}`,
        en5["imports.notesDescription"]
      ],
      rows: [
        ...specs.map((s) => [headerLabel(s), yesNo2(s.required), describe(s, vi5), describe(s, en5)]),
        [null, null, null, null],
        [vi5["imports.notesGeneral"], null, null, null],
        [en5["imports.notesGeneral"], null, null, null]
      ],
      widths: [34, 14, 70, 70]
    }
  ]);
  return { fileName, contentType: XLSX_TYPE, body };
}

// src/modules/imports/export.repository.ts
import { and as and8, asc as asc4, eq as eq9, ne as ne3 } from "drizzle-orm";
var EXPORT_PAGE = 5e3;
async function producerPage(ctx, scope, offset) {
  return exec(ctx).select({
    name: producers.name,
    kind: producers.kind,
    taxCode: producers.taxCode,
    communeCode: producers.communeCode,
    address: producers.address,
    representative: producers.representative,
    phone: producers.phone,
    email: producers.email,
    foundedYear: producers.foundedYear,
    members: producers.members,
    womenLed: producers.womenLed,
    ethnicMinorityLed: producers.ethnicMinorityLed
  }).from(producers).where(scope).orderBy(asc4(producers.provinceCode), asc4(producers.communeCode), asc4(producers.nameKey), asc4(producers.id)).limit(EXPORT_PAGE).offset(offset);
}
async function productPage(ctx, scope, offset) {
  return exec(ctx).select({
    producerTaxCode: producers.taxCode,
    producerName: producers.name,
    communeCode: producers.communeCode,
    name: products.name,
    productSetCode: products.productSetCode,
    description: products.description,
    gtin: products.gtin
  }).from(products).innerJoin(producers, eq9(producers.id, products.producerId)).where(scope).orderBy(asc4(products.provinceCode), asc4(products.communeCode), asc4(producers.nameKey), asc4(products.name), asc4(products.id)).limit(EXPORT_PAGE).offset(offset);
}
async function certifiedPage(ctx, scope, offset) {
  return exec(ctx).select({
    productName: products.name,
    productSetCode: products.productSetCode,
    producerName: producers.name,
    producerKind: producers.kind,
    taxCode: producers.taxCode,
    communeCode: producers.communeCode,
    address: producers.address,
    stars: certificates.stars,
    decisionNumber: decisions.number,
    decisionDate: decisions.decisionDate,
    certificateNumber: certificates.number,
    potentialFiveStar: certificates.potentialFiveStar
  }).from(certificates).innerJoin(products, eq9(products.id, certificates.productId)).innerJoin(producers, eq9(producers.id, products.producerId)).innerJoin(decisions, eq9(decisions.id, certificates.decisionId)).where(and8(ne3(certificates.state, "revoked"), scope)).orderBy(asc4(certificates.provinceCode), asc4(decisions.decisionDate), asc4(certificates.number), asc4(certificates.id)).limit(EXPORT_PAGE).offset(offset);
}

// src/modules/imports/export.service.ts
var yesNo = (b) => b ? "yes" : "no";
async function* pages(fetch) {
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page2 = await fetch(offset);
    yield* page2;
    if (page2.length < EXPORT_PAGE) return;
  }
}
function source(ctx, actor, kind) {
  switch (kind) {
    case "producers": {
      const scope = scopeCondition(actor, { province: producers.provinceCode, commune: producers.communeCode, producer: producers.id });
      return (async function* () {
        for await (const p of pages((o) => producerPage(ctx, scope, o))) {
          yield {
            name: p.name,
            kind: p.kind,
            tax_code: p.taxCode,
            commune_code: p.communeCode,
            address: p.address,
            representative: p.representative,
            phone: p.phone,
            email: p.email,
            founded_year: p.foundedYear,
            members: p.members,
            women_led: yesNo(p.womenLed),
            ethnic_minority_led: yesNo(p.ethnicMinorityLed)
          };
        }
      })();
    }
    case "products": {
      const scope = scopeCondition(actor, { province: products.provinceCode, commune: products.communeCode, producer: products.producerId });
      return (async function* () {
        for await (const p of pages((o) => productPage(ctx, scope, o))) {
          yield {
            producer_tax_code: p.producerTaxCode,
            producer_name: p.producerName,
            commune_code: p.communeCode,
            product_name: p.name,
            product_set: p.productSetCode,
            description: p.description,
            gtin: p.gtin
          };
        }
      })();
    }
    case "certified-products": {
      const scope = scopeCondition(actor, { province: certificates.provinceCode, commune: certificates.communeCode, producer: products.producerId });
      return (async function* () {
        for await (const c of pages((o) => certifiedPage(ctx, scope, o))) {
          yield {
            product_name: c.productName,
            product_set: c.productSetCode,
            producer_name: c.producerName,
            producer_kind: c.producerKind,
            tax_code: c.taxCode,
            commune_code: c.communeCode,
            address: c.address,
            stars: c.stars,
            decision_number: c.decisionNumber,
            decision_date: { date: c.decisionDate },
            certificate_number: c.certificateNumber,
            potential_five_star: yesNo(c.potentialFiveStar)
          };
        }
      })();
    }
  }
}
async function exportData(ctx, kind, format) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("unauthenticated", "authentication required");
  if (!canListRegistry(actor)) throw new AppError("forbidden", "not allowed");
  const specs = COLUMNS[kind];
  const header = specs.map(headerLabel);
  const rows2 = [];
  for await (const r of source(ctx, actor, kind)) rows2.push(specs.map((s) => r[s.key] ?? null));
  const stamp = todayInVietnam(ctx.deps.clock());
  const fileName = `ocop-${kind}-${stamp}.${format}`;
  if (format === "csv") return { fileName, contentType: CSV_TYPE, body: toCsv({ header, rows: rows2 }) };
  return { fileName, contentType: XLSX_TYPE, body: await toXlsx([{ name: kind, header, rows: rows2 }]) };
}

// src/modules/imports/imports.pages.tsx
import { Fragment as Fragment3, jsx as jsx16, jsxs as jsxs14 } from "preact/jsx-runtime";
var STATUS_TONE = {
  validating: "info",
  importing: "info",
  succeeded: "success",
  failed: "danger"
};
var kindLabel = (view, kind) => TABULAR_KINDS.includes(kind) || kind === "criteria" ? view.t(`imports.kind.${kind}`) : kind;
function Status({ view, status }) {
  return /* @__PURE__ */ jsx16(StatusBadge, { tone: STATUS_TONE[status], children: view.t(`imports.status.${status}`) });
}
function ImportsPage({ view, jobs, kinds, errors: errors3 = {}, kind }) {
  const { t: t2 } = view;
  return /* @__PURE__ */ jsxs14(Layout, { view, title: t2("imports.title"), active: "/admin/imports", children: [
    /* @__PURE__ */ jsx16(PageHeader, { title: t2("imports.title"), lead: t2("imports.intro") }),
    /* @__PURE__ */ jsx16(ErrorSummary, { errors: errors3, title: t2("form.errorSummary") }),
    /* @__PURE__ */ jsx16(Card, { children: /* @__PURE__ */ jsxs14("form", { method: "post", action: "/admin/imports", enctype: "multipart/form-data", novalidate: true, children: [
      /* @__PURE__ */ jsx16(CsrfField, { token: view.csrfToken }),
      /* @__PURE__ */ jsx16(
        SelectField,
        {
          name: "kind",
          label: t2("imports.kind"),
          required: true,
          value: kind ?? null,
          error: errors3.kind,
          placeholder: "\u2014",
          options: kinds.map((k) => ({ value: k, label: t2(`imports.kind.${k}`) }))
        }
      ),
      /* @__PURE__ */ jsx16(
        FileField,
        {
          name: "file",
          label: t2("imports.file"),
          required: true,
          accept: ".csv,.xlsx,text/csv",
          error: errors3.file,
          maxBytes: MAX_IMPORT_BYTES,
          hint: t2("imports.fileHint", { mb: MAX_IMPORT_BYTES / 1024 / 1024, rows: MAX_IMPORT_ROWS.toLocaleString(view.locale === "vi" ? "vi-VN" : "en-GB") })
        }
      ),
      /* @__PURE__ */ jsx16(SubmitRow, { children: /* @__PURE__ */ jsx16("button", { type: "submit", class: "btn btn-primary", children: t2("imports.submit") }) })
    ] }) }),
    /* @__PURE__ */ jsxs14(Card, { title: t2("imports.templates"), children: [
      /* @__PURE__ */ jsx16("p", { children: t2("imports.templatesHint") }),
      /* @__PURE__ */ jsx16("ul", { children: kinds.map((k) => /* @__PURE__ */ jsxs14("li", { children: [
        t2(`imports.kind.${k}`),
        ": ",
        /* @__PURE__ */ jsx16("a", { href: `/api/v1/imports/templates/${k}?format=xlsx`, children: "Excel (.xlsx)" }),
        " \xB7 ",
        /* @__PURE__ */ jsx16("a", { href: `/api/v1/imports/templates/${k}?format=csv`, children: "CSV" })
      ] }, k)) })
    ] }),
    /* @__PURE__ */ jsxs14(Card, { title: t2("imports.exports"), children: [
      /* @__PURE__ */ jsx16("p", { children: t2("imports.exportsHint") }),
      /* @__PURE__ */ jsx16("ul", { children: EXPORT_KINDS.map((k) => /* @__PURE__ */ jsxs14("li", { children: [
        t2(`imports.kind.${k}`),
        ": ",
        /* @__PURE__ */ jsx16("a", { href: `/api/v1/exports/${k}?format=xlsx`, children: "Excel (.xlsx)" }),
        " \xB7 ",
        /* @__PURE__ */ jsx16("a", { href: `/api/v1/exports/${k}?format=csv`, children: "CSV" })
      ] }, k)) })
    ] }),
    /* @__PURE__ */ jsx16(
      DataTable,
      {
        caption: t2("imports.recent"),
        empty: t2("imports.noJobs"),
        rows: jobs,
        rowKey: (j) => j.id,
        columns: [
          { key: "createdAt", label: t2("imports.createdAt"), render: (j) => /* @__PURE__ */ jsx16("a", { href: `/admin/imports/${j.id}`, children: formatDateTimeVi(new Date(j.createdAt)) }) },
          { key: "kind", label: t2("imports.kind"), render: (j) => kindLabel(view, j.kind) },
          { key: "fileName", label: t2("imports.fileName"), render: (j) => j.fileName },
          { key: "rows", label: t2("imports.rows"), numeric: true, render: (j) => j.totalRows },
          { key: "status", label: t2("imports.status"), render: (j) => /* @__PURE__ */ jsx16(Status, { view, status: j.status }) }
        ]
      }
    )
  ] });
}
var SUMMARY_KEYS = /* @__PURE__ */ new Set([
  "rows",
  "created",
  "updated",
  "producersCreated",
  "producersMatched",
  "producersUpdated",
  "productsCreated",
  "productsMatched",
  "decisionsCreated",
  "decisionsMatched",
  "certificatesCreated",
  "certificatesSuperseded",
  "numbersGenerated",
  "expired"
]);
function JobPage({ view, job }) {
  const { t: t2 } = view;
  const running = (job.status === "validating" || job.status === "importing") && !job.stale;
  return /* @__PURE__ */ jsxs14(Layout, { view, title: t2("imports.jobTitle"), active: "/admin/imports", children: [
    running ? /* @__PURE__ */ jsx16("meta", { "http-equiv": "refresh", content: "2" }) : null,
    /* @__PURE__ */ jsx16(
      PageHeader,
      {
        title: t2("imports.jobTitle"),
        caption: `${kindLabel(view, job.kind)} \xB7 ${job.fileName}`,
        actions: /* @__PURE__ */ jsx16("a", { class: "btn", href: "/admin/imports", children: t2("imports.again") })
      }
    ),
    /* @__PURE__ */ jsx16("p", { children: /* @__PURE__ */ jsx16(Status, { view, status: job.status }) }),
    running ? /* @__PURE__ */ jsxs14(Notice, { tone: "info", title: t2("imports.running"), children: [
      /* @__PURE__ */ jsx16("p", { children: t2("imports.progress", { done: job.processedRows, total: job.totalRows }) }),
      /* @__PURE__ */ jsx16("progress", { max: Math.max(1, job.totalRows), value: job.processedRows })
    ] }) : null,
    job.stale ? /* @__PURE__ */ jsx16(Notice, { tone: "warning", children: t2("imports.stale") }) : null,
    job.status === "succeeded" && job.summary ? /* @__PURE__ */ jsxs14(Fragment3, { children: [
      /* @__PURE__ */ jsx16(Notice, { tone: "success", children: t2("imports.succeeded", { rows: job.totalRows }) }),
      /* @__PURE__ */ jsx16("h2", { children: t2("imports.summary") }),
      /* @__PURE__ */ jsx16(StatGrid, { items: Object.entries(job.summary).map(([k, v]) => ({
        label: SUMMARY_KEYS.has(k) ? t2(`imports.sum.${k}`) : k,
        value: v
      })) })
    ] }) : null,
    job.status === "failed" ? /* @__PURE__ */ jsxs14(Fragment3, { children: [
      /* @__PURE__ */ jsxs14("div", { class: "error-summary", role: "alert", children: [
        /* @__PURE__ */ jsx16("h2", { class: "error-summary-title", children: t2("form.errorSummary") }),
        /* @__PURE__ */ jsx16("p", { children: t2("imports.failed", { count: job.errors.length }) })
      ] }),
      /* @__PURE__ */ jsx16(
        DataTable,
        {
          caption: t2("imports.errorsTable"),
          empty: t2("common.empty"),
          rows: job.errors,
          columns: [
            { key: "row", label: t2("imports.row"), numeric: true, render: (e) => e.row > 0 ? e.row : "\u2014" },
            { key: "field", label: t2("imports.field"), render: (e) => /* @__PURE__ */ jsx16("code", { children: e.field }) },
            { key: "message", label: t2("imports.message"), render: (e) => e.message }
          ]
        }
      )
    ] }) : null,
    /* @__PURE__ */ jsx16("p", { children: /* @__PURE__ */ jsx16("a", { href: "/admin/imports", children: t2("imports.back") }) })
  ] });
}

// src/modules/imports/imports.routes.tsx
import { jsx as jsx17 } from "preact/jsx-runtime";
var IMPORTERS = ["national_admin", "province_officer"];
var READERS = ["national_admin", "province_officer", "commune_officer", "inspector", "council_member", "producer"];
var ErrorSchema2 = z11.object({
  error: z11.object({ code: z11.string(), message: z11.string(), fields: z11.record(z11.string(), z11.string()).optional() })
});
var errors2 = (...codes) => Object.fromEntries(codes.map((c) => [c, ErrorSchema2]));
var RowErrorSchema = z11.object({ row: z11.number().int(), field: z11.string(), message: z11.string() });
var JobSchema = z11.object({
  id: z11.string(),
  kind: z11.string(),
  fileName: z11.string(),
  status: z11.enum(["validating", "importing", "succeeded", "failed"]),
  totalRows: z11.number().int(),
  processedRows: z11.number().int(),
  errorCount: z11.number().int(),
  errors: z11.array(RowErrorSchema),
  summary: z11.record(z11.string(), z11.number()).nullable(),
  createdAt: z11.string(),
  finishedAt: z11.string().nullable(),
  stale: z11.boolean()
});
var JobListSchema = z11.object({
  items: z11.array(z11.object({
    id: z11.string(),
    kind: z11.string(),
    fileName: z11.string(),
    status: z11.enum(["validating", "importing", "succeeded", "failed"]),
    totalRows: z11.number().int(),
    processedRows: z11.number().int(),
    errorCount: z11.number().int(),
    createdAt: z11.string(),
    finishedAt: z11.string().nullable()
  }))
});
var FormatQuery = z11.object({ format: z11.enum(["csv", "xlsx"]).default("csv") });
var IdParams2 = z11.object({ id: z11.string().max(64) });
async function readUpload(req) {
  if (!req.isMultipart()) {
    throw new AppError("unsupported_media_type", 'send the file as multipart/form-data in the field "file"');
  }
  const body = { file: null };
  for await (const part of req.parts({ limits: { fileSize: MAX_IMPORT_BYTES } })) {
    if (part.type === "file") {
      if (part.fieldname === "file" && !body.file) {
        const data = await part.toBuffer();
        if (data.length > 0 || part.filename) body.file = { name: part.filename || "upload", data };
      } else {
        part.file.resume();
      }
    } else if (typeof part.value === "string" && (part.fieldname === "_csrf" || part.fieldname === "kind")) {
      body[part.fieldname] = part.value;
    }
  }
  req.body = body;
}
function importFailedError(locale, o) {
  const fields = {};
  for (const e of o.errors) {
    const key = e.row > 0 ? `row ${e.row}.${e.field}` : e.field;
    fields[key] = fields[key] ? `${fields[key]}; ${e.message}` : e.message;
  }
  const rows2 = new Set(o.errors.map((e) => e.row)).size;
  return new AppError(
    "import_failed",
    t(locale, "imports.failedSummary", { count: o.errors.length, rows: rows2 }),
    fields,
    { jobId: o.jobId, rows: o.errors }
  );
}
function sendDownload(reply, file) {
  return reply.header("content-disposition", `attachment; filename="${file.fileName}"`).header("cache-control", "no-store").type(file.contentType).send(file.body);
}
var importableKinds = (role) => role === "national_admin" ? TABULAR_KINDS : TABULAR_KINDS.filter((k) => k !== "areas");
function registerImportRoutes(app, _deps) {
  app.post("/api/v1/imports/:kind", {
    config: { access: IMPORTERS },
    preValidation: readUpload,
    schema: {
      tags: ["imports"],
      summary: 'Import a CSV (UTF-8) or XLSX file (multipart field "file"); all rows or none',
      description: 'Every row is validated first; any error answers 422 with each bad row as a field `"row N.column": "reason"` and nothing is written. Wrong file type \u2192 415, too large \u2192 413.',
      consumes: ["multipart/form-data"],
      params: z11.object({ kind: z11.enum(IMPORT_KINDS) }),
      response: {
        200: z11.object({ jobId: z11.string(), kind: z11.enum(IMPORT_KINDS), rows: z11.number().int(), summary: z11.record(z11.string(), z11.number()) }),
        ...errors2(400, 401, 403, 409, 413, 415, 422)
      }
    }
  }, async (req) => {
    const { file } = req.body;
    if (!file) throw new AppError("validation_failed", "a file is required", { file: t(req.ctx.locale, "imports.chooseFile") });
    const outcome = await runImport(req.ctx, req.params.kind, file);
    if (!outcome.ok) throw importFailedError(req.ctx.locale, outcome);
    return { jobId: outcome.jobId, kind: outcome.kind, rows: outcome.rows, summary: outcome.summary };
  });
  app.get("/api/v1/imports", {
    config: { access: IMPORTERS },
    schema: { tags: ["imports"], summary: "Recent import jobs (own jobs; national administrators see all)", response: { 200: JobListSchema, ...errors2(401, 403) } }
  }, async (req) => ({ items: await listRecentJobs(req.ctx, 50) }));
  app.get("/api/v1/imports/:id", {
    config: { access: IMPORTERS },
    schema: { tags: ["imports"], summary: "Status of an import job (poll for progress)", params: IdParams2, response: { 200: JobSchema, ...errors2(401, 403, 404) } }
  }, async (req) => getJob(req.ctx, req.params.id));
  app.get("/api/v1/imports/templates/:kind", {
    config: { access: IMPORTERS },
    schema: {
      tags: ["imports"],
      summary: "Import template (header row, one example row marked with #; XLSX adds notes)",
      params: z11.object({ kind: z11.enum(IMPORT_KINDS) }),
      querystring: FormatQuery,
      response: errors2(400, 401, 403, 404)
    }
  }, async (req, reply) => sendDownload(reply, await buildTemplate(req.params.kind, req.query.format)));
  app.get("/api/v1/exports/:kind", {
    config: { access: READERS },
    schema: {
      tags: ["imports"],
      summary: "Export in the import format (CSV UTF-8 with BOM, or XLSX), limited to your area",
      params: z11.object({ kind: z11.enum(EXPORT_KINDS) }),
      querystring: FormatQuery,
      response: errors2(400, 401, 403)
    }
  }, async (req, reply) => sendDownload(reply, await exportData(req.ctx, req.params.kind, req.query.format)));
  const page2 = async (req, reply, extra = {}, status = 200) => {
    const view = viewOf(req);
    const jobs = await listRecentJobs(req.ctx, 20);
    return sendPage(reply, /* @__PURE__ */ jsx17(ImportsPage, { view, jobs, kinds: importableKinds(req.ctx.actor.role), ...extra }), status);
  };
  app.get("/admin/imports", { config: { access: IMPORTERS }, schema: { hide: true } }, async (req, reply) => page2(req, reply));
  app.post("/admin/imports", {
    config: { access: IMPORTERS },
    preValidation: readUpload,
    schema: { hide: true }
  }, async (req, reply) => {
    const { kind, file } = req.body;
    const fieldErrors = {};
    if (!kind || !IMPORT_KINDS.includes(kind)) fieldErrors.kind = t(req.ctx.locale, "imports.chooseKind");
    if (!file) fieldErrors.file = t(req.ctx.locale, "imports.chooseFile");
    if (Object.keys(fieldErrors).length) return page2(req, reply, { errors: fieldErrors, ...kind ? { kind } : {} }, 400);
    let started;
    try {
      started = await startImport(req.ctx, kind, file);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return page2(req, reply, { errors: { [e.code === "bad_request" || e.code === "forbidden" ? "kind" : "file"]: e.message }, kind }, e.status);
    }
    const log = req.log;
    started.done.catch((e) => {
      if (!(e instanceof AppError)) log.error({ err: e }, "import failed");
    });
    let timer;
    await Promise.race([
      started.done.then(() => void 0, () => void 0),
      new Promise((resolve5) => {
        timer = setTimeout(resolve5, 3e3);
      })
    ]);
    clearTimeout(timer);
    return redirect(reply, `/admin/imports/${started.jobId}`);
  });
  app.get("/admin/imports/:id", {
    config: { access: IMPORTERS },
    schema: { hide: true, params: IdParams2 }
  }, async (req, reply) => {
    const job = await getJob(req.ctx, req.params.id);
    if ((job.status === "validating" || job.status === "importing") && !job.stale) reply.header("refresh", "2");
    return sendPage(reply, /* @__PURE__ */ jsx17(JobPage, { view: viewOf(req), job }));
  });
}

// src/modules/index.ts
async function registerModules(app, deps) {
  registerIdentityRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerImportRoutes(app, deps);
}

// src/app.ts
var MAX_JSON_BODY = 1024 * 1024;
var MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
async function buildApp({ deps, logger }) {
  const { env: env2 } = deps;
  const trusted = splitList(env2.TRUST_PROXY);
  const app = Fastify({
    logger: logger ?? { level: env2.LOG_LEVEL, redact: ["req.headers.authorization", "req.headers.cookie"] },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID6();
    },
    trustProxy: trusted.length ? trusted : false,
    bodyLimit: MAX_JSON_BODY,
    return503OnClosing: true
  }).withTypeProvider();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"]
      }
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: { maxAge: 31536e3, includeSubDomains: true }
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: MAX_JSON_BODY });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 50 } });
  const allow = new BlockList();
  for (const entry of splitList(env2.RATE_LIMIT_ALLOWLIST)) {
    const [addr, bits] = entry.split("/");
    const family = isIP(addr ?? "") === 6 ? "ipv6" : "ipv4";
    if (!addr || !isIP(addr)) continue;
    if (bits) allow.addSubnet(addr, Number(bits), family);
    else allow.addAddress(addr, family);
  }
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: "1 minute",
    allowList: (req) => {
      const ip = req.ip.replace(/^::ffff:/, "");
      return allow.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
    },
    errorResponseBuilder: (_req, ctx) => {
      return new AppError("rate_limited", `rate limit exceeded, retry in ${ctx.after}`);
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "OCOP Platform API",
        version: "1",
        description: 'Public contract of the OCOP Platform (One Commune One Product). Errors use `{"error":{"code","message","fields"}}`. Authenticate with a session cookie (from `POST /api/v1/auth/login`; unsafe requests then need the `x-csrf-token` header) or `Authorization: Bearer <token>`.'
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "ocop_sid" }
        }
      }
    },
    transform: jsonSchemaTransform
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true, uiConfig: { docExpansion: "list" } });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: "/static/",
    immutable: true,
    maxAge: "365d",
    decorateReply: false
  });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());
  registerAuth(app, deps);
  installErrorHandling(app);
  registerOps(app, deps);
  await registerModules(app, deps);
  return app;
}
function errorCodeFor(err) {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_PARTS_LIMIT":
    case "FST_FILES_LIMIT":
      return "payload_too_large";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return "unsupported_media_type";
    default:
      break;
  }
  if (err.statusCode === 429) return "rate_limited";
  if (err.statusCode === 413) return "payload_too_large";
  if (err.statusCode === 415) return "unsupported_media_type";
  if (err.statusCode === 404) return "not_found";
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return "bad_request";
  return "internal_error";
}
function sendError(req, reply, code, message, fields) {
  const status = ERROR_STATUS[code];
  if (isApiRequest(req) || !req.headers.accept?.includes("text/html")) {
    return reply.code(status).type("application/json; charset=utf-8").send({ error: { code, message, ...fields ? { fields } : {} } });
  }
  if (code === "unauthenticated" && req.method === "GET") {
    return reply.code(303).header("location", `/login?next=${encodeURIComponent(req.url)}`).send();
  }
  return renderErrorPage(req, reply, status, code, fields);
}
function installErrorHandling(app) {
  app.setErrorHandler((error, req, reply) => {
    if (error instanceof AppError) return sendError(req, reply, error.code, error.message, error.fields);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
        const key = path || error.validationContext || "body";
        fields[key] ??= issue.message ?? "invalid";
      }
      return sendError(req, reply, "validation_failed", "invalid input", fields);
    }
    const code = errorCodeFor(error);
    if (code === "internal_error") {
      req.log.error({ err: error }, "unhandled error");
      return sendError(req, reply, code, `internal error (request id ${req.id})`);
    }
    return sendError(req, reply, code, error.message);
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, "not_found", "not found"));
}

// src/modules/ops/demo.ts
import { readFile as readFile2 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/modules/ops/scale-seed.repository.ts
import { sql as sql15 } from "drizzle-orm";
var BULK_COLUMNS = {
  producers: {
    id: "uuid",
    name: "text",
    name_key: "text",
    kind: "text",
    tax_code: "text",
    commune_code: "text",
    province_code: "text",
    address: "text",
    representative: "text",
    phone: "text",
    email: "text",
    founded_year: "smallint",
    members: "integer",
    women_led: "boolean",
    ethnic_minority_led: "boolean",
    is_sample: "boolean"
  },
  products: {
    id: "uuid",
    producer_id: "uuid",
    name: "text",
    classification: "text",
    product_set_code: "text",
    description: "text",
    story: "text",
    ingredients: "text",
    packaging: "text",
    shelf_life: "text",
    gtin: "text",
    status: "text",
    province_code: "text",
    commune_code: "text",
    is_sample: "boolean"
  },
  decisions: {
    id: "uuid",
    number: "text",
    decision_date: "date",
    area_code: "text",
    level: "text",
    signer: "text",
    source: "text"
  },
  certificates: {
    id: "uuid",
    number: "text",
    product_id: "uuid",
    decision_id: "uuid",
    stars: "smallint",
    score: "numeric",
    potential_five_star: "boolean",
    issued_on: "date",
    expires_on: "date",
    state: "text",
    revoked_on: "date",
    revoked_reason: "text",
    superseded_on: "date",
    province_code: "text",
    commune_code: "text"
  }
};
async function bulkInsert(ctx, table, data) {
  if (!data.length) return;
  const spec = BULK_COLUMNS[table];
  const names = Object.keys(spec);
  const list = names.map((n) => `"${n}"`).join(", ");
  const types = names.map((n) => `"${n}" ${spec[n]}`).join(", ");
  await exec(ctx).execute(sql15`insert into ${sql15.raw(`"${table}"`)} (${sql15.raw(list)})
    select ${sql15.raw(list)} from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as r(${sql15.raw(types)})`);
}
async function hasProducers(ctx) {
  const [r] = await rows(exec(ctx), sql15`select exists (select 1 from producers) as found`);
  return Boolean(r?.found);
}
async function loadCommunes(ctx) {
  return rows(exec(ctx), sql15`
    select c.code, c.name, p.code as "provinceCode", p.name as "provinceName"
    from areas c join areas p on p.code = c.parent_code
    where c.level = 'commune' order by c.code`);
}
async function analyzeSeededTables(db) {
  await db.execute(sql15`analyze producers, products, decisions, certificates`);
}
async function hasUsers(ctx) {
  const [r] = await rows(exec(ctx), sql15`select exists (select 1 from users) as found`);
  return Boolean(r?.found);
}
async function markRegistrySample(ctx) {
  await exec(ctx).execute(sql15`update producers set is_sample = true where not is_sample`);
  await exec(ctx).execute(sql15`update products set is_sample = true where not is_sample`);
}

// src/modules/ops/demo.ts
var DEMO_DIR = join5(SEED_DIR, "demo");
var DEMO_PASSWORD = "Demo@OCOP2026";
var DEMO_PRODUCER_NAME = "H\u1EE3p t\xE1c x\xE3 Du l\u1ECBch c\u1ED9ng \u0111\u1ED3ng P\xF9 Lu\xF4ng";
var DEMO_COMMUNE = "14956";
var DEMO_USERS = [
  { username: "admin", role: "national_admin", displayName: "Qu\u1EA3n tr\u1ECB qu\u1ED1c gia (demo)", area: null },
  { username: "thanhhoa", role: "province_officer", displayName: "C\xE1n b\u1ED9 OCOP t\u1EC9nh Thanh H\xF3a (demo)", area: "38" },
  { username: "hanoi", role: "province_officer", displayName: "C\xE1n b\u1ED9 OCOP TP H\xE0 N\u1ED9i (demo)", area: "01" },
  { username: "xapuluong", role: "commune_officer", displayName: "C\xE1n b\u1ED9 x\xE3 P\xF9 Lu\xF4ng (demo)", area: DEMO_COMMUNE },
  { username: "hoidong", role: "council_member", displayName: "Th\xE0nh vi\xEAn H\u1ED9i \u0111\u1ED3ng t\u1EC9nh Thanh H\xF3a (demo)", area: "38" },
  { username: "thanhtra", role: "inspector", displayName: "\u0110o\xE0n ki\u1EC3m tra li\xEAn ng\xE0nh Thanh H\xF3a (demo)", area: "38" },
  { username: "htxpuluong", role: "producer", displayName: "HTX Du l\u1ECBch c\u1ED9ng \u0111\u1ED3ng P\xF9 Lu\xF4ng (demo)", area: null, producerName: DEMO_PRODUCER_NAME },
  { username: "nguoimua", role: "buyer", displayName: "Ng\u01B0\u1EDDi mua (demo)", area: null }
];
async function importFile(ctx, kind, file) {
  const outcome = await runImport(ctx, kind, { name: file, data: await readFile2(join5(DEMO_DIR, file)) });
  if (!outcome.ok) {
    const first = outcome.errors.slice(0, 5).map((e) => `row ${e.row} ${e.field}: ${e.message}`).join("; ");
    throw new Error(`demo data ${file} did not import (${outcome.errors.length} errors): ${first}`);
  }
  return outcome;
}
async function producerIdByName(ctx, name) {
  const found = await listProducers2(ctx, { q: name, page: 1, pageSize: 100, sort: "name" });
  const hit = found.items.find((p) => p.name === name);
  if (!hit) throw new Error(`demo data: producer "${name}" not found`);
  return hit.id;
}
async function applyProductDetails(ctx, entries) {
  const producerIds = /* @__PURE__ */ new Map();
  for (const e of entries) {
    let producerId = producerIds.get(e.producer);
    if (!producerId) producerIds.set(e.producer, producerId = await producerIdByName(ctx, e.producer));
    const details = {
      description: e.description,
      story: e.story,
      ingredients: e.ingredients,
      packaging: e.packaging,
      shelfLife: e.shelfLife,
      gtin: e.gtin
    };
    for (const k of Object.keys(details)) if (details[k] === void 0) delete details[k];
    if (e.create) {
      if (!e.productSet) throw new Error(`demo data: "${e.product}" needs productSet`);
      const created = await createProduct(ctx, { producerId, name: e.product, productSetCode: e.productSet, ...details }, { isSample: true });
      if (e.status && e.status !== created.status) await updateProduct2(ctx, created.id, { status: e.status });
      continue;
    }
    const list = await listProducts2(ctx, { producerId, page: 1, pageSize: 100, sort: "name" });
    const product = list.items.find((p) => p.name === e.product);
    if (!product) throw new Error(`demo data: product "${e.product}" of "${e.producer}" not found`);
    await updateProduct2(ctx, product.id, details);
  }
}
async function loadDemo(deps) {
  const ctx = makeCtx(deps, { actor: systemActor("demo") });
  const users2 = DEMO_USERS.map((u) => ({ username: u.username, role: u.role, area: u.area }));
  if (await hasProducers(ctx) || await hasUsers(ctx)) return { loaded: false, users: [], password: DEMO_PASSWORD };
  await importFile(ctx, "producers", "producers.csv");
  await importFile(ctx, "certified-products", "certified-products.csv");
  const details = JSON.parse(await readFile2(join5(DEMO_DIR, "products.json"), "utf8"));
  await inTx(ctx, async (tx) => {
    await applyProductDetails(tx, details);
    await markRegistrySample(tx);
    for (const u of DEMO_USERS) {
      await createUser(tx, {
        username: u.username,
        password: DEMO_PASSWORD,
        role: u.role,
        displayName: u.displayName,
        areaCode: u.area ?? void 0,
        producerId: u.producerName ? await producerIdByName(tx, u.producerName) : void 0,
        isSample: true
      });
    }
  });
  return { loaded: true, users: users2, password: DEMO_PASSWORD };
}

// src/modules/ops/scale-seed.ts
import { randomUUID as randomUUID7 } from "node:crypto";
var NATIONAL_SCALE = { producers: 1e4, products: 2e4 };
var DEFAULT_SEED = 20250701;
var SETS = {
  "1": { weight: 8, activity: ["N\xF4ng nghi\u1EC7p", "C\xE2y \u0103n qu\u1EA3", "Rau an to\xE0n"], bases: ["B\u01B0\u1EDFi da xanh", "Cam s\xE0nh", "Nh\xE3n l\u1ED3ng", "V\u1EA3i thi\u1EC1u", "Rau c\u1EA3i m\xE8o", "Chu\u1ED1i ti\xEAu h\u1ED3ng", "D\u01B0a l\u01B0\u1EDBi", "Thanh long ru\u1ED9t \u0111\u1ECF", "Khoai lang m\u1EADt", "Na dai", "H\u1ED3ng kh\xF4ng h\u1EA1t", "B\u01B0\u1EDFi \u0111\u1ECF", "M\u0103ng t\xE2y xanh"], about: "Qu\u1EA3 t\u01B0\u01A1i tr\u1ED3ng theo h\u01B0\u1EDBng VietGAP, thu h\xE1i \u0111\xFAng \u0111\u1ED9 ch\xEDn.", packaging: ["Th\xF9ng carton 10 kg", "T\xFAi l\u01B0\u1EDBi 2 kg", "H\u1ED9p 5 kg"] },
  "2": { weight: 4, activity: ["Ch\u0103n nu\xF4i", "Th\u1EE7y s\u1EA3n"], bases: ["G\xE0 \u0111\u1ED3i", "L\u1EE3n \u0111en b\u1EA3n \u0111\u1ECBa", "Tr\u1EE9ng g\xE0 \xE1c", "T\xF4m c\xE0ng xanh", "C\xE1 l\u0103ng", "B\xF2 v\xE0ng", "V\u1ECBt c\u1ECF", "S\u1EEFa b\xF2 t\u01B0\u01A1i", "H\xE0u s\u1EEFa", "Cua \u0111\u1ED3ng"], about: "Nu\xF4i th\u1EA3 t\u1EF1 nhi\xEAn, truy xu\u1EA5t ngu\u1ED3n g\u1ED1c \u0111\u1EBFn t\u1EEBng l\u1EE9a.", packaging: ["Khay h\xFAt ch\xE2n kh\xF4ng 1 kg", "H\u1ED9p 10 qu\u1EA3", "Chai 1 l\xEDt"] },
  "3": { weight: 5, activity: ["L\xFAa g\u1EA1o", "N\xF4ng nghi\u1EC7p"], bases: ["G\u1EA1o n\u1EBFp c\xE1i hoa v\xE0ng", "G\u1EA1o ST25", "G\u1EA1o t\xE1m th\u01A1m", "G\u1EA1o l\u1EE9t \u0111\u1ECF", "G\u1EA1o s\xE9ng c\xF9", "G\u1EA1o n\u1EBFp T\xFA L\u1EC7", "Ng\xF4 n\u1EBFp", "\u0110\u1EADu t\u01B0\u01A1ng", "L\u1EA1c \u0111\u1ECF"], about: "Canh t\xE1c theo quy tr\xECnh h\u1EEFu c\u01A1, xay x\xE1t v\xE0 \u0111\xF3ng g\xF3i ngay t\u1EA1i \u0111\u1ECBa ph\u01B0\u01A1ng.", packaging: ["T\xFAi 2 kg", "T\xFAi 5 kg", "Bao 10 kg"] },
  "4": { weight: 4, activity: ["Nu\xF4i ong", "M\u1EADt ong"], bases: ["M\u1EADt ong b\u1EA1c h\xE0", "M\u1EADt ong hoa nh\xE3n", "M\u1EADt ong r\u1EEBng", "M\u1EADt ong hoa c\xE0 ph\xEA", "M\u1EADt ong hoa v\u1EA3i", "M\u1EADt ong hoa keo", "Tinh b\u1ED9t ngh\u1EC7 m\u1EADt ong", "M\u1EADt m\xEDa"], about: "M\u1EADt ong nguy\xEAn ch\u1EA5t, thu theo m\xF9a hoa, kh\xF4ng pha tr\u1ED9n \u0111\u01B0\u1EDDng.", packaging: ["H\u0169 th\u1EE7y tinh 500 g", "Chai 1 l\xEDt", "H\u0169 250 g"] },
  "5": { weight: 2, activity: ["Th\u1EF1c ph\u1EA9m"], bases: ["C\u01A1m ch\xE1y ch\xE0 b\xF4ng", "B\xE1nh ch\u01B0ng", "B\xE1nh \u0111a cua \u0103n li\u1EC1n", "Ch\xE1o s\xE2m \u0103n li\u1EC1n", "X\xF4i g\u1EA5c"], about: "M\xF3n \u0103n truy\u1EC1n th\u1ED1ng ch\u1EBF bi\u1EBFn s\u1EB5n, ti\u1EC7n l\u1EE3i, gi\u1EEF h\u01B0\u01A1ng v\u1ECB qu\xEA nh\xE0.", packaging: ["G\xF3i 200 g", "H\u1ED9p 500 g"] },
  "6": { weight: 6, activity: ["B\xFAn b\xE1nh", "Ch\u1EBF bi\u1EBFn n\xF4ng s\u1EA3n"], bases: ["B\xFAn kh\xF4", "Mi\u1EBFn dong", "B\xE1nh \u0111a nem", "B\xE1nh gai", "Ch\xE8 lam", "Ph\u1EDF kh\xF4", "B\xE1nh \u0111a v\u1EEBng", "C\u1ED1m", "B\u1ED9t g\u1EA1o l\u1EE9t", "B\xE1nh c\xE1y"], about: "L\xE0m t\u1EEB g\u1EA1o v\xE0 ng\u0169 c\u1ED1c \u0111\u1ECBa ph\u01B0\u01A1ng theo c\xF4ng th\u1EE9c l\xE0ng ngh\u1EC1.", packaging: ["G\xF3i 500 g", "H\u1ED9p 300 g", "T\xFAi 1 kg"] },
  "7": { weight: 9, activity: ["Ch\u1EBF bi\u1EBFn n\xF4ng s\u1EA3n", "N\xF4ng s\u1EA3n s\u1EA1ch"], bases: ["M\u0103ng kh\xF4", "M\u1EE9t g\u1EEBng", "V\u1EA3i s\u1EA5y", "H\u1ED3ng treo gi\xF3", "Chu\u1ED1i s\u1EA5y d\u1EBBo", "\xD4 mai m\u01A1", "Nh\xE3n s\u1EA5y", "Tinh b\u1ED9t ngh\u1EC7", "D\u01B0a mu\u1ED1i", "Khoai lang s\u1EA5y", "M\xEDt s\u1EA5y"], about: "N\xF4ng s\u1EA3n s\u1EA5y v\xE0 ch\u1EBF bi\u1EBFn gi\u1EEF tr\u1ECDn v\u1ECB t\u1EF1 nhi\xEAn, kh\xF4ng ch\u1EA5t b\u1EA3o qu\u1EA3n.", packaging: ["T\xFAi zip 250 g", "H\u1ED9p 500 g", "H\u0169 300 g"] },
  "8": { weight: 9, activity: ["Ch\u1EBF bi\u1EBFn th\u1EF1c ph\u1EA9m", "Th\u1EF1c ph\u1EA9m"], bases: ["Gi\xF2 ch\u1EA3", "Nem chua", "Ch\u1EA3 m\u1EF1c", "Th\u1ECBt tr\xE2u g\xE1c b\u1EBFp", "L\u1EA1p x\u01B0\u1EDFng", "C\xE1 kh\xF4", "T\xF4m kh\xF4", "M\u1EF1c m\u1ED9t n\u1EAFng", "Ch\xE0 b\xF4ng heo", "Ch\u1EA3 c\xE1", "Gi\xF2 l\u1EE5a"], about: "Ch\u1EBF bi\u1EBFn t\u1EEB nguy\xEAn li\u1EC7u t\u01B0\u01A1i trong ng\xE0y, \u0111\u1EA1t ch\u1EE9ng nh\u1EADn an to\xE0n th\u1EF1c ph\u1EA9m.", packaging: ["G\xF3i h\xFAt ch\xE2n kh\xF4ng 500 g", "H\u1ED9p 1 kg", "Khay 300 g"] },
  "9": { weight: 4, activity: ["N\u01B0\u1EDBc m\u1EAFm", "Ch\u1EBF bi\u1EBFn h\u1EA3i s\u1EA3n"], bases: ["N\u01B0\u1EDBc m\u1EAFm c\xE1 c\u01A1m", "N\u01B0\u1EDBc m\u1EAFm truy\u1EC1n th\u1ED1ng", "T\u01B0\u01A1ng b\u1EA7n", "T\u01B0\u01A1ng \u1EDBt", "M\u1EAFm t\xF4m", "M\u1EAFm t\xE9p", "N\u01B0\u1EDBc m\u1EAFm nh\u0129"], about: "\u1EE6 ch\u01B0\u1EE3p theo ph\u01B0\u01A1ng ph\xE1p truy\u1EC1n th\u1ED1ng trong th\xF9ng g\u1ED7 t\u1EEB 12 th\xE1ng tr\u1EDF l\xEAn.", packaging: ["Chai th\u1EE7y tinh 500 ml", "Can 2 l\xEDt", "Chai 250 ml"] },
  "10": { weight: 4, activity: ["Gia v\u1ECB", "N\xF4ng s\u1EA3n"], bases: ["Ti\xEAu \u0111en", "Qu\u1EBF", "Hoa h\u1ED3i", "Mu\u1ED1i t\xF4m", "\u1EDAt b\u1ED9t", "T\u1ECFi c\xF4 \u0111\u01A1n", "H\u1EA1t d\u1ED5i", "M\u1EAFc kh\xE9n", "Mu\u1ED1i \u1EDBt xanh"], about: "Gia v\u1ECB v\xF9ng cao ph\u01A1i s\u1EA5y t\u1EF1 nhi\xEAn, th\u01A1m n\u1ED3ng \u0111\u1EB7c tr\u01B0ng.", packaging: ["H\u0169 100 g", "T\xFAi 200 g", "H\u1ED9p 500 g"] },
  "11": { weight: 6, activity: ["Ch\xE8", "Tr\xE0"], bases: ["Ch\xE8 Shan tuy\u1EBFt", "Tr\xE0 xanh", "Ch\xE8 b\xFAp", "H\u1ED3ng tr\xE0", "B\u1EA1ch tr\xE0", "Tr\xE0 \xD4 long", "Ch\xE8 m\xF3c c\xE2u"], about: "B\xFAp ch\xE8 h\xE1i th\u1EE7 c\xF4ng, sao s\u1EA5y theo b\xED quy\u1EBFt gia truy\u1EC1n.", packaging: ["H\u1ED9p 100 g", "T\xFAi 200 g", "H\u1ED9p qu\xE0 250 g"] },
  "12": { weight: 6, activity: ["D\u01B0\u1EE3c li\u1EC7u", "Tr\xE0 th\u1EA3o m\u1ED9c"], bases: ["Tr\xE0 t\xFAi l\u1ECDc hoa c\xFAc", "Tr\xE0 atiso", "Tr\xE0 d\xE2y", "Tr\xE0 hoa v\xE0ng", "Tr\xE0 g\u1EEBng", "Tr\xE0 sen", "Tr\xE0 gi\u1EA3o c\u1ED5 lam", "Tr\xE0 m\u01B0\u1EDBp \u0111\u1EAFng", "Tr\xE0 t\xFAi l\u1ECDc l\xE1 sen"], about: "Tr\xE0 th\u1EA3o m\u1ED9c t\u1EEB d\u01B0\u1EE3c li\u1EC7u tr\u1ED3ng t\u1EA1i \u0111\u1ECBa ph\u01B0\u01A1ng, ti\u1EC7n d\xF9ng h\u1EB1ng ng\xE0y.", packaging: ["H\u1ED9p 20 t\xFAi l\u1ECDc", "T\xFAi 200 g", "H\u1ED9p 50 t\xFAi l\u1ECDc"] },
  "13": { weight: 3, activity: ["C\xE0 ph\xEA", "Ca cao"], bases: ["C\xE0 ph\xEA Robusta rang xay", "C\xE0 ph\xEA Arabica", "C\xE0 ph\xEA h\u1EA1t rang m\u1ED9c", "Ca cao nguy\xEAn ch\u1EA5t", "S\xF4 c\xF4 la ca cao"], about: "H\u1EA1t ch\xEDn ch\u1ECDn l\u1ECDc, rang m\u1ED9c, kh\xF4ng t\u1EA9m h\u01B0\u01A1ng li\u1EC7u.", packaging: ["T\xFAi van 500 g", "H\u1ED9p 250 g", "T\xFAi 1 kg"] },
  "14": { weight: 5, activity: ["R\u01B0\u1EE3u", "N\u1EA5u r\u01B0\u1EE3u truy\u1EC1n th\u1ED1ng"], bases: ["R\u01B0\u1EE3u ng\xF4 men l\xE1", "R\u01B0\u1EE3u n\u1EBFp c\xE1i hoa v\xE0ng", "R\u01B0\u1EE3u th\xF3c", "R\u01B0\u1EE3u c\u1EA7n", "R\u01B0\u1EE3u n\u1EBFp c\u1EA9m"], about: "Ch\u01B0ng c\u1EA5t th\u1EE7 c\xF4ng v\u1EDBi men l\xE1 truy\u1EC1n th\u1ED1ng, h\u1EA1 th\u1ED5 tr\u01B0\u1EDBc khi xu\u1EA5t b\xE1n.", packaging: ["Chai 500 ml", "B\xECnh s\u1EE9 1 l\xEDt", "Chai 750 ml"] },
  "15": { weight: 3, activity: ["\u0110\u1ED3 u\u1ED1ng"], bases: ["R\u01B0\u1EE3u vang sim", "R\u01B0\u1EE3u m\u01A1", "R\u01B0\u1EE3u t\xE1o m\xE8o", "R\u01B0\u1EE3u chu\u1ED1i h\u1ED9t", "Vang nho"], about: "\u0110\u1ED3 u\u1ED1ng l\xEAn men t\u1EEB tr\xE1i c\xE2y b\u1EA3n \u0111\u1ECBa.", packaging: ["Chai 750 ml", "Chai 500 ml"] },
  "16": { weight: 1, activity: ["N\u01B0\u1EDBc kho\xE1ng"], bases: ["N\u01B0\u1EDBc kho\xE1ng thi\xEAn nhi\xEAn", "N\u01B0\u1EDBc u\u1ED1ng \u0111\xF3ng chai", "N\u01B0\u1EDBc su\u1ED1i tinh khi\u1EBFt"], about: "Ngu\u1ED3n n\u01B0\u1EDBc ng\u1EA7m t\u1EF1 nhi\xEAn, \u0111\xF3ng chai tr\xEAn d\xE2y chuy\u1EC1n kh\xE9p k\xEDn.", packaging: ["Chai 500 ml", "B\xECnh 19 l\xEDt"] },
  "17": { weight: 3, activity: ["\u0110\u1ED3 u\u1ED1ng"], bases: ["N\u01B0\u1EDBc c\u1ED1t g\u1EEBng", "N\u01B0\u1EDBc \xE9p thanh long", "Siro d\xE2u t\u1EB1m", "N\u01B0\u1EDBc chanh leo", "S\u1EEFa h\u1EA1t sen", "N\u01B0\u1EDBc nha \u0111am"], about: "\u0110\u1ED3 u\u1ED1ng t\u1EEB tr\xE1i c\xE2y v\xE0 n\xF4ng s\u1EA3n \u0111\u1ECBa ph\u01B0\u01A1ng, \xEDt \u0111\u01B0\u1EDDng.", packaging: ["Chai 330 ml", "Chai 1 l\xEDt"] },
  "18": { weight: 5, activity: ["D\u01B0\u1EE3c li\u1EC7u", "Th\u1EA3o d\u01B0\u1EE3c"], bases: ["Cao d\u01B0\u1EE3c li\u1EC7u", "Vi\xEAn tinh ngh\u1EC7", "Cao atiso", "Cao \xEDch m\u1EABu", "\u0110\xF4ng tr\xF9ng h\u1EA1 th\u1EA3o", "S\xE2m Ng\u1ECDc Linh", "Cao x\u01B0\u01A1ng kh\u1EDBp", "Vi\xEAn ho\u1EA1t huy\u1EBFt"], about: "B\xE0o ch\u1EBF t\u1EEB d\u01B0\u1EE3c li\u1EC7u tr\u1ED3ng theo GACP, c\xF3 c\xF4ng b\u1ED1 ch\u1EA5t l\u01B0\u1EE3ng.", packaging: ["H\u1ED9p 10 \u1ED1ng", "L\u1ECD 60 vi\xEAn", "H\u0169 100 g"] },
  "19": { weight: 2, activity: ["Th\u1EA3o d\u01B0\u1EE3c", "M\u1EF9 ph\u1EA9m thi\xEAn nhi\xEAn"], bases: ["D\u1EA7u g\u1ED9i th\u1EA3o d\u01B0\u1EE3c", "X\xE0 b\xF4ng ngh\u1EC7", "Son d\u01B0\u1EE1ng s\xE1p ong", "Kem d\u01B0\u1EE1ng tinh ngh\u1EC7", "D\u1EA7u g\u1ED9i b\u1ED3 k\u1EBFt"], about: "M\u1EF9 ph\u1EA9m thi\xEAn nhi\xEAn t\u1EEB th\u1EA3o d\u01B0\u1EE3c, kh\xF4ng ch\u1EE9a paraben.", packaging: ["Chai 300 ml", "B\xE1nh 100 g", "H\u0169 50 g"] },
  "20": { weight: 3, activity: ["Tinh d\u1EA7u", "D\u01B0\u1EE3c li\u1EC7u"], bases: ["Tinh d\u1EA7u s\u1EA3 chanh", "Tinh d\u1EA7u qu\u1EBF", "Tinh d\u1EA7u tr\xE0m", "Tinh d\u1EA7u b\u01B0\u1EDFi", "Tinh d\u1EA7u h\u1ED3i", "Tinh d\u1EA7u b\u1EA1c h\xE0"], about: "Ch\u01B0ng c\u1EA5t h\u01A1i n\u01B0\u1EDBc t\u1EEB nguy\xEAn li\u1EC7u t\u01B0\u01A1i, nguy\xEAn ch\u1EA5t 100%.", packaging: ["L\u1ECD 10 ml", "L\u1ECD 50 ml", "Chai 100 ml"] },
  "21": { weight: 6, activity: ["M\xE2y tre \u0111an", "Th\u1EE7 c\xF4ng m\u1EF9 ngh\u1EC7", "G\u1ED1m"], bases: ["M\xE2y tre \u0111an", "G\u1ED1m", "Chi\u1EBFu c\xF3i", "N\xF3n l\xE1", "S\u01A1n m\xE0i", "Khay tre", "\u0110\xE8n l\u1ED3ng", "\u0110\u1ED3 g\u1ED7 m\u1EF9 ngh\u1EC7", "Gi\u1ECF l\u1EE5c b\xECnh", "Tranh th\xEAu"], about: "S\u1EA3n ph\u1EA9m th\u1EE7 c\xF4ng c\u1EE7a ngh\u1EC7 nh\xE2n l\xE0ng ngh\u1EC1, m\u1ED7i chi\u1EBFc m\u1ED9t d\u1EA5u tay.", packaging: ["H\u1ED9p carton", "T\xFAi v\u1EA3i", "H\u1ED9p qu\xE0"] },
  "22": { weight: 2, activity: ["D\u1EC7t th\u1ED5 c\u1EA9m", "D\u1EC7t may"], bases: ["Th\u1ED5 c\u1EA9m", "L\u1EE5a t\u01A1 t\u1EB1m", "Kh\u0103n lanh", "V\u1EA3i lanh", "Kh\u0103n th\xEAu"], about: "D\u1EC7t tay tr\xEAn khung c\u1EEDi truy\u1EC1n th\u1ED1ng, nhu\u1ED9m m\xE0u t\u1EF1 nhi\xEAn.", packaging: ["T\xFAi gi\u1EA5y", "H\u1ED9p qu\xE0"] },
  "23": { weight: 1, activity: ["Hoa", "Hoa c\xE2y c\u1EA3nh"], bases: ["Hoa lan h\u1ED3 \u0111i\u1EC7p", "Hoa c\xFAc", "Hoa h\u1ED3ng", "Hoa \u0111\xE0o", "Hoa ly"], about: "Hoa tr\u1ED3ng nh\xE0 k\xEDnh, ch\u0103m s\xF3c theo quy tr\xECnh an to\xE0n.", packaging: ["Ch\u1EADu", "B\xF3 10 c\xE0nh"] },
  "24": { weight: 1, activity: ["Sinh v\u1EADt c\u1EA3nh", "C\xE2y c\u1EA3nh"], bases: ["Bonsai", "\u0110\xE0o th\u1EBF", "Qu\u1EA5t c\u1EA3nh", "Mai v\xE0ng", "Lan r\u1EEBng"], about: "C\xE2y c\u1EA3nh t\u1EA1o d\xE1ng c\xF4ng phu, th\xEDch nghi kh\xED h\u1EADu \u0111\u1ECBa ph\u01B0\u01A1ng.", packaging: ["Ch\u1EADu s\u1EE9", "Ch\u1EADu xi m\u0103ng"] },
  "25": { weight: 0.5, activity: ["Sinh v\u1EADt c\u1EA3nh"], bases: ["C\xE1 Koi", "C\xE1 b\u1EA3y m\xE0u", "Chim ch\xE0o m\xE0o", "G\xE0 tre c\u1EA3nh"], about: "V\u1EADt nu\xF4i c\u1EA3nh kh\u1ECFe m\u1EA1nh, c\xF3 h\u01B0\u1EDBng d\u1EABn ch\u0103m s\xF3c.", packaging: ["T\xFAi oxy", "L\u1ED3ng"] },
  "26": { weight: 2, activity: ["Du l\u1ECBch c\u1ED9ng \u0111\u1ED3ng", "Du l\u1ECBch sinh th\xE1i"], bases: ["\u0110i\u1EC3m du l\u1ECBch c\u1ED9ng \u0111\u1ED3ng", "Homestay b\u1EA3n", "Khu du l\u1ECBch sinh th\xE1i", "Du l\u1ECBch tr\u1EA3i nghi\u1EC7m l\xE0ng ngh\u1EC1"], about: "Tr\u1EA3i nghi\u1EC7m v\u0103n h\xF3a b\u1EA3n \u0111\u1ECBa, \u1EA9m th\u1EF1c v\xE0 c\u1EA3nh quan thi\xEAn nhi\xEAn.", packaging: ["D\u1ECBch v\u1EE5"] }
};
var FAMILY = ["Nguy\u1EC5n", "Tr\u1EA7n", "L\xEA", "Ph\u1EA1m", "Ho\xE0ng", "Hu\u1EF3nh", "Phan", "V\u0169", "V\xF5", "\u0110\u1EB7ng", "B\xF9i", "\u0110\u1ED7", "H\u1ED3", "Ng\xF4", "D\u01B0\u01A1ng", "L\xFD", "L\xF2", "H\xE0", "S\xF9ng", "Gi\xE0ng", "L\u01B0\u1EDDng", "\u0110inh"];
var MIDDLE_M = ["V\u0103n", "\u0110\u1EE9c", "Minh", "H\u1EEFu", "Quang", "C\xF4ng", "Th\xE0nh", "Xu\xE2n"];
var MIDDLE_F = ["Th\u1ECB", "Ng\u1ECDc", "Thu", "Thanh", "H\u1ED3ng", "Kim", "Minh"];
var GIVEN_M = ["An", "B\xECnh", "C\u01B0\u1EDDng", "D\u0169ng", "H\u1EA3i", "H\xF9ng", "Long", "Nam", "Qu\xE2n", "S\u01A1n", "Tu\u1EA5n", "Th\u1EAFng", "Ph\xFAc", "Kh\u1EA3i", "L\xE2m", "To\xE0n", "Ch\xEDnh", "Vinh"];
var GIVEN_F = ["H\xE0", "H\u1EA1nh", "Hoa", "H\u01B0\u01A1ng", "Lan", "Linh", "Mai", "Nga", "Ph\u01B0\u01A1ng", "T\xE2m", "Th\u1EA3o", "Th\u1EE7y", "Trang", "V\xE2n", "Y\u1EBFn", "Dung", "Huy\u1EC1n", "Nhung"];
var BRANDS = ["H\u1ED3ng Ph\xE1t", "Ph\xFAc An", "Th\xE0nh \u0110\u1EA1t", "T\xE2n Ti\u1EBFn", "Minh Khang", "H\u01B0ng Th\u1ECBnh", "An B\xECnh", "Vi\u1EC7t Xanh", "Qu\xEA H\u01B0\u01A1ng", "\u0110\u1EA1i Ph\xE1t", "Sao Vi\u1EC7t", "Ho\xE0ng Gia", "Nam Vi\u1EC7t", "B\u1EA3o An", "Kim Long", "Thi\xEAn Ph\xFA", "Ph\xFA Gia", "T\xE2m \u0110\u1EE9c", "\u0110\u1ED3ng Xanh", "L\xE0ng X\u01B0a", "M\u1ED9c Nguy\xEAn", "Xanh S\u1EA1ch", "H\u01B0\u01A1ng Qu\xEA", "Tr\u01B0\u1EDDng Th\u1ECBnh"];
var VILLAGES = ["Th\xF4n \u0110\xF4ng", "Th\xF4n T\xE2y", "Th\xF4n Trung", "Th\xF4n Th\u01B0\u1EE3ng", "Th\xF4n H\u1EA1", "B\u1EA3n M\u1EDBi", "B\u1EA3n C\u0169", "X\xF3m Ch\u1EE3", "\u1EA4p M\u1EF9", "Th\xF4n Ph\xFA"];
var HIGHLAND = /* @__PURE__ */ new Set(["04", "08", "11", "12", "14", "15", "19", "20", "52", "66", "68"]);
var KIND_WEIGHTS = [["household", 40], ["cooperative", 32.5], ["enterprise", 22], ["cooperative_group", 5.5]];
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = a + 1831565813 >>> 0;
    let t2 = a;
    t2 = Math.imul(t2 ^ t2 >>> 15, t2 | 1);
    t2 ^= t2 + Math.imul(t2 ^ t2 >>> 7, t2 | 61);
    return ((t2 ^ t2 >>> 14) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const weighted = (xs) => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1][0];
  };
  return { next, int, pick, weighted, chance: (p) => next() < p };
}
var SET_WEIGHTS = Object.entries(SETS).map(([code, s]) => [code, s.weight]);
var placeName = (communeName) => communeName.replace(/^(Xã|Phường|Đặc khu|Thị trấn)\s+/u, "");
var pad2 = (n) => String(n).padStart(2, "0");
function personName(rng, female) {
  return `${rng.pick(FAMILY)} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`;
}
function producerName(rng, kind, set, place, person) {
  const activity = rng.pick(set.activity);
  switch (kind) {
    case "enterprise":
      return rng.chance(0.5) ? `C\xF4ng ty TNHH ${activity} ${rng.pick(BRANDS)}` : `C\xF4ng ty C\u1ED5 ph\u1EA7n ${activity} ${rng.chance(0.5) ? place : rng.pick(BRANDS)}`;
    case "cooperative":
      return `${rng.chance(0.7) ? "H\u1EE3p t\xE1c x\xE3" : "HTX"} ${activity} ${place}`;
    case "cooperative_group":
      return `T\u1ED5 h\u1EE3p t\xE1c ${activity} ${rng.chance(0.6) ? place : rng.pick(VILLAGES)}`;
    default:
      return rng.chance(0.6) ? `H\u1ED9 kinh doanh ${person}` : `C\u01A1 s\u1EDF ${activity} ${person}`;
  }
}
function roundDates(rng, today) {
  const out = [];
  for (let y = 2021; y <= Number(today.slice(0, 4)); y++) {
    const mid = `${y}-${pad2(rng.int(6, 8))}-${pad2(rng.int(1, 28))}`;
    const end = `${y}-${rng.chance(0.5) ? "11" : "12"}-${pad2(rng.int(15, 28))}`;
    for (const d of [mid, end]) if (d <= today) out.push(d);
  }
  return out;
}
function genProducers(rng, communes, count2) {
  const order = communes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const taxSeq = /* @__PURE__ */ new Map();
  const taken = /* @__PURE__ */ new Set();
  const out = [];
  for (let i = 0; i < count2; i++) {
    const commune2 = communes[i < order.length ? order[i] : rng.int(0, communes.length - 1)];
    const kind = rng.weighted(KIND_WEIGHTS);
    const setCode = rng.weighted(SET_WEIGHTS);
    const set = SETS[setCode];
    const female = rng.chance(0.4);
    const person = personName(rng, female);
    const place = placeName(commune2.name);
    let name = producerName(rng, kind, set, place, person);
    for (let attempt = 0; taken.has(`${commune2.code}|${nameKey(name)}`); attempt++) {
      name = attempt < 5 ? producerName(rng, kind, set, place, personName(rng, female)) : `${name} ${attempt}`;
    }
    const key = nameKey(name);
    taken.add(`${commune2.code}|${key}`);
    let taxCode2 = null;
    if (kind !== "household" || rng.chance(0.5)) {
      const seq = (taxSeq.get(commune2.provinceCode) ?? 0) + 1;
      taxSeq.set(commune2.provinceCode, seq);
      taxCode2 = makeTaxCode(Number(commune2.provinceCode) * 1e6 + seq);
    }
    out.push({
      commune: commune2,
      set: setCode,
      row: {
        id: randomUUID7(),
        name,
        name_key: key,
        kind,
        tax_code: taxCode2,
        commune_code: commune2.code,
        province_code: commune2.provinceCode,
        address: `${rng.pick(VILLAGES)}, ${commune2.name}, ${commune2.provinceName}`,
        representative: person,
        phone: `0${rng.pick(["9", "8", "3", "7"])}${String(rng.int(0, 99999999)).padStart(8, "0")}`,
        email: kind === "enterprise" ? `lienhe${i + 1}@ocop-mau.vn` : null,
        founded_year: rng.int(1995, 2023),
        members: kind === "cooperative" ? rng.int(7, 250) : kind === "cooperative_group" ? rng.int(3, 30) : null,
        women_led: female && rng.chance(0.8),
        ethnic_minority_led: rng.chance(HIGHLAND.has(commune2.provinceCode) ? 0.45 : 0.04),
        is_sample: true
      }
    });
  }
  return out;
}
function generateScaleData(communes, nProducers, nProducts, today, seed = DEFAULT_SEED) {
  const rng = prng(seed);
  const producers2 = genProducers(rng, communes, nProducers);
  const rounds = /* @__PURE__ */ new Map();
  const decisions2 = /* @__PURE__ */ new Map();
  const decisionSeq = /* @__PURE__ */ new Map();
  const decisionFor = (province2, date3) => {
    const key = `${province2}|${date3}`;
    let d = decisions2.get(key);
    if (!d) {
      const seq = (decisionSeq.get(province2) ?? rng.int(100, 900)) + rng.int(7, 400);
      decisionSeq.set(province2, seq);
      d = {
        id: randomUUID7(),
        number: `${seq}/Q\u0110-UBND`,
        decision_date: date3,
        area_code: province2,
        level: "province",
        signer: `${personName(rng, rng.chance(0.3))} (m\u1EABu)`,
        source: "import"
      };
      decisions2.set(key, d);
    }
    return d;
  };
  const certSeq = /* @__PURE__ */ new Map();
  const certNumber = (province2, date3) => {
    const key = `${province2}|${date3.slice(0, 4)}`;
    const seq = (certSeq.get(key) ?? 0) + 1;
    certSeq.set(key, seq);
    return makeCertificateNumber(province2, Number(date3.slice(0, 4)), seq);
  };
  const products2 = [];
  const certificates2 = [];
  const perProducer = producers2.map(() => nProducts >= nProducers ? 1 : 0);
  for (let i = perProducer.reduce((s, n) => s + n, 0); i < nProducts; i++) perProducer[rng.int(0, producers2.length - 1)] += 1;
  producers2.forEach((p, pi) => {
    const names = /* @__PURE__ */ new Set();
    for (let k = 0; k < perProducer[pi]; k++) {
      const setCode = k === 0 || rng.chance(0.85) ? p.set : rng.weighted(SET_WEIGHTS);
      const set = SETS[setCode];
      const place = placeName(p.commune.name);
      let name = `${rng.pick(set.bases)} ${rng.chance(0.65) ? place : rng.pick(BRANDS)}`;
      while (names.has(name)) name = `${rng.pick(set.bases)} ${rng.pick(BRANDS)} ${rng.int(1, 99)}`;
      names.add(name);
      const index4 = products2.length;
      const product = {
        id: randomUUID7(),
        producer_id: p.row.id,
        name,
        classification: CURRENT_CLASSIFICATION,
        product_set_code: setCode,
        description: `${set.about} S\u1EA3n ph\u1EA9m c\u1EE7a ${p.row.name}, ${p.commune.name}, ${p.commune.provinceName}.`,
        story: "",
        ingredients: "",
        packaging: setCode === "26" ? "" : rng.pick(set.packaging),
        shelf_life: setCode === "26" ? "" : `${rng.pick([6, 12, 18, 24])} th\xE1ng`,
        gtin: setCode !== "26" && rng.chance(0.4) ? makeGtin13("893", 6e8 + index4) : null,
        status: "developing",
        province_code: p.commune.provinceCode,
        commune_code: p.commune.code,
        is_sample: true
      };
      products2.push(product);
      if (!rng.chance(0.85)) {
        product.status = rng.weighted([["idea", 3], ["developing", 5], ["registered", 2]]);
        continue;
      }
      const province2 = p.commune.provinceCode;
      let dates = rounds.get(province2);
      if (!dates) rounds.set(province2, dates = roundDates(rng, today));
      if (!dates.length) continue;
      let issued = rng.pick(dates);
      let previous = null;
      for (; ; ) {
        const r = rng.next();
        const stars2 = r < 7e-3 ? 5 : r < 0.31 ? 4 : 3;
        const potential = stars2 === 4 && rng.chance(0.03);
        const score = stars2 === 5 ? rng.int(9e3, 9800) : potential ? rng.int(9e3, 9500) : stars2 === 4 ? rng.int(7e3, 8999) : rng.int(5e3, 6999);
        const expires = certificateExpiry(issued);
        const cert = {
          id: randomUUID7(),
          number: certNumber(province2, issued),
          product_id: product.id,
          decision_id: decisionFor(province2, issued).id,
          stars: stars2,
          score: (score / 100).toFixed(2),
          potential_five_star: potential,
          issued_on: issued,
          expires_on: expires,
          state: "active",
          revoked_on: null,
          revoked_reason: null,
          superseded_on: null,
          province_code: province2,
          commune_code: p.commune.code
        };
        if (previous) {
          previous.state = "superseded";
          previous.superseded_on = issued;
        }
        certificates2.push(cert);
        previous = cert;
        product.status = expires <= today ? "expired" : "certified";
        const renewal = expires <= today && rng.chance(0.5) ? dates.filter((d) => d > issued && d >= certificateExpiry(issued, 32)) : [];
        if (!renewal.length) break;
        issued = renewal[0];
      }
      if (previous && product.status === "certified" && rng.chance(4e-3)) {
        previous.state = "revoked";
        previous.revoked_on = today;
        previous.revoked_reason = "Vi ph\u1EA1m quy \u0111\u1ECBnh s\u1EED d\u1EE5ng nh\xE3n OCOP (d\u1EEF li\u1EC7u m\u1EABu)";
        product.status = "revoked";
      }
    }
  });
  return { producers: producers2.map((p) => p.row), products: products2, decisions: [...decisions2.values()], certificates: certificates2 };
}
async function chunks(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}
async function seedNationalScale(deps, opts = {}) {
  const started = performance.now();
  const nProducers = opts.producers ?? NATIONAL_SCALE.producers;
  const nProducts = opts.products ?? NATIONAL_SCALE.products;
  const progress = opts.onProgress ?? (() => {
  });
  const ctx = makeCtx(deps, { actor: systemActor("seed-scale") });
  if (await hasProducers(ctx)) {
    throw new AppError("conflict", "the database already holds producers; the national-scale seed needs an empty database");
  }
  const communes = await loadCommunes(ctx);
  if (!communes.length) throw new AppError("conflict", "no communes loaded: run migrations first");
  const today = todayInVietnam(deps.clock());
  const data = generateScaleData(communes, nProducers, nProducts, today, opts.seed);
  progress(`generated ${data.producers.length} producers, ${data.products.length} products, ${data.certificates.length} certificates in ${Math.round(performance.now() - started)} ms`);
  await inTx(ctx, async (tx) => {
    if (await hasProducers(tx)) throw new AppError("conflict", "the database already holds producers");
    const write = async (table, rows2) => {
      await chunks(rows2, 5e3, (chunk2) => bulkInsert(tx, table, chunk2));
      progress(`${table}: ${rows2.length} rows (${Math.round(performance.now() - started)} ms)`);
    };
    await write("producers", data.producers);
    await write("products", data.products);
    await write("decisions", data.decisions);
    await write("certificates", data.certificates);
    await recordAudit(tx, {
      action: "seed.scale",
      entityType: "dataset",
      entityId: "national-scale",
      after: { producers: data.producers.length, products: data.products.length, decisions: data.decisions.length, certificates: data.certificates.length, sample: true }
    });
  });
  await analyzeSeededTables(deps.database.db);
  const ms = Math.round(performance.now() - started);
  progress(`done in ${ms} ms`);
  return {
    producers: data.producers.length,
    products: data.products.length,
    certificates: data.certificates.length,
    decisions: data.decisions.length,
    ms
  };
}

// src/modules/ops/backup.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync as existsSync3 } from "node:fs";
import { readFile as readFile3, rename as rename2, writeFile as writeFile2, open } from "node:fs/promises";
import { resolve as resolve4 } from "node:path";
import { PGlite as PGlite2 } from "@electric-sql/pglite";
var run = promisify(execFile);
async function backupDatabase(deps, file) {
  const target = resolve4(file);
  const { database } = deps;
  if (database.pglite) {
    const dump = await database.pglite.dumpDataDir("gzip");
    await writeFile2(target, Buffer.from(await dump.arrayBuffer()));
    return target;
  }
  await pgTool("pg_dump", ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${database.url}`]);
  return target;
}
async function head(file, n) {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(n);
    await fh.read(buf, 0, n, 0);
    return buf;
  } finally {
    await fh.close();
  }
}
async function restoreDatabase(env2, file) {
  const source2 = resolve4(file);
  if (!existsSync3(source2)) throw new AppError("not_found", `no backup file at ${source2}`);
  const magic = await head(source2, 5);
  const isPgDump = magic.toString("latin1") === "PGDMP";
  const isGzip = magic[0] === 31 && magic[1] === 139;
  if (env2.DATABASE_URL) {
    if (!isPgDump) throw new AppError("unsupported_media_type", "PostgreSQL restores take a pg_dump custom-format archive made by `ocop backup`");
    await pgTool("pg_restore", ["--clean", "--if-exists", "--no-owner", `--dbname=${env2.DATABASE_URL}`, source2]);
    return;
  }
  if (!isGzip) throw new AppError("unsupported_media_type", "PGlite restores take a .tar.gz made by `ocop backup`");
  const dataDir = resolve4(env2.OCOP_DATA_DIR, "pgdata");
  if (existsSync3(dataDir)) await rename2(dataDir, `${dataDir}.before-restore-${Date.now()}`);
  const blob = new Blob([await readFile3(source2)]);
  const db = await PGlite2.create({ dataDir, loadDataDir: blob, extensions: PGLITE_EXTENSIONS });
  await db.query("select 1");
  await db.close();
}
async function pgTool(tool, args) {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e;
    if (err.code === "ENOENT") throw new AppError("service_unavailable", `${tool} is not installed (apt-get install postgresql-client)`);
    throw new AppError("internal_error", `${tool} failed: ${err.stderr ?? err.message}`);
  }
}

// src/cli.ts
var USAGE = `ocop \u2014 OCOP Platform command line

  ocop serve [--port N] [--host H] [--data-dir D] [--demo]
  ocop migrate
  ocop user create --username U --password P --role R [--area CODE] [--producer ID]
  ocop token create --username U [--name N]
  ocop import <areas|producers|products|certified-products|criteria> FILE
  ocop seed --demo | --scale national
  ocop backup FILE
  ocop restore FILE

Every command reads --data-dir (default ./data, or OCOP_DATA_DIR) and DATABASE_URL.
Roles: ${ROLES.join(", ")}`;
var { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "data-dir": { type: "string" },
    demo: { type: "boolean" },
    username: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    area: { type: "string" },
    producer: { type: "string" },
    name: { type: "string" },
    scale: { type: "string" },
    help: { type: "boolean", short: "h" }
  }
});
function env() {
  const e = readEnv();
  if (flags["data-dir"]) e.OCOP_DATA_DIR = flags["data-dir"];
  return e;
}
async function withDeps(fn) {
  const deps = await prepare({ env: env() });
  try {
    return await fn(deps);
  } finally {
    await deps.database.close();
  }
}
var cliCtx = (deps) => makeCtx(deps, { actor: systemActor("cli") });
function need(name, value) {
  if (!value) throw new AppError("validation_failed", `--${name} is required`);
  return value;
}
async function printDemo(deps) {
  const demo = await loadDemo(deps);
  if (!demo.loaded) return;
  console.log("\nDemo data loaded (SAMPLE data, not official records). Demo accounts \u2014 password for all:", demo.password);
  for (const u of demo.users) console.log(`  ${u.username.padEnd(14)} ${u.role}${u.area ? ` (${u.area})` : ""}`);
  console.log("");
}
async function serve() {
  const e = env();
  const port = flags.port !== void 0 ? Number(flags.port) : e.PORT;
  const host = flags.host ?? e.HOST;
  const deps = await prepare({ env: e });
  if (flags.demo) await printDemo(deps);
  const app = await buildApp({ deps });
  let closing = false;
  const shutdown = async (signal) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => process.exit(1), 15e3);
    force.unref();
    try {
      await app.close();
      await deps.database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  const address = await app.listen({ port, host });
  console.log(`OCOP Platform listening on ${address.replace("0.0.0.0", "localhost")} (database: ${deps.database.engine})`);
}
async function main() {
  const [cmd, sub, arg] = positionals;
  if (flags.help || !cmd) {
    console.log(USAGE);
    return;
  }
  switch (cmd) {
    case "serve":
      return serve();
    case "migrate":
      return withDeps(async () => console.log("Database is up to date."));
    case "user": {
      if (sub !== "create") break;
      return withDeps(async (deps) => {
        const user = await createUser(cliCtx(deps), {
          username: need("username", flags.username),
          password: need("password", flags.password),
          role: need("role", flags.role),
          areaCode: flags.area,
          producerId: flags.producer
        });
        console.log(`Created user ${user.username} (${user.role}) ${user.id}`);
      });
    }
    case "token": {
      if (sub !== "create") break;
      return withDeps(async (deps) => {
        console.log(await createApiToken(cliCtx(deps), need("username", flags.username), flags.name ?? "cli"));
      });
    }
    case "import": {
      if (!sub || !arg || !IMPORT_KINDS.includes(sub)) break;
      const data = await readFile4(arg);
      return withDeps(async (deps) => {
        const outcome = await runImport(cliCtx(deps), sub, { name: basename(arg), data });
        console.log(formatOutcome(outcome));
        if (!outcome.ok) process.exitCode = 1;
      });
    }
    case "seed": {
      if (flags.demo) return withDeps(printDemo);
      if (flags.scale === "national") {
        return withDeps(async (deps) => {
          const r = await seedNationalScale(deps, { onProgress: (m) => console.log(m) });
          console.log(`Seeded ${r.producers} producers, ${r.products} products, ${r.certificates} certificates in ${(r.ms / 1e3).toFixed(1)} s (sample data).`);
        });
      }
      break;
    }
    case "backup":
      if (!sub) break;
      return withDeps(async (deps) => console.log(`Backup written to ${await backupDatabase(deps, sub)}`));
    case "restore": {
      if (!sub) break;
      await restoreDatabase(env(), sub);
      console.log(`Restored from ${sub}`);
      return;
    }
    default:
      break;
  }
  console.error(USAGE);
  process.exitCode = 2;
}
main().catch((e) => {
  if (e instanceof AppError) {
    console.error(`Error (${e.code}): ${e.message}`);
    if (e.fields) for (const [k, v] of Object.entries(e.fields)) console.error(`  ${k}: ${v}`);
  } else {
    console.error(e instanceof Error ? e.message : e);
  }
  process.exit(1);
});
