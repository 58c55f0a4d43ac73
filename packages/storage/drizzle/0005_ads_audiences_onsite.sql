CREATE TABLE "ads_audience_members" (
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"audience" text NOT NULL,
	"customer_id" text NOT NULL,
	"hashed_identifiers" jsonb NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ads_audience_members_pk" PRIMARY KEY("tenant_id","platform","audience","customer_id")
);
--> statement-breakpoint
CREATE TABLE "onsite_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"template" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"seen_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "ads_audience_members_customer_idx" ON "ads_audience_members" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "onsite_messages_idempotency_unique" ON "onsite_messages" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "onsite_messages_customer_idx" ON "onsite_messages" USING btree ("tenant_id","store_id","customer_id","created_at");