CREATE TABLE "workflow_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"trigger_event_id" text NOT NULL,
	"trigger_event" jsonb NOT NULL,
	"correlation_key" text NOT NULL,
	"customer_key" text,
	"refs" jsonb NOT NULL,
	"status" text NOT NULL,
	"current_node" text,
	"seq" integer DEFAULT 0 NOT NULL,
	"waiting_event_type" text,
	"wake_at" timestamp with time zone,
	"end_reason" text,
	"entered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "workflow_runs_status_check" CHECK ("workflow_runs"."status" in ('active', 'waiting', 'completed', 'converted', 'exited', 'parked', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "workflow_step_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_step_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"seq" integer NOT NULL,
	"node_id" text,
	"node_type" text,
	"outcome" text NOT NULL,
	"branch" text,
	"variant" text,
	"reason" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_versions" (
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"trigger_event" text NOT NULL,
	"approved" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workflow_versions_pk" PRIMARY KEY("workflow_id","version")
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"active_version" integer,
	"latest_version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workflows_status_check" CHECK ("workflows"."status" in ('draft', 'active', 'paused'))
);
--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_events" ADD CONSTRAINT "workflow_step_events_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_trigger_unique" ON "workflow_runs" USING btree ("workflow_id","trigger_event_id");--> statement-breakpoint
CREATE INDEX "workflow_runs_reentry_idx" ON "workflow_runs" USING btree ("workflow_id","customer_key","entered_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_open_correlation_idx" ON "workflow_runs" USING btree ("tenant_id","correlation_key") WHERE "workflow_runs"."status" in ('active', 'waiting');--> statement-breakpoint
CREATE INDEX "workflow_runs_open_customer_idx" ON "workflow_runs" USING btree ("tenant_id","customer_key") WHERE "workflow_runs"."status" in ('active', 'waiting');--> statement-breakpoint
CREATE INDEX "workflow_runs_tenant_workflow_idx" ON "workflow_runs" USING btree ("tenant_id","workflow_id","entered_at");--> statement-breakpoint
CREATE INDEX "workflow_step_events_run_idx" ON "workflow_step_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "workflow_step_events_report_idx" ON "workflow_step_events" USING btree ("tenant_id","workflow_id","version","at");--> statement-breakpoint
CREATE UNIQUE INDEX "workflows_tenant_key_unique" ON "workflows" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "workflows_tenant_status_idx" ON "workflows" USING btree ("tenant_id","status");