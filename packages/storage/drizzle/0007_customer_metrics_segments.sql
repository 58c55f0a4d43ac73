CREATE TABLE "customer_metrics" (
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"store_id" text NOT NULL,
	"currency" text,
	"orders_count" integer NOT NULL,
	"total_spent" numeric NOT NULL,
	"average_order_value" numeric,
	"first_order_at" timestamp with time zone,
	"last_order_at" timestamp with time zone,
	"refunded_amount" numeric NOT NULL,
	"refund_rate" numeric,
	"discount_order_share" numeric,
	"discount_revenue_share" numeric,
	"category_affinity" jsonb NOT NULL,
	"top_categories" text[] NOT NULL,
	"margin_contributed" numeric,
	"recency_score" smallint,
	"frequency_score" smallint,
	"monetary_score" smallint,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_metrics_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "customer_metrics_cursor" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_memberships" (
	"tenant_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"store_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_memberships_pk" PRIMARY KEY("tenant_id","segment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"store_id" text,
	"rule" jsonb NOT NULL,
	"version" integer NOT NULL,
	"member_count" integer NOT NULL,
	"materialized_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_metrics" ADD CONSTRAINT "customer_metrics_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_metrics_store_idx" ON "customer_metrics" USING btree ("tenant_id","store_id");--> statement-breakpoint
CREATE INDEX "segment_memberships_customer_idx" ON "segment_memberships" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "segments_tenant_idx" ON "segments" USING btree ("tenant_id","created_at");