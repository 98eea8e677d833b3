CREATE TABLE "log_witnesses" (
	"name" text PRIMARY KEY NOT NULL,
	"verifier_key" text NOT NULL,
	"organisation_id" uuid,
	"required" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_witnesses_verifier_key_unique" UNIQUE("verifier_key")
);
--> statement-breakpoint
ALTER TABLE "log_witnesses" ADD CONSTRAINT "log_witnesses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;