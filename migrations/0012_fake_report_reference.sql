ALTER TABLE "fake_reports" ADD COLUMN "reference" text;--> statement-breakpoint
CREATE UNIQUE INDEX "fake_reports_reference_idx" ON "fake_reports" USING btree ("reference");--> statement-breakpoint
UPDATE "fake_reports" AS f SET "reference" = 'BC-' || x.y || '-' || lpad(x.n::text, 6, '0')
FROM (
  SELECT "id", to_char(("created_at" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY') AS y,
    row_number() OVER (PARTITION BY to_char(("created_at" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY') ORDER BY "created_at", "id") AS n
  FROM "fake_reports"
) AS x
WHERE x."id" = f."id";
