CREATE TABLE "stamp_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"serial" text NOT NULL,
	"batch_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE TABLE "stamp_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"quantity" integer NOT NULL,
	"printer" text NOT NULL,
	"issued_on" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"delivered_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stamp_batches_quantity_chk" CHECK ("stamp_batches"."quantity" between 1 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "stamp_scans" (
	"serial" text PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fake_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"verified_status" text NOT NULL,
	"province_code" text,
	"message" text NOT NULL,
	"place_seen" text DEFAULT '' NOT NULL,
	"contact" text,
	"photo_key" text,
	"photo_type" text,
	"reporter_hash" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outlet_products" (
	"outlet_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"since" date,
	CONSTRAINT "outlet_products_outlet_id_product_id_pk" PRIMARY KEY("outlet_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "outlets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"commune_code" text NOT NULL,
	"province_code" text NOT NULL,
	"opened_on" date,
	"closed_on" date,
	"website" text,
	"phone" text,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stamp_alerts" ADD CONSTRAINT "stamp_alerts_batch_id_stamp_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."stamp_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_alerts" ADD CONSTRAINT "stamp_alerts_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_scans" ADD CONSTRAINT "stamp_scans_batch_id_stamp_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."stamp_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fake_reports" ADD CONSTRAINT "fake_reports_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlet_products" ADD CONSTRAINT "outlet_products_outlet_id_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."outlets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlet_products" ADD CONSTRAINT "outlet_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlets" ADD CONSTRAINT "outlets_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outlets" ADD CONSTRAINT "outlets_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stamp_alerts_kind_serial_uq" ON "stamp_alerts" USING btree ("kind","serial");--> statement-breakpoint
CREATE INDEX "stamp_alerts_province_idx" ON "stamp_alerts" USING btree ("province_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stamp_batches_code_uq" ON "stamp_batches" USING btree (upper("code"));--> statement-breakpoint
CREATE INDEX "stamp_batches_certificate_idx" ON "stamp_batches" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "stamp_batches_province_idx" ON "stamp_batches" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "stamp_scans_batch_idx" ON "stamp_scans" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "fake_reports_province_status_idx" ON "fake_reports" USING btree ("province_code","status","created_at");--> statement-breakpoint
CREATE INDEX "fake_reports_reporter_idx" ON "fake_reports" USING btree ("reporter_hash","created_at");--> statement-breakpoint
CREATE INDEX "outlet_products_product_idx" ON "outlet_products" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "outlets_province_idx" ON "outlets" USING btree ("province_code","kind");--> statement-breakpoint
CREATE INDEX "outlets_commune_idx" ON "outlets" USING btree ("commune_code");