CREATE TABLE "message_interactions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"message_id" text NOT NULL,
	"customer_key" text NOT NULL,
	"channel_kind" text NOT NULL,
	"interaction" text NOT NULL,
	"source" text NOT NULL,
	"url" text,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "message_interactions_interaction_check" CHECK ("message_interactions"."interaction" in ('opened', 'clicked')),
	CONSTRAINT "message_interactions_source_check" CHECK ("message_interactions"."source" in ('tracking', 'api'))
);
--> statement-breakpoint
ALTER TABLE "message_log" ADD COLUMN "arm" text;--> statement-breakpoint
ALTER TABLE "message_log" ADD COLUMN "variants" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD COLUMN "attribution" jsonb;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "arm" text DEFAULT 'treatment' NOT NULL;--> statement-breakpoint
ALTER TABLE "message_interactions" ADD CONSTRAINT "message_interactions_message_id_message_log_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."message_log"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_interactions_customer_idx" ON "message_interactions" USING btree ("tenant_id","customer_key","at");--> statement-breakpoint
CREATE INDEX "message_interactions_message_idx" ON "message_interactions" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE INDEX "message_log_run_idx" ON "message_log" USING btree ("tenant_id","run_id");--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_arm_check" CHECK ("workflow_runs"."arm" in ('holdout', 'treatment'));