CREATE TABLE "clv_models" (
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"purchase_model_status" text NOT NULL,
	"spend_model_status" text NOT NULL,
	"status_detail" text,
	"currency" text,
	"observation_end" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	"repeat_customers" integer NOT NULL,
	"observed_repeat_purchases" integer NOT NULL,
	"expected_repeat_purchases" double precision,
	"r" double precision,
	"alpha" double precision,
	"a" double precision,
	"b" double precision,
	"purchase_log_likelihood" double precision,
	"p" double precision,
	"q" double precision,
	"gamma" double precision,
	"spend_log_likelihood" double precision,
	"frequency_spend_correlation" double precision,
	"settings" jsonb NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "clv_models_pk" PRIMARY KEY("tenant_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "customer_predictions" (
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"repeat_purchases" integer NOT NULL,
	"recency_days" integer NOT NULL,
	"age_days" integer NOT NULL,
	"expected_purchases_30d" double precision NOT NULL,
	"expected_purchases_90d" double precision NOT NULL,
	"expected_purchases_365d" double precision NOT NULL,
	"p_alive" double precision NOT NULL,
	"expected_avg_spend" numeric,
	"predicted_clv" numeric,
	"currency" text NOT NULL,
	"model_fitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_predictions_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "clv_models" ADD CONSTRAINT "clv_models_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clv_models" ADD CONSTRAINT "clv_models_store_fk" FOREIGN KEY ("store_id","tenant_id") REFERENCES "public"."stores"("id","tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_predictions" ADD CONSTRAINT "customer_predictions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_predictions" ADD CONSTRAINT "customer_predictions_store_fk" FOREIGN KEY ("store_id","tenant_id") REFERENCES "public"."stores"("id","tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_predictions_store_idx" ON "customer_predictions" USING btree ("tenant_id","store_id");