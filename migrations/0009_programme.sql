CREATE TABLE "targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_code" text,
	"indicator" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"target_value" numeric(12, 2) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "targets_period_chk" CHECK ("targets"."period_end" >= "targets"."period_start"),
	CONSTRAINT "targets_value_chk" CHECK ("targets"."target_value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"session_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"present" boolean NOT NULL,
	CONSTRAINT "training_attendance_session_id_participant_id_pk" PRIMARY KEY("session_id","participant_id")
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"framework" text DEFAULT '' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"trainer" text DEFAULT '' NOT NULL,
	"venue" text DEFAULT '' NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_courses_dates_chk" CHECK ("training_courses"."ends_on" >= "training_courses"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "training_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"producer_id" uuid,
	"full_name" text NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"phone" text
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"hours" numeric(4, 1)
);
--> statement-breakpoint
CREATE TABLE "inspection_checks" (
	"visit_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"certificate_id" uuid,
	"finding" text,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "inspection_checks_visit_id_product_id_pk" PRIMARY KEY("visit_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"province_code" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"planned_producers" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_plans_period_chk" CHECK ("inspection_plans"."period_end" >= "inspection_plans"."period_start")
);
--> statement-breakpoint
CREATE TABLE "inspection_team_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"agency" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"visited_on" date NOT NULL,
	"outcome" text,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revocation_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"visit_id" uuid,
	"province_code" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "support_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"producer_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"kind" text NOT NULL,
	"amount_vnd" bigint NOT NULL,
	"granted_on" date NOT NULL,
	"source" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_records_amount_chk" CHECK ("support_records"."amount_vnd" > 0 and "support_records"."amount_vnd" <= 1000000000000)
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "old_district" text;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_participant_id_training_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."training_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_participants" ADD CONSTRAINT "training_participants_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_participants" ADD CONSTRAINT "training_participants_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_visit_id_inspection_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."inspection_visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_team_members" ADD CONSTRAINT "inspection_team_members_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_visits" ADD CONSTRAINT "inspection_visits_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_visits" ADD CONSTRAINT "inspection_visits_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_visits" ADD CONSTRAINT "inspection_visits_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_visits" ADD CONSTRAINT "inspection_visits_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revocation_proposals" ADD CONSTRAINT "revocation_proposals_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revocation_proposals" ADD CONSTRAINT "revocation_proposals_visit_id_inspection_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."inspection_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revocation_proposals" ADD CONSTRAINT "revocation_proposals_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_records" ADD CONSTRAINT "support_records_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_records" ADD CONSTRAINT "support_records_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_records" ADD CONSTRAINT "support_records_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "targets_area_indicator_period_uq" ON "targets" USING btree (coalesce("area_code", ''),"indicator","period_start","period_end");--> statement-breakpoint
CREATE INDEX "targets_area_idx" ON "targets" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "training_courses_area_idx" ON "training_courses" USING btree ("province_code","ends_on");--> statement-breakpoint
CREATE INDEX "training_participants_course_idx" ON "training_participants" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "training_participants_producer_idx" ON "training_participants" USING btree ("producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_participants_name_uq" ON "training_participants" USING btree ("course_id","full_name",coalesce("producer_id"::text, ''));--> statement-breakpoint
CREATE INDEX "training_sessions_course_idx" ON "training_sessions" USING btree ("course_id","held_on");--> statement-breakpoint
CREATE INDEX "inspection_checks_product_idx" ON "inspection_checks" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "inspection_plans_province_idx" ON "inspection_plans" USING btree ("province_code","period_start");--> statement-breakpoint
CREATE INDEX "inspection_team_plan_idx" ON "inspection_team_members" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "inspection_visits_plan_idx" ON "inspection_visits" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "inspection_visits_area_idx" ON "inspection_visits" USING btree ("province_code","visited_on");--> statement-breakpoint
CREATE INDEX "inspection_visits_producer_idx" ON "inspection_visits" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "revocation_proposals_certificate_idx" ON "revocation_proposals" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "revocation_proposals_province_idx" ON "revocation_proposals" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "support_records_area_idx" ON "support_records" USING btree ("province_code","granted_on");--> statement-breakpoint
CREATE INDEX "support_records_producer_idx" ON "support_records" USING btree ("producer_id");