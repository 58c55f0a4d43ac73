CREATE TABLE "ads_catalog_pauses" (
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"catalog_id" text NOT NULL,
	"sku" text NOT NULL,
	"variant_id" text NOT NULL,
	"status" text NOT NULL,
	"audience" text NOT NULL,
	"step_key" text NOT NULL,
	"batch_handle" text,
	"paused_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ads_catalog_pauses_pk" PRIMARY KEY("tenant_id","platform","catalog_id","sku")
);
--> statement-breakpoint
CREATE INDEX "ads_catalog_pauses_variant_idx" ON "ads_catalog_pauses" USING btree ("tenant_id","variant_id");