ALTER TABLE "webhook_receipts" ADD COLUMN "state" text DEFAULT 'processed' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD COLUMN "change" jsonb;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD COLUMN "processed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "webhook_receipts_pending_idx" ON "webhook_receipts" USING btree ("tenant_id","received_at") WHERE "webhook_receipts"."state" = 'pending';--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_state_check" CHECK ("webhook_receipts"."state" in ('pending', 'processed'));