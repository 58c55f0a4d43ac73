CREATE TABLE "messaging_providers" (
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"credentials_key_version" integer NOT NULL,
	"credentials_iv" text NOT NULL,
	"credentials_tag" text NOT NULL,
	"credentials_data" text NOT NULL,
	"swept_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messaging_providers_pk" PRIMARY KEY("tenant_id","kind"),
	CONSTRAINT "messaging_providers_kind_check" CHECK ("messaging_providers"."kind" in ('sms', 'push', 'ads'))
);
--> statement-breakpoint
CREATE TABLE "push_devices" (
	"tenant_id" text NOT NULL,
	"token" text NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"platform" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "push_devices_pk" PRIMARY KEY("tenant_id","token")
);
--> statement-breakpoint
CREATE INDEX "messaging_providers_sweep_idx" ON "messaging_providers" USING btree ("kind","swept_at");--> statement-breakpoint
CREATE INDEX "push_devices_customer_idx" ON "push_devices" USING btree ("tenant_id","customer_id");