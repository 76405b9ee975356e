ALTER TABLE "dossiers" ADD COLUMN "filed_on_behalf" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "filed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "filed_by_name" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "filed_by_role" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "handed_over_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "handed_over_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "handed_over_by_name" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "handed_over_to_user_id" uuid;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "handed_over_to_name" text;--> statement-breakpoint
-- hand-written
-- Dossiers an officer opened before assisted filing was recorded were filed on the producer's
-- behalf (decisions/029): the 'create' step of their timeline says who.
UPDATE "dossiers" d SET "filed_on_behalf" = true, "filed_by_user_id" = e."actor_user_id",
  "filed_by_name" = coalesce(nullif(trim(u."display_name"), ''), e."actor_label"), "filed_by_role" = e."actor_role"
FROM "dossier_events" e LEFT JOIN "users" u ON u."id" = e."actor_user_id"
WHERE e."dossier_id" = d."id" AND e."action" = 'create'
  AND e."actor_role" IN ('commune_officer', 'province_officer', 'national_admin');

