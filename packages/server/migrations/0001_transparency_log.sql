CREATE TABLE "log_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root_hash" "bytea" NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_cosignatures" (
	"size" bigint NOT NULL,
	"witness" text NOT NULL,
	"signature_line" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_cosignatures_size_witness_pk" PRIMARY KEY("size","witness")
);
--> statement-breakpoint
CREATE TABLE "log_entries" (
	"idx" bigint PRIMARY KEY NOT NULL,
	"entry" "bytea" NOT NULL,
	"salt" "bytea",
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"record" text NOT NULL,
	"visibility" text NOT NULL,
	"owner_organisation_id" text,
	"integrated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_hashes" (
	"level" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "log_hashes_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
CREATE TABLE "log_keys" (
	"verifier_key" text PRIMARY KEY NOT NULL,
	"active_from" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_pending" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"entry" "bytea" NOT NULL,
	"salt" "bytea",
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"record" text NOT NULL,
	"visibility" text NOT NULL,
	"owner_organisation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "log_entries_record_idx" ON "log_entries" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "log_hashes_hash_idx" ON "log_hashes" USING btree ("hash");