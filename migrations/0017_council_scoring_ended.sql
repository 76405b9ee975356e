ALTER TABLE "evaluation_rounds" ADD COLUMN "scoring_ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD COLUMN "scoring_ended_by" text;