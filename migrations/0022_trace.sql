CREATE TABLE "trace_event_lots" (
	"event_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"role" text NOT NULL,
	"quantity" numeric(15, 3),
	CONSTRAINT "trace_event_lots_event_id_lot_id_role_pk" PRIMARY KEY("event_id","lot_id","role")
);
--> statement-breakpoint
CREATE TABLE "trace_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"producer_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"commune_code" text NOT NULL,
	"facility" text,
	"actor" text NOT NULL,
	"note" text,
	"counterparty" text,
	"container" text,
	"lab_result_id" uuid,
	"corrects_id" uuid,
	"evidence_key" text,
	"evidence_name" text,
	"evidence_mime" text,
	"epcis_id" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trace_lab_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"laboratory" text NOT NULL,
	"report_number" text,
	"tested_on" date NOT NULL,
	"indicators" jsonb NOT NULL,
	"passed" boolean NOT NULL,
	"report_key" text,
	"report_name" text,
	"report_mime" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trace_lot_inputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"material" text NOT NULL,
	"source_kind" text NOT NULL,
	"supplier_producer_id" uuid,
	"material_area_id" uuid,
	"supplier_text" text,
	"quantity" numeric(15, 3),
	"unit" text,
	"received_on" date,
	"document_key" text,
	"document_name" text,
	"document_mime" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trace_lot_inputs_source_chk" CHECK (("trace_lot_inputs"."source_kind" = 'producer' and "trace_lot_inputs"."supplier_producer_id" is not null)
    or ("trace_lot_inputs"."source_kind" = 'area' and "trace_lot_inputs"."material_area_id" is not null)
    or ("trace_lot_inputs"."source_kind" = 'text' and "trace_lot_inputs"."supplier_text" is not null))
);
--> statement-breakpoint
CREATE TABLE "trace_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"producer_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"lot_number" text NOT NULL,
	"trace_code" text NOT NULL,
	"produced_on" date NOT NULL,
	"expires_on" date,
	"quantity" numeric(15, 3) NOT NULL,
	"unit" text NOT NULL,
	"facility" text NOT NULL,
	"commune_code" text NOT NULL,
	"note" text,
	"is_sample" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trace_lots_quantity_chk" CHECK ("trace_lots"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "trace_material_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"producer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"commune_code" text NOT NULL,
	"hectares" numeric(12, 2),
	"crop" text NOT NULL,
	"certification" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trace_recalls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"reason" text NOT NULL,
	"scope" text NOT NULL,
	"instructions" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"recalled_by" uuid,
	"recalled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"close_note" text,
	"buyers_notified" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD COLUMN "lot_id" uuid;--> statement-breakpoint
ALTER TABLE "trace_event_lots" ADD CONSTRAINT "trace_event_lots_event_id_trace_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."trace_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_event_lots" ADD CONSTRAINT "trace_event_lots_lot_id_trace_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."trace_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_lab_result_id_trace_lab_results_id_fk" FOREIGN KEY ("lab_result_id") REFERENCES "public"."trace_lab_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_events" ADD CONSTRAINT "trace_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lab_results" ADD CONSTRAINT "trace_lab_results_lot_id_trace_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."trace_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lab_results" ADD CONSTRAINT "trace_lab_results_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lot_inputs" ADD CONSTRAINT "trace_lot_inputs_lot_id_trace_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."trace_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lot_inputs" ADD CONSTRAINT "trace_lot_inputs_supplier_producer_id_producers_id_fk" FOREIGN KEY ("supplier_producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lot_inputs" ADD CONSTRAINT "trace_lot_inputs_material_area_id_trace_material_areas_id_fk" FOREIGN KEY ("material_area_id") REFERENCES "public"."trace_material_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lots" ADD CONSTRAINT "trace_lots_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lots" ADD CONSTRAINT "trace_lots_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lots" ADD CONSTRAINT "trace_lots_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lots" ADD CONSTRAINT "trace_lots_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_lots" ADD CONSTRAINT "trace_lots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_material_areas" ADD CONSTRAINT "trace_material_areas_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_material_areas" ADD CONSTRAINT "trace_material_areas_commune_code_areas_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_recalls" ADD CONSTRAINT "trace_recalls_lot_id_trace_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."trace_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_recalls" ADD CONSTRAINT "trace_recalls_province_code_areas_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_recalls" ADD CONSTRAINT "trace_recalls_recalled_by_users_id_fk" FOREIGN KEY ("recalled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_recalls" ADD CONSTRAINT "trace_recalls_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trace_recalls" ADD CONSTRAINT "trace_recalls_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trace_event_lots_lot_idx" ON "trace_event_lots" USING btree ("lot_id","role");--> statement-breakpoint
CREATE INDEX "trace_events_producer_idx" ON "trace_events" USING btree ("producer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "trace_events_corrects_idx" ON "trace_events" USING btree ("corrects_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trace_events_epcis_uq" ON "trace_events" USING btree ("epcis_id");--> statement-breakpoint
CREATE INDEX "trace_lab_results_lot_idx" ON "trace_lab_results" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "trace_lot_inputs_lot_idx" ON "trace_lot_inputs" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trace_lots_number_uq" ON "trace_lots" USING btree ("product_id","lot_number");--> statement-breakpoint
CREATE UNIQUE INDEX "trace_lots_code_uq" ON "trace_lots" USING btree ("trace_code");--> statement-breakpoint
CREATE INDEX "trace_lots_producer_idx" ON "trace_lots" USING btree ("producer_id","produced_on");--> statement-breakpoint
CREATE INDEX "trace_lots_province_idx" ON "trace_lots" USING btree ("province_code","produced_on");--> statement-breakpoint
CREATE INDEX "trace_material_areas_producer_idx" ON "trace_material_areas" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "trace_recalls_lot_idx" ON "trace_recalls" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "trace_recalls_province_idx" ON "trace_recalls" USING btree ("province_code","status","recalled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "trace_recalls_open_uq" ON "trace_recalls" USING btree ("lot_id") WHERE "trace_recalls"."status" = 'open';--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_lot_id_trace_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."trace_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE FUNCTION "trace_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'trace events are append-only: record a correction instead' USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "trace_events_append_only" BEFORE UPDATE OR DELETE ON "trace_events" FOR EACH ROW EXECUTE FUNCTION "trace_append_only"();
--> statement-breakpoint
CREATE TRIGGER "trace_event_lots_append_only" BEFORE UPDATE OR DELETE ON "trace_event_lots" FOR EACH ROW EXECUTE FUNCTION "trace_append_only"();
