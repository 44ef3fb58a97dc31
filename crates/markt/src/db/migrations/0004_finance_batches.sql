-- Marktkantoor schema, version 4: numbered batches of the finance export, and the ledger
-- and VAT codes of ticket fines.
-- A shipped migration is never edited: change the schema with a new file.
--
-- What leaves the office for finance leaves once. A batch keeps, line by line, what it
-- exported (with the values that may change later: names, codes, the payment method), so
-- re-running it writes the same file byte for byte; `sha256` is the hash of that file.
-- An invoice line or a fine is exported at most once positive (sign +1) and, after its
-- permit is voided or its fine withdrawn, at most once negative (sign -1): two unique
-- indexes say so, and a trigger refuses a negative line without its positive one.

CREATE TABLE finance_batch (
    id              INTEGER PRIMARY KEY,
    number          INTEGER NOT NULL UNIQUE CHECK (number >= 1),
    period_from     TEXT NOT NULL,
    period_until    TEXT NOT NULL CHECK (period_until >= period_from),
    dialect         TEXT NOT NULL CHECK (dialect IN ('nl', 'rfc')),
    account_id      INTEGER NOT NULL REFERENCES account(id),
    created_at      TEXT NOT NULL,
    -- The highest permit id when the batch was made: a permit above it was issued later, so
    -- a valid one of a day the batch covered is a late line for the next batch.
    permit_horizon  INTEGER NOT NULL CHECK (permit_horizon >= 0),
    -- Set once, in the transaction that made the batch, when its file is written.
    line_count      INTEGER,
    total_incl_cents INTEGER,
    sha256          TEXT
);

-- The markets a batch covered (all of them, named, when the request named none).
CREATE TABLE finance_batch_market (
    batch_id    INTEGER NOT NULL REFERENCES finance_batch(id),
    market_id   INTEGER NOT NULL REFERENCES market(id),
    PRIMARY KEY (batch_id, market_id)
) WITHOUT ROWID;

CREATE TABLE finance_batch_line (
    batch_id            INTEGER NOT NULL REFERENCES finance_batch(id),
    seq                 INTEGER NOT NULL CHECK (seq >= 1),     -- the row's place in the file
    invoice_line_id     INTEGER REFERENCES invoice_line(id),
    ticket_id           INTEGER REFERENCES ticket(id),
    sign                INTEGER NOT NULL CHECK (sign IN (1, -1)),
    market_id           INTEGER NOT NULL REFERENCES market(id),
    market_code         TEXT NOT NULL,
    day                 TEXT NOT NULL,
    invoice_number      TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    vendor_name         TEXT NOT NULL,
    label               TEXT NOT NULL,
    ledger_code         TEXT NOT NULL,
    vat_code            TEXT NOT NULL,
    quantity            INTEGER NOT NULL,
    price_cents         INTEGER NOT NULL,
    vat_bp              INTEGER NOT NULL,
    excl_cents          INTEGER NOT NULL,
    vat_cents           INTEGER NOT NULL,
    incl_cents          INTEGER NOT NULL,
    payment_method      TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq),
    CHECK ((invoice_line_id IS NULL) <> (ticket_id IS NULL)),
    CHECK (incl_cents = excl_cents + vat_cents)
) WITHOUT ROWID;
CREATE UNIQUE INDEX finance_line_once ON finance_batch_line(invoice_line_id, sign) WHERE invoice_line_id IS NOT NULL;
CREATE UNIQUE INDEX finance_ticket_once ON finance_batch_line(ticket_id, sign) WHERE ticket_id IS NOT NULL;

CREATE TRIGGER finance_batch_line_negative_needs_positive BEFORE INSERT ON finance_batch_line
WHEN NEW.sign = -1 AND NOT EXISTS (
    SELECT 1 FROM finance_batch_line f
    WHERE f.sign = 1 AND (f.invoice_line_id = NEW.invoice_line_id OR f.ticket_id = NEW.ticket_id))
BEGIN SELECT RAISE(ABORT, 'a negative finance line needs its exported positive line'); END;

-- Batches are facts: a sealed batch (its hash set) is never edited, nothing is deleted.
CREATE TRIGGER finance_batch_sealed BEFORE UPDATE ON finance_batch WHEN OLD.sha256 IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a finance batch is never edited'); END;
CREATE TRIGGER finance_batch_no_delete BEFORE DELETE ON finance_batch
BEGIN SELECT RAISE(ABORT, 'a finance batch is never deleted'); END;
CREATE TRIGGER finance_batch_market_no_update BEFORE UPDATE ON finance_batch_market
BEGIN SELECT RAISE(ABORT, 'finance_batch_market is never edited'); END;
CREATE TRIGGER finance_batch_market_no_delete BEFORE DELETE ON finance_batch_market
BEGIN SELECT RAISE(ABORT, 'finance_batch_market is never deleted'); END;
CREATE TRIGGER finance_batch_line_no_update BEFORE UPDATE ON finance_batch_line
BEGIN SELECT RAISE(ABORT, 'finance_batch_line is never edited'); END;
CREATE TRIGGER finance_batch_line_no_delete BEFORE DELETE ON finance_batch_line
BEGIN SELECT RAISE(ABORT, 'finance_batch_line is never deleted'); END;

-- Ledger and VAT code of things that are not priced by a tariff kind: ticket fines.
CREATE TABLE finance_code (
    key         TEXT PRIMARY KEY CHECK (key IN ('boete')),
    ledger_code TEXT NOT NULL DEFAULT '',
    vat_code    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO finance_code (key) VALUES ('boete');

-- What the exports and reports look up by day.
CREATE INDEX ticket_day ON ticket(day);
CREATE INDEX attendance_day ON attendance(day);
