CREATE TABLE "osint_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"source_id" uuid NOT NULL,
	"original_url" text,
	"file_name" text,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_type" text NOT NULL,
	"charset" text NOT NULL,
	"title" text NOT NULL,
	"outlet" text,
	"author" text,
	"published_at" text,
	"language" text,
	"text" text NOT NULL,
	"created_by" uuid,
	CONSTRAINT "osint_articles_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "osint_ingest_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"source_id" uuid,
	"created_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"ingested" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osint_ingest_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"source_id" uuid,
	"name" text NOT NULL,
	"entry_key" text,
	"outcome" text NOT NULL,
	"article_id" uuid,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osint_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"url" text,
	"path" text,
	"title" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"etag" text,
	"last_modified" text,
	"next_poll_at" timestamp with time zone,
	"last_polled_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "osint_sources_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "osint_stories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"article_count" integer NOT NULL,
	"outlet_count" integer NOT NULL,
	"origin_count" integer NOT NULL,
	"contradictions" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osint_story_articles" (
	"article_id" uuid PRIMARY KEY NOT NULL,
	"story_id" uuid NOT NULL,
	"origin_id" uuid NOT NULL,
	"claims" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "osint_articles" ADD CONSTRAINT "osint_articles_source_id_osint_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."osint_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_articles" ADD CONSTRAINT "osint_articles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_ingest_batches" ADD CONSTRAINT "osint_ingest_batches_source_id_osint_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."osint_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_ingest_batches" ADD CONSTRAINT "osint_ingest_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_ingest_items" ADD CONSTRAINT "osint_ingest_items_batch_id_osint_ingest_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."osint_ingest_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_ingest_items" ADD CONSTRAINT "osint_ingest_items_source_id_osint_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."osint_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_ingest_items" ADD CONSTRAINT "osint_ingest_items_article_id_osint_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."osint_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_sources" ADD CONSTRAINT "osint_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_story_articles" ADD CONSTRAINT "osint_story_articles_article_id_osint_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."osint_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osint_story_articles" ADD CONSTRAINT "osint_story_articles_story_id_osint_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."osint_stories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "osint_articles_source_idx" ON "osint_articles" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "osint_articles_url_idx" ON "osint_articles" USING btree ("original_url");--> statement-breakpoint
CREATE INDEX "osint_ingest_items_batch_idx" ON "osint_ingest_items" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "osint_ingest_items_entry_key" ON "osint_ingest_items" USING btree ("source_id","entry_key") WHERE "osint_ingest_items"."entry_key" is not null;--> statement-breakpoint
CREATE INDEX "osint_sources_due_idx" ON "osint_sources" USING btree ("kind","next_poll_at");--> statement-breakpoint
CREATE INDEX "osint_stories_last_seen_idx" ON "osint_stories" USING btree ("last_seen_at","id");--> statement-breakpoint
CREATE INDEX "osint_story_articles_story_idx" ON "osint_story_articles" USING btree ("story_id");