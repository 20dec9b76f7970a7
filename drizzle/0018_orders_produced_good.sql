ALTER TABLE "orders" ADD COLUMN "produced_good" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "orders" o SET "produced_good" = p.good
FROM (SELECT "order_id", sum("good_units")::int AS good FROM "print_jobs" WHERE "status" IN ('done', 'failed') AND "good_units" IS NOT NULL GROUP BY "order_id") p
WHERE p."order_id" = o."id";--> statement-breakpoint
CREATE FUNCTION "orders_produced_good_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_good integer := 0;
  new_good integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."status" IN ('done', 'failed') THEN old_good := coalesce(OLD."good_units", 0); END IF;
  IF TG_OP <> 'DELETE' AND NEW."status" IN ('done', 'failed') THEN new_good := coalesce(NEW."good_units", 0); END IF;
  IF TG_OP = 'UPDATE' AND OLD."order_id" IS DISTINCT FROM NEW."order_id" THEN
    IF old_good <> 0 THEN UPDATE "orders" SET "produced_good" = "produced_good" - old_good WHERE "id" = OLD."order_id"; END IF;
    IF new_good <> 0 THEN UPDATE "orders" SET "produced_good" = "produced_good" + new_good WHERE "id" = NEW."order_id"; END IF;
  ELSIF new_good <> old_good THEN
    UPDATE "orders" SET "produced_good" = "produced_good" + new_good - old_good WHERE "id" = coalesce(NEW."order_id", OLD."order_id");
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "print_jobs_produced_good" AFTER INSERT OR DELETE ON "print_jobs"
FOR EACH ROW EXECUTE FUNCTION "orders_produced_good_sync"();--> statement-breakpoint
CREATE TRIGGER "print_jobs_produced_good_update" AFTER UPDATE OF "status", "good_units", "order_id" ON "print_jobs"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."good_units" IS DISTINCT FROM NEW."good_units" OR OLD."order_id" IS DISTINCT FROM NEW."order_id")
EXECUTE FUNCTION "orders_produced_good_sync"();
