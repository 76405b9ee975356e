CREATE TABLE "criteria_nodes" (
	"sheet_id" uuid NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"kind" text NOT NULL,
	"position" smallint NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"note" text,
	"points" numeric(6, 2),
	"selection" text DEFAULT 'all' NOT NULL,
	"condition" text,
	"choose_one_case" boolean DEFAULT false NOT NULL,
	"knock_out_effect" text,
	"knock_out_text" text,
	"bonus" boolean DEFAULT false NOT NULL,
	CONSTRAINT "criteria_nodes_sheet_id_code_pk" PRIMARY KEY("sheet_id","code")
);
--> statement-breakpoint
CREATE TABLE "criteria_regimes" (
	"code" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"instruments" jsonb NOT NULL,
	"effective_from" date NOT NULL,
	"classification" text NOT NULL,
	"sheets_from" text NOT NULL,
	"part_maxima" jsonb NOT NULL,
	"star_bands" jsonb NOT NULL,
	"min_certifiable_stars" smallint NOT NULL,
	"validity_months" smallint,
	"reminder_days" smallint,
	"levels" jsonb NOT NULL,
	"to_verify" boolean DEFAULT false NOT NULL,
	"verification_note" text,
	"sources" jsonb NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "criteria_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"regime_code" text NOT NULL,
	"classification" text NOT NULL,
	"product_set_code" text NOT NULL,
	"revision" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"official" boolean DEFAULT false NOT NULL,
	"provenance" text,
	"source" text NOT NULL,
	"source_ref" text,
	"content_hash" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "criteria_sheets_published_chk" CHECK (("criteria_sheets"."status" = 'published') = ("criteria_sheets"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "criteria_nodes" ADD CONSTRAINT "criteria_nodes_sheet_id_criteria_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."criteria_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criteria_sheets" ADD CONSTRAINT "criteria_sheets_regime_code_criteria_regimes_code_fk" FOREIGN KEY ("regime_code") REFERENCES "public"."criteria_regimes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criteria_sheets" ADD CONSTRAINT "criteria_sheets_product_set_fk" FOREIGN KEY ("classification","product_set_code") REFERENCES "public"."product_sets"("classification","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "criteria_nodes_parent_idx" ON "criteria_nodes" USING btree ("sheet_id","parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "criteria_sheets_revision_uq" ON "criteria_sheets" USING btree ("regime_code","product_set_code","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "criteria_sheets_one_draft_uq" ON "criteria_sheets" USING btree ("regime_code","product_set_code") WHERE "criteria_sheets"."status" = 'draft';