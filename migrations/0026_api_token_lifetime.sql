-- Every API token has an end (docs/decisions/045). Tokens made before this end one year after they were made.
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
UPDATE "api_tokens" SET "expires_at" = "created_at" + interval '365 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "form_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_form_key_uq" ON "api_tokens" USING btree ("user_id","form_key");
