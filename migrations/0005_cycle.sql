CREATE TABLE "business_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idea_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"product_description" text NOT NULL,
	"market_and_customers" text NOT NULL,
	"production_capacity" text NOT NULL,
	"investment_and_funding" text NOT NULL,
	"sales_channels" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycle_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idea_id" uuid NOT NULL,
	"subject" text NOT NULL,
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
CREATE TABLE "product_ideas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"producer_id" uuid NOT NULL,
	"product_id" uuid,
	"name" text NOT NULL,
	"classification" text NOT NULL,
	"product_set_code" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"raw_materials" text DEFAULT '' NOT NULL,
	"expected_market" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_idea_id_product_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."product_ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_events" ADD CONSTRAINT "cycle_events_idea_id_product_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."product_ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_plans_idea_uq" ON "business_plans" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "business_plans_province_status_idx" ON "business_plans" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "business_plans_commune_status_idx" ON "business_plans" USING btree ("commune_code","status");--> statement-breakpoint
CREATE INDEX "cycle_events_idea_idx" ON "cycle_events" USING btree ("idea_id","id");--> statement-breakpoint
CREATE INDEX "product_ideas_producer_idx" ON "product_ideas" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "product_ideas_province_status_idx" ON "product_ideas" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "product_ideas_commune_status_idx" ON "product_ideas" USING btree ("commune_code","status");