-- Marktkantoor schema, version 8: a tvplz registration stores its number of places.
-- A shipped migration is never edited: change the schema with a new file.
--
-- allocation.md: a `tvplz` is entitled to as many stalls as it holds places, anywhere. The
-- number was not stored: the allocation took the minimum typed in the vendor's preferences,
-- which the vendor may change and which is a wish, not an entitlement.
ALTER TABLE registration ADD COLUMN places INTEGER CHECK (places IS NULL OR places >= 1);

-- The tvplz registrations stored so far get the number the allocation used until now: the
-- minimum of their preferences on that market, or 1 without preferences (the allocation's
-- default), so that no allocation changes by this migration.
UPDATE registration
SET places = coalesce(
        (SELECT max(p.min_stalls, 1) FROM preference p
         WHERE p.vendor_id = registration.vendor_id AND p.market_id = registration.market_id),
        1)
WHERE status = 'tvplz';

-- Only a tvplz has a number of places, and a tvplz always has one. SQLite cannot add a
-- table CHECK by ALTER TABLE: triggers say it.
CREATE TRIGGER registration_places_insert BEFORE INSERT ON registration
WHEN (NEW.status = 'tvplz') <> (NEW.places IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'registration: a tvplz has a number of places, another status none'); END;
CREATE TRIGGER registration_places_update BEFORE UPDATE OF status, places ON registration
WHEN (NEW.status = 'tvplz') <> (NEW.places IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'registration: a tvplz has a number of places, another status none'); END;
