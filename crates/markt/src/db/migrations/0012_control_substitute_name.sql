-- Marktkantoor schema: who stood at the stall when a control found an unknown substitute.
-- A shipped migration is never edited: change the schema with a new file.
--
-- A control that finds a substitute the office does not know (not the permit's own
-- substitute, no vendor to pick) asks the supervisor who stood there; the name is kept
-- with the control. Controls are insert-only (schema 9's triggers); adding a column
-- changes no row. (Numbered 12: 11 is the day close's reason, made at the same time.)
ALTER TABLE control ADD COLUMN substitute_name TEXT;
