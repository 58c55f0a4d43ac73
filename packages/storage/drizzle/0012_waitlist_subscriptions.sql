CREATE TABLE "waitlist_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"store_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"product_id" text NOT NULL,
	"subscriber_key" text NOT NULL,
	"customer_id" text,
	"email" text,
	"channel" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "waitlist_subscriptions_status_check" CHECK ("waitlist_subscriptions"."status" in ('active', 'notified'))
);
--> statement-breakpoint
ALTER TABLE "waitlist_subscriptions" ADD CONSTRAINT "waitlist_subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_subscriptions_subscriber_unique" ON "waitlist_subscriptions" USING btree ("tenant_id","variant_id","subscriber_key");--> statement-breakpoint
CREATE INDEX "waitlist_subscriptions_variant_idx" ON "waitlist_subscriptions" USING btree ("tenant_id","variant_id","created_at","id");