-- Marktkantoor schema: payment corrections in the finance export.
-- A shipped migration is never edited: change the schema with a new file.
--
-- (Named for the task that needed it, the fines in the day close; the day close itself
-- needs no new column: a close holds the fine payments taken up to its moment, read back
-- from the insert-only payment rows.)
--
-- A permit's payment reversed without voiding the permit (a failed pin paid again in cash,
-- a refund) changes the drawer after finance booked the permit's lines with the method that
-- stood then. Such a payment (the reversal, negative, and a payment made after it) leaves
-- for finance once, as a correction line in the next batch of its market: a row here, kept
-- like a batch line, with the payment it is. `finance_batch_line` cannot hold it: each of
-- its rows is an invoice line or a fine, once positive and once negative.
CREATE TABLE finance_batch_payment (
    batch_id            INTEGER NOT NULL REFERENCES finance_batch(id),
    seq                 INTEGER NOT NULL CHECK (seq >= 1),     -- the row's place in the file
    payment_id          INTEGER NOT NULL UNIQUE REFERENCES payment(id),
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
    CHECK (incl_cents = excl_cents + vat_cents)
) WITHOUT ROWID;

CREATE TRIGGER finance_batch_payment_no_update BEFORE UPDATE ON finance_batch_payment
BEGIN SELECT RAISE(ABORT, 'finance_batch_payment is never edited'); END;
CREATE TRIGGER finance_batch_payment_no_delete BEFORE DELETE ON finance_batch_payment
BEGIN SELECT RAISE(ABORT, 'finance_batch_payment is never deleted'); END;
