CREATE TABLE "governance_policies" (
	"tenant_id" text NOT NULL,
	"workflow_key" text NOT NULL,
	"policy" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "governance_policies_pk" PRIMARY KEY("tenant_id","workflow_key")
);
--> statement-breakpoint
CREATE TABLE "governance_signals" (
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"customer_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "governance_signals_pk" PRIMARY KEY("tenant_id","kind","ref"),
	CONSTRAINT "governance_signals_kind_check" CHECK ("governance_signals"."kind" in ('purchase', 'refund', 'support_case'))
);
--> statement-breakpoint
CREATE TABLE "governance_suppressions" (
	"scope" text NOT NULL,
	"list" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"channel" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "governance_suppressions_pk" PRIMARY KEY("scope","list","kind","value","channel"),
	CONSTRAINT "governance_suppressions_list_check" CHECK ("governance_suppressions"."list" in ('suppression', 'unsubscribe')),
	CONSTRAINT "governance_suppressions_kind_check" CHECK ("governance_suppressions"."kind" in ('email', 'phone', 'customer_id'))
);
--> statement-breakpoint
CREATE TABLE "message_log" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"customer_key" text NOT NULL,
	"customer_id" text,
	"channel_kind" text NOT NULL,
	"channel_name" text NOT NULL,
	"workflow_id" text,
	"workflow_key" text,
	"run_id" text,
	"node_id" text,
	"idempotency_key" text NOT NULL,
	"template" text,
	"promo" boolean NOT NULL,
	"offer" jsonb,
	"decision" text NOT NULL,
	"reason" text,
	"deliver_at" timestamp with time zone,
	"status" text NOT NULL,
	"provider_message_id" text,
	"error" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "message_log_decision_check" CHECK ("message_log"."decision" in ('allow', 'refuse', 'delay'))
);
--> statement-breakpoint
CREATE TABLE "offer_codes" (
	"tenant_id" text NOT NULL,
	"offer_key" text NOT NULL,
	"code" text NOT NULL,
	"source" text NOT NULL,
	"run_id" text,
	"customer_key" text,
	"issued_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "offer_codes_pk" PRIMARY KEY("tenant_id","code")
);
--> statement-breakpoint
CREATE INDEX "governance_signals_customer_idx" ON "governance_signals" USING btree ("tenant_id","customer_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "message_log_idempotency_unique" ON "message_log" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "message_log_customer_idx" ON "message_log" USING btree ("tenant_id","customer_key","created_at");--> statement-breakpoint
CREATE INDEX "message_log_scheduled_idx" ON "message_log" USING btree ("status","deliver_at");--> statement-breakpoint
CREATE UNIQUE INDEX "offer_codes_run_unique" ON "offer_codes" USING btree ("tenant_id","offer_key","run_id","customer_key");--> statement-breakpoint
CREATE INDEX "offer_codes_pool_idx" ON "offer_codes" USING btree ("tenant_id","offer_key","issued_at");