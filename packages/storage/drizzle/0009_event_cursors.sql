CREATE TABLE "event_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"leased_by" text,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
