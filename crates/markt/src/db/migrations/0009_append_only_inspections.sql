-- Marktkantoor schema, version 9: inspections are facts, and the office's letterhead.
-- A shipped migration is never edited: change the schema with a new file.
--
-- Tickets, their photos, the violation catalogue and controls are never edited or deleted,
-- like the financial records of schema 1. What changed them before is now a row of its own:
--   * a violation ended from a day is a `violation_end` (the catalogue row keeps the end it
--     was created with; the earliest end counts);
--   * a control taken out of the round by a redrawn sample is a `control_removal` (the
--     control and its products stay; reads leave removed controls out).

CREATE TABLE violation_end (
    id              INTEGER PRIMARY KEY,
    violation_id    INTEGER NOT NULL REFERENCES violation(id),
    valid_until     TEXT NOT NULL,      -- the last day it may be chosen (the day before the end)
    account_id      INTEGER NOT NULL REFERENCES account(id),
    at              TEXT NOT NULL
);
CREATE INDEX violation_end_violation ON violation_end(violation_id, valid_until);

CREATE TABLE control_removal (
    control_id      INTEGER PRIMARY KEY REFERENCES control(id),
    sample_id       INTEGER REFERENCES control_sample(id),   -- the sample drawn again
    reason          TEXT NOT NULL CHECK (length(reason) > 0),
    account_id      INTEGER NOT NULL REFERENCES account(id),
    at              TEXT NOT NULL
);

CREATE TRIGGER ticket_no_update BEFORE UPDATE ON ticket
BEGIN SELECT RAISE(ABORT, 'ticket is never edited: add a status event'); END;
CREATE TRIGGER ticket_no_delete BEFORE DELETE ON ticket
BEGIN SELECT RAISE(ABORT, 'ticket is never deleted: void it'); END;
CREATE TRIGGER ticket_photo_no_update BEFORE UPDATE ON ticket_photo
BEGIN SELECT RAISE(ABORT, 'ticket_photo is never edited'); END;
CREATE TRIGGER ticket_photo_no_delete BEFORE DELETE ON ticket_photo
BEGIN SELECT RAISE(ABORT, 'ticket_photo is never deleted'); END;
CREATE TRIGGER violation_no_update BEFORE UPDATE ON violation
BEGIN SELECT RAISE(ABORT, 'violation is never edited: add a version or end it'); END;
CREATE TRIGGER violation_no_delete BEFORE DELETE ON violation
BEGIN SELECT RAISE(ABORT, 'violation is never deleted: end it'); END;
CREATE TRIGGER violation_end_no_update BEFORE UPDATE ON violation_end
BEGIN SELECT RAISE(ABORT, 'violation_end is append-only'); END;
CREATE TRIGGER violation_end_no_delete BEFORE DELETE ON violation_end
BEGIN SELECT RAISE(ABORT, 'violation_end is append-only'); END;
CREATE TRIGGER control_no_update BEFORE UPDATE ON control
BEGIN SELECT RAISE(ABORT, 'control is never edited'); END;
CREATE TRIGGER control_no_delete BEFORE DELETE ON control
BEGIN SELECT RAISE(ABORT, 'control is never deleted: remove it from the round'); END;
CREATE TRIGGER control_product_no_update BEFORE UPDATE ON control_product
BEGIN SELECT RAISE(ABORT, 'control_product is never edited'); END;
CREATE TRIGGER control_product_no_delete BEFORE DELETE ON control_product
BEGIN SELECT RAISE(ABORT, 'control_product is never deleted'); END;
CREATE TRIGGER control_removal_no_update BEFORE UPDATE ON control_removal
BEGIN SELECT RAISE(ABORT, 'control_removal is append-only'); END;
CREATE TRIGGER control_removal_no_delete BEFORE DELETE ON control_removal
BEGIN SELECT RAISE(ABORT, 'control_removal is append-only'); END;

-- The office's own details for its letters and receipts: one row, edited by an
-- administrator (audited). A file that already printed letters keeps the letterhead it
-- printed until then; a new file starts without one and the first letters say only
-- "Marktbureau" until an administrator fills it in.
CREATE TABLE office (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    iban        TEXT NOT NULL DEFAULT ''
);
INSERT INTO office (id, name) SELECT 1, 'Gemeente Amsterdam · Marktbureau' WHERE EXISTS (SELECT 1 FROM account);
