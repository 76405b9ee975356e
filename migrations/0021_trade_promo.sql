CREATE TABLE "notice_channel_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"user_id" uuid,
	"to_phone" text NOT NULL,
	"body" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notice_channel_preferences" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_channel_preferences_user_id_kind_pk" PRIMARY KEY("user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "buyer_org_members" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buyer_orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"tax_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"province_code" text NOT NULL,
	"address" text NOT NULL,
	"contact_name" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"website" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trade_agreement_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agreement_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"action" text NOT NULL,
	"side" text NOT NULL,
	"actor_id" uuid,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trade_agreement_items" (
	"agreement_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"unit_price" bigint NOT NULL,
	CONSTRAINT "trade_agreement_items_agreement_id_product_id_pk" PRIMARY KEY("agreement_id","product_id"),
	CONSTRAINT "trade_agreement_items_ck" CHECK ("trade_agreement_items"."quantity" > 0 and "trade_agreement_items"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "trade_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"buyer_org_id" uuid,
	"buyer_name" text NOT NULL,
	"producer_id" uuid NOT NULL,
	"demand_id" uuid,
	"offer_id" uuid,
	"event_id" uuid,
	"status" text DEFAULT 'negotiating' NOT NULL,
	"value" bigint NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"province_code" text NOT NULL,
	"product_set_code" text,
	"stars" integer,
	"signed_on" date,
	"cancel_reason" text,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_agreements_ck" CHECK ("trade_agreements"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "trade_demand_matches" (
	"demand_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_demand_matches_demand_id_product_id_pk" PRIMARY KEY("demand_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "trade_demands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"product_set_code" text,
	"min_stars" integer,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"packaging" text DEFAULT '' NOT NULL,
	"delivery_province_code" text NOT NULL,
	"needed_by" date,
	"certifications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_demands_ck" CHECK ("trade_demands"."quantity" > 0 and ("trade_demands"."min_stars" is null or "trade_demands"."min_stars" between 3 and 5))
);
--> statement-breakpoint
CREATE TABLE "trade_event_products" (
	"registration_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "trade_event_products_registration_id_product_id_pk" PRIMARY KEY("registration_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "trade_event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"booth" text,
	"note" text DEFAULT '' NOT NULL,
	"decision_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trade_event_results" (
	"registration_id" uuid PRIMARY KEY NOT NULL,
	"sales_value" bigint NOT NULL,
	"visitors" integer,
	"note" text DEFAULT '' NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_event_results_ck" CHECK ("trade_event_results"."sales_value" >= 0 and ("trade_event_results"."visitors" is null or "trade_event_results"."visitors" >= 0))
);
--> statement-breakpoint
CREATE TABLE "trade_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"registration_closes_on" date,
	"venue_name" text DEFAULT '' NOT NULL,
	"venue_address" text NOT NULL,
	"venue_commune_code" text NOT NULL,
	"province_code" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"organiser" text NOT NULL,
	"owner_province_code" text,
	"booth_quota" integer,
	"booth_fee" bigint DEFAULT 0 NOT NULL,
	"support" text DEFAULT '' NOT NULL,
	"booth_plan_key" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_events_ck" CHECK ("trade_events"."ends_on" >= "trade_events"."starts_on" and ("trade_events"."booth_quota" is null or "trade_events"."booth_quota" > 0) and "trade_events"."booth_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "trade_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"demand_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"side" text NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trade_offer_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trade_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demand_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"unit_price" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"delivery_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"decision_note" text,
	"created_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_offers_ck" CHECK ("trade_offers"."unit_price" > 0 and "trade_offers"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "promo_post_tags" (
	"post_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	CONSTRAINT "promo_post_tags_post_id_kind_ref_pk" PRIMARY KEY("post_id","kind","ref")
);
--> statement-breakpoint
CREATE TABLE "promo_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"video_url" text,
	"cover_key" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_province_code" text,
	"published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_channel_outbox" ADD CONSTRAINT "notice_channel_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_channel_preferences" ADD CONSTRAINT "notice_channel_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_org_members" ADD CONSTRAINT "buyer_org_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_org_members" ADD CONSTRAINT "buyer_org_members_org_id_buyer_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."buyer_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_orgs" ADD CONSTRAINT "buyer_orgs_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_orgs" ADD CONSTRAINT "buyer_orgs_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_orgs" ADD CONSTRAINT "buyer_orgs_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreement_events" ADD CONSTRAINT "trade_agreement_events_agreement_id_trade_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."trade_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreement_events" ADD CONSTRAINT "trade_agreement_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreement_items" ADD CONSTRAINT "trade_agreement_items_agreement_id_trade_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."trade_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreement_items" ADD CONSTRAINT "trade_agreement_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_buyer_org_id_buyer_orgs_id_fk" FOREIGN KEY ("buyer_org_id") REFERENCES "public"."buyer_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_demand_id_trade_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."trade_demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_offer_id_trade_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."trade_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_event_id_trade_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."trade_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_agreements" ADD CONSTRAINT "trade_agreements_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demand_matches" ADD CONSTRAINT "trade_demand_matches_demand_id_trade_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."trade_demands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demand_matches" ADD CONSTRAINT "trade_demand_matches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demand_matches" ADD CONSTRAINT "trade_demand_matches_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demands" ADD CONSTRAINT "trade_demands_buyer_org_id_buyer_orgs_id_fk" FOREIGN KEY ("buyer_org_id") REFERENCES "public"."buyer_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demands" ADD CONSTRAINT "trade_demands_delivery_province_code_areas_code_fk" FOREIGN KEY ("delivery_province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_demands" ADD CONSTRAINT "trade_demands_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_products" ADD CONSTRAINT "trade_event_products_registration_id_trade_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."trade_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_products" ADD CONSTRAINT "trade_event_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_registrations" ADD CONSTRAINT "trade_event_registrations_event_id_trade_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."trade_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_registrations" ADD CONSTRAINT "trade_event_registrations_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_registrations" ADD CONSTRAINT "trade_event_registrations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_registrations" ADD CONSTRAINT "trade_event_registrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_results" ADD CONSTRAINT "trade_event_results_registration_id_trade_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."trade_event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_event_results" ADD CONSTRAINT "trade_event_results_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_events" ADD CONSTRAINT "trade_events_venue_commune_code_areas_code_fk" FOREIGN KEY ("venue_commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_events" ADD CONSTRAINT "trade_events_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_events" ADD CONSTRAINT "trade_events_owner_province_code_areas_code_fk" FOREIGN KEY ("owner_province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_events" ADD CONSTRAINT "trade_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_messages" ADD CONSTRAINT "trade_messages_demand_id_trade_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."trade_demands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_messages" ADD CONSTRAINT "trade_messages_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_messages" ADD CONSTRAINT "trade_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_offer_files" ADD CONSTRAINT "trade_offer_files_offer_id_trade_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."trade_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_offers" ADD CONSTRAINT "trade_offers_demand_id_trade_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."trade_demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_offers" ADD CONSTRAINT "trade_offers_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_offers" ADD CONSTRAINT "trade_offers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trade_offers" ADD CONSTRAINT "trade_offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_post_tags" ADD CONSTRAINT "promo_post_tags_post_id_promo_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."promo_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_posts" ADD CONSTRAINT "promo_posts_owner_province_code_areas_code_fk" FOREIGN KEY ("owner_province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_posts" ADD CONSTRAINT "promo_posts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_channel_outbox_uq" ON "notice_channel_outbox" USING btree ("channel","to_phone","dedupe_key");--> statement-breakpoint
CREATE INDEX "notice_channel_outbox_due_idx" ON "notice_channel_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "buyer_org_members_org_idx" ON "buyer_org_members" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "buyer_orgs_tax_code_uq" ON "buyer_orgs" USING btree ("tax_code");--> statement-breakpoint
CREATE INDEX "buyer_orgs_province_idx" ON "buyer_orgs" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "trade_agreement_events_idx" ON "trade_agreement_events" USING btree ("agreement_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_agreements_code_uq" ON "trade_agreements" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_agreements_offer_uq" ON "trade_agreements" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "trade_agreements_province_idx" ON "trade_agreements" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "trade_agreements_producer_idx" ON "trade_agreements" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "trade_agreements_buyer_idx" ON "trade_agreements" USING btree ("buyer_org_id");--> statement-breakpoint
CREATE INDEX "trade_agreements_event_idx" ON "trade_agreements" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "trade_demand_matches_producer_idx" ON "trade_demand_matches" USING btree ("producer_id","demand_id");--> statement-breakpoint
CREATE INDEX "trade_demands_org_idx" ON "trade_demands" USING btree ("buyer_org_id","created_at");--> statement-breakpoint
CREATE INDEX "trade_demands_province_idx" ON "trade_demands" USING btree ("delivery_province_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_event_registrations_uq" ON "trade_event_registrations" USING btree ("event_id","producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_event_booth_uq" ON "trade_event_registrations" USING btree ("event_id","booth") WHERE booth is not null;--> statement-breakpoint
CREATE INDEX "trade_event_registrations_producer_idx" ON "trade_event_registrations" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "trade_events_dates_idx" ON "trade_events" USING btree ("starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "trade_events_province_idx" ON "trade_events" USING btree ("province_code","starts_on");--> statement-breakpoint
CREATE INDEX "trade_messages_thread_idx" ON "trade_messages" USING btree ("demand_id","producer_id","id");--> statement-breakpoint
CREATE INDEX "trade_offer_files_offer_idx" ON "trade_offer_files" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "trade_offers_demand_idx" ON "trade_offers" USING btree ("demand_id","created_at");--> statement-breakpoint
CREATE INDEX "trade_offers_producer_idx" ON "trade_offers" USING btree ("producer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_offers_live_uq" ON "trade_offers" USING btree ("demand_id","producer_id") WHERE status in ('submitted', 'accepted');--> statement-breakpoint
CREATE INDEX "promo_post_tags_ref_idx" ON "promo_post_tags" USING btree ("kind","ref");--> statement-breakpoint
CREATE UNIQUE INDEX "promo_posts_slug_uq" ON "promo_posts" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "promo_posts_published_idx" ON "promo_posts" USING btree ("status","published_at");