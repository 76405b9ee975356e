CREATE TABLE "decision_items" (
	"decision_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"stars" smallint NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"potential_five_star" boolean DEFAULT false NOT NULL,
	CONSTRAINT "decision_items_decision_id_dossier_id_pk" PRIMARY KEY("decision_id","dossier_id")
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dossier_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_id" uuid NOT NULL,
	"doc_type" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"carried_from" uuid,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"comment" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"product_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"previous_dossier_id" uuid,
	"previous_certificate_id" uuid,
	"regime_code" text NOT NULL,
	"sheet_id" uuid,
	"is_service" boolean DEFAULT false NOT NULL,
	"form" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changes_note" text,
	"self_assessment" jsonb,
	"commune_assessment" jsonb,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"forwarded_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"sheet_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"parts" jsonb NOT NULL,
	"total" numeric(5, 2) NOT NULL,
	"estimated_stars" smallint NOT NULL,
	"outcome" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflict_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"council_role" text NOT NULL,
	"full_name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"province_code" text,
	"regime_code" text NOT NULL,
	"year" smallint NOT NULL,
	"cutoff_date" date NOT NULL,
	"session_date" date NOT NULL,
	"stage" smallint DEFAULT 1 NOT NULL,
	"two_stage" boolean DEFAULT false NOT NULL,
	"previous_round_id" uuid,
	"spread_limit" numeric(5, 2) DEFAULT 10 NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"created_by" text NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_rounds_level_chk" CHECK (("evaluation_rounds"."level" = 'national') = ("evaluation_rounds"."province_code" is null))
);
--> statement-breakpoint
CREATE TABLE "field_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"participants" text NOT NULL,
	"findings" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_dossiers" (
	"round_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"sheet_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"shortlisted" boolean,
	"spread_flag" boolean DEFAULT false NOT NULL,
	"mean_score" numeric(5, 2),
	"band_stars" smallint,
	"recognised_stars" smallint,
	"potential_five_star" boolean DEFAULT false NOT NULL,
	"forwarded" boolean DEFAULT false NOT NULL,
	"eliminated" boolean DEFAULT false NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_dossiers_round_id_dossier_id_pk" PRIMARY KEY("round_id","dossier_id")
);
--> statement-breakpoint
CREATE TABLE "score_sheet_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"score_sheet_id" uuid NOT NULL,
	"attempt" smallint NOT NULL,
	"answers" jsonb NOT NULL,
	"parts" jsonb NOT NULL,
	"total" numeric(5, 2) NOT NULL,
	"outcome" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"superseded_reason" text
);
--> statement-breakpoint
CREATE TABLE "score_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"answers" jsonb DEFAULT '{"options":[],"knockOuts":[]}'::jsonb NOT NULL,
	"parts" jsonb,
	"total" numeric(5, 2),
	"outcome" text,
	"attempt" smallint DEFAULT 1 NOT NULL,
	"rescore_reason" text,
	"submitted_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revoked_by" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "revocation_basis" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "superseded_by" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "dossier_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "status" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "kind" text DEFAULT 'recognition' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "round_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "drafted_by" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "criteria_regimes" ADD COLUMN "dossier_documents" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "decision_items" ADD CONSTRAINT "decision_items_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_items" ADD CONSTRAINT "decision_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_documents" ADD CONSTRAINT "dossier_documents_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_sheet_id_criteria_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."criteria_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_sheet_id_criteria_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."criteria_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_visits" ADD CONSTRAINT "field_visits_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_visits" ADD CONSTRAINT "field_visits_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_sheet_id_criteria_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."criteria_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheet_versions" ADD CONSTRAINT "score_sheet_versions_score_sheet_id_score_sheets_id_fk" FOREIGN KEY ("score_sheet_id") REFERENCES "public"."score_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_outbox_dedupe_uq" ON "mail_outbox" USING btree ("to_address","dedupe_key");--> statement-breakpoint
CREATE INDEX "mail_outbox_status_idx" ON "mail_outbox" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "dossier_documents_dossier_idx" ON "dossier_documents" USING btree ("dossier_id","doc_type");--> statement-breakpoint
CREATE INDEX "dossier_events_dossier_idx" ON "dossier_events" USING btree ("dossier_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_number_uq" ON "dossiers" USING btree ("number");--> statement-breakpoint
CREATE INDEX "dossiers_product_idx" ON "dossiers" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "dossiers_producer_idx" ON "dossiers" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "dossiers_province_status_idx" ON "dossiers" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "dossiers_commune_status_idx" ON "dossiers" USING btree ("commune_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "self_assessments_product_sheet_uq" ON "self_assessments" USING btree ("product_id","sheet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conflict_declarations_uq" ON "conflict_declarations" USING btree ("member_id","producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_members_round_user_uq" ON "council_members" USING btree ("round_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_members_one_chair_uq" ON "council_members" USING btree ("round_id") WHERE "council_members"."council_role" = 'chair';--> statement-breakpoint
CREATE INDEX "evaluation_rounds_province_idx" ON "evaluation_rounds" USING btree ("province_code","year");--> statement-breakpoint
CREATE INDEX "field_visits_round_dossier_idx" ON "field_visits" USING btree ("round_id","dossier_id");--> statement-breakpoint
CREATE INDEX "round_dossiers_dossier_idx" ON "round_dossiers" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_sheet_versions_uq" ON "score_sheet_versions" USING btree ("score_sheet_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "score_sheets_round_dossier_member_uq" ON "score_sheets" USING btree ("round_id","dossier_id","member_id");--> statement-breakpoint
CREATE INDEX "score_sheets_member_idx" ON "score_sheets" USING btree ("member_id","status");--> statement-breakpoint
CREATE INDEX "decisions_round_idx" ON "decisions" USING btree ("round_id");