CREATE TABLE "area_units_history" (
	"level" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"first_listed" date NOT NULL,
	"last_listed" date NOT NULL,
	CONSTRAINT "area_units_history_level_code_first_listed_pk" PRIMARY KEY("level","code","first_listed")
);
--> statement-breakpoint
DROP INDEX "certificates_number_uq";--> statement-breakpoint
DROP INDEX "decisions_area_number_uq";--> statement-breakpoint
DROP INDEX "decisions_national_number_uq";--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "issuer_key" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "province_code_then" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "district_code_then" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "commune_code_then" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "issuer" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "issuer_code" text;--> statement-breakpoint
UPDATE "decisions" d SET "issuer" = CASE WHEN d."level" = 'national'
    THEN CASE WHEN d."decision_date" < '2025-03-01' THEN 'Bộ Nông nghiệp và Phát triển nông thôn' ELSE 'Bộ Nông nghiệp và Môi trường' END
    ELSE 'UBND ' || lower(left(a."name", 1)) || substr(a."name", 2) END,
  "issuer_code" = d."area_code"
  FROM (SELECT d2."id", a2."name" FROM "decisions" d2 LEFT JOIN "areas" a2 ON a2."code" = d2."area_code") a WHERE a."id" = d."id";--> statement-breakpoint
UPDATE "certificates" c SET "issuer_key" = CASE WHEN d."level" = 'national' THEN 'national' ELSE d."level" || ':' || coalesce(d."issuer_code", '') END
  FROM "decisions" d WHERE d."id" = c."decision_id";--> statement-breakpoint
ALTER TABLE "decisions" ALTER COLUMN "issuer" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "issuer_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "area_units_history_parent_idx" ON "area_units_history" USING btree ("parent_code","level");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_issuer_number_uq" ON "certificates" USING btree ("issuer_key",upper("number"));--> statement-breakpoint
CREATE INDEX "certificates_number_idx" ON "certificates" USING btree (upper("number"));--> statement-breakpoint
CREATE INDEX "certificates_then_idx" ON "certificates" USING btree ("province_code_then","issued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_issuer_number_uq" ON "decisions" USING btree ("level",coalesce("issuer_code", ''),"number","decision_date");