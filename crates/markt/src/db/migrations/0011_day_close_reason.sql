-- Marktkantoor schema: the reason for a difference in the day close.
-- A shipped migration is never edited: change the schema with a new file.
--
-- A clerk whose counted cash differs from the expected cash says why before the close is
-- saved (the core asks for it: `day_close::close`); the close keeps it, the kasopmaak prints
-- it. Closes stored before this schema keep an empty reason. The trigger holds the rule for
-- every door that writes a close (the demo's bulk load writes closes without a difference).
ALTER TABLE day_close ADD COLUMN difference_reason TEXT NOT NULL DEFAULT '';

CREATE TRIGGER day_close_difference_reason BEFORE INSERT ON day_close
WHEN NEW.difference_cents <> 0 AND trim(NEW.difference_reason) = ''
BEGIN SELECT RAISE(ABORT, 'a day close with a difference needs its reason'); END;
