DROP INDEX "complaints_state_key";--> statement-breakpoint
CREATE INDEX "complaints_state_filed_key" ON "complaints" USING btree ("state","filed_at","id");