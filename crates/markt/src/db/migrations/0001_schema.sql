-- Marktkantoor schema, version 1: the whole domain of ../shared/domain/README.md.
-- A shipped migration is never edited: change the schema with a new file.
--
-- Conventions: dates of market days are ISO text (YYYY-MM-DD); instants are UTC RFC 3339
-- text (YYYY-MM-DDTHH:MM:SSZ); money is integer cents; VAT percentages are hundredths of a
-- percent; booleans are 0/1 with a CHECK; codes carry a CHECK with the exact list of
-- crates/markt/src/code.rs (a test keeps the two equal).

-- ── Accounts and the audit log ───────────────────────────────────────────────────────────

CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 40),
    display_name    TEXT NOT NULL CHECK (length(display_name) > 0),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'senior', 'supervisor', 'finance')),
    password_hash   TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    created_at      TEXT NOT NULL
);

-- Append-only: who did what, when, with the record before and after (JSON).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    account_id  INTEGER REFERENCES account(id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- ── Markets, rows, stalls, branches ──────────────────────────────────────────────────────

CREATE TABLE market (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE CHECK (code GLOB '[A-Z]*' AND code = upper(code) AND length(code) <= 10),
    name                    TEXT NOT NULL CHECK (length(name) > 0),
    kind                    TEXT NOT NULL CHECK (kind IN ('dag', 'week', 'seizoen')),
    weekdays                INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),  -- bit 0 = Monday
    season_from             TEXT,   -- MM-DD, seasonal markets only
    season_until            TEXT,
    stall_size_m            INTEGER NOT NULL CHECK (stall_size_m IN (3, 4)),
    max_stalls_per_vendor   INTEGER NOT NULL CHECK (max_stalls_per_vendor BETWEEN 1 AND 20),
    sample_size             INTEGER NOT NULL DEFAULT 10 CHECK (sample_size >= 0),
    ab_lists                INTEGER NOT NULL DEFAULT 0 CHECK (ab_lists IN (0, 1)),
    ended                   INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1))
);

CREATE TABLE stall_row (
    id          INTEGER PRIMARY KEY,
    market_id   INTEGER NOT NULL REFERENCES market(id),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    position    INTEGER NOT NULL,
    circular    INTEGER NOT NULL DEFAULT 0 CHECK (circular IN (0, 1)),
    UNIQUE (market_id, name),
    UNIQUE (market_id, position)
);

CREATE TABLE stall (
    id          INTEGER PRIMARY KEY,
    market_id   INTEGER NOT NULL REFERENCES market(id),
    row_id      INTEGER NOT NULL REFERENCES stall_row(id),
    position    INTEGER NOT NULL,          -- order within the row
    number      TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 10),
    number_key  TEXT NOT NULL,             -- natural sort key: 2 < 10 < 10a
    length_m    INTEGER NOT NULL CHECK (length_m BETWEEN 1 AND 20),
    cooking     TEXT NOT NULL DEFAULT 'geen' CHECK (cooking IN ('geen', 'bak-licht', 'bak')),
    evi         INTEGER NOT NULL DEFAULT 0 CHECK (evi IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (market_id, number),
    UNIQUE (row_id, position)
);
CREATE INDEX stall_market ON stall(market_id, number_key);

CREATE TABLE stall_property (
    stall_id    INTEGER NOT NULL REFERENCES stall(id),
    property    TEXT NOT NULL CHECK (property IN ('elektra', 'krachtstroom', 'water', 'hoek', 'boom', 'luifel')),
    PRIMARY KEY (stall_id, property)
) WITHOUT ROWID;

-- Something between two consecutive stalls of one row that breaks their adjacency.
CREATE TABLE obstacle (
    id              INTEGER PRIMARY KEY,
    row_id          INTEGER NOT NULL REFERENCES stall_row(id),
    before_stall_id INTEGER NOT NULL REFERENCES stall(id),
    after_stall_id  INTEGER NOT NULL REFERENCES stall(id),
    kind            TEXT NOT NULL CHECK (kind IN ('boom', 'bank', 'loopje', 'lantaarnpaal', 'overig')),
    UNIQUE (before_stall_id, after_stall_id, kind)
);

CREATE TABLE stall_blocked (
    stall_id    INTEGER NOT NULL REFERENCES stall(id),
    day         TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (stall_id, day)
) WITHOUT ROWID;

CREATE TABLE branch (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
    name    TEXT NOT NULL CHECK (length(name) > 0),
    colour  TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')
);

-- Per market: an optional maximum of stalls for the branch and whether it is mandatory
-- (stalls reserved for it go to its vendors first).
CREATE TABLE market_branch (
    market_id   INTEGER NOT NULL REFERENCES market(id),
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    max_stalls  INTEGER CHECK (max_stalls IS NULL OR max_stalls >= 0),
    mandatory   INTEGER NOT NULL DEFAULT 0 CHECK (mandatory IN (0, 1)),
    PRIMARY KEY (market_id, branch_id)
) WITHOUT ROWID;

CREATE TABLE stall_branch (
    stall_id    INTEGER NOT NULL REFERENCES stall(id),
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    PRIMARY KEY (stall_id, branch_id)
) WITHOUT ROWID;

-- ── Vendors, substitutes, registrations, preferences, attendance ─────────────────────────

CREATE TABLE vendor (
    id                  INTEGER PRIMARY KEY,
    registration_number TEXT NOT NULL UNIQUE CHECK (length(registration_number) = 10 AND registration_number NOT GLOB '*[^0-9]*'),
    initials            TEXT NOT NULL DEFAULT '',
    infix               TEXT NOT NULL DEFAULT '',
    surname             TEXT NOT NULL CHECK (length(surname) > 0),
    email               TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    pass_id             TEXT UNIQUE,
    photo               TEXT,           -- file name in the app's data folder
    status              TEXT NOT NULL CHECK (status IN ('actief', 'wachtend', 'alleen_vervanger', 'verwijderd')),
    enforcement_until   TEXT,           -- handhavingsverzoek runs to this day
    search_name         TEXT NOT NULL   -- lower case, without diacritics, for search as you type
);
CREATE INDEX vendor_search ON vendor(search_name);
CREATE INDEX vendor_surname ON vendor(surname COLLATE NOCASE, initials);

CREATE TABLE substitute (
    id                      INTEGER PRIMARY KEY,
    vendor_id               INTEGER NOT NULL REFERENCES vendor(id),
    substitute_vendor_id    INTEGER NOT NULL REFERENCES vendor(id),
    valid_from              TEXT NOT NULL,
    valid_until             TEXT,
    CHECK (vendor_id <> substitute_vendor_id),
    UNIQUE (vendor_id, substitute_vendor_id)
);
CREATE INDEX substitute_of ON substitute(substitute_vendor_id);

CREATE TABLE registration (
    id              INTEGER PRIMARY KEY,
    vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
    market_id       INTEGER NOT NULL REFERENCES market(id),
    list_number     INTEGER NOT NULL CHECK (list_number > 0),
    status          TEXT NOT NULL CHECK (status IN ('vpl', 'tvpl', 'tvplz', 'eb', 'vkk', 'exp', 'expf', 'soll')),
    registered_on   TEXT NOT NULL,
    voided          INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason     TEXT,
    CHECK (voided = 0 OR length(void_reason) > 0)
);
-- Seniority is unique per market among active registrations; a voided one frees its number.
CREATE UNIQUE INDEX registration_list_number ON registration(market_id, list_number) WHERE voided = 0;
CREATE UNIQUE INDEX registration_vendor_market ON registration(vendor_id, market_id) WHERE voided = 0;

CREATE TABLE registration_stall (
    registration_id INTEGER NOT NULL REFERENCES registration(id),
    stall_id        INTEGER NOT NULL REFERENCES stall(id),
    PRIMARY KEY (registration_id, stall_id)
) WITHOUT ROWID;
CREATE INDEX registration_stall_stall ON registration_stall(stall_id);

-- Products paid through the yearly permit ("vast").
CREATE TABLE registration_product (
    registration_id INTEGER NOT NULL REFERENCES registration(id),
    product_id      INTEGER NOT NULL REFERENCES product(id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (registration_id, product_id)
) WITHOUT ROWID;

CREATE TABLE preference (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendor(id),
    market_id   INTEGER NOT NULL REFERENCES market(id),
    branch_id   INTEGER REFERENCES branch(id),
    min_stalls  INTEGER NOT NULL DEFAULT 1 CHECK (min_stalls >= 1),
    max_stalls  INTEGER NOT NULL DEFAULT 1 CHECK (max_stalls >= min_stalls),
    cooking     TEXT NOT NULL DEFAULT 'geen' CHECK (cooking IN ('geen', 'bak-licht', 'bak')),
    evi         INTEGER NOT NULL DEFAULT 0 CHECK (evi IN (0, 1)),
    anywhere    INTEGER NOT NULL DEFAULT 1 CHECK (anywhere IN (0, 1)),
    UNIQUE (vendor_id, market_id)
);

CREATE TABLE preference_stall (
    preference_id   INTEGER NOT NULL REFERENCES preference(id),
    stall_id        INTEGER NOT NULL REFERENCES stall(id),
    rank            INTEGER NOT NULL CHECK (rank >= 1),   -- 1 = most wanted
    PRIMARY KEY (preference_id, stall_id),
    UNIQUE (preference_id, rank)
) WITHOUT ROWID;

CREATE TABLE absence_period (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendor(id),
    market_id   INTEGER NOT NULL REFERENCES market(id),
    from_day    TEXT NOT NULL,
    until_day   TEXT NOT NULL CHECK (until_day >= from_day),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX absence_vendor ON absence_period(vendor_id, market_id);

-- A vendor's usual week on a market; a per-date record overrides it.
CREATE TABLE attendance_pattern (
    vendor_id   INTEGER NOT NULL REFERENCES vendor(id),
    market_id   INTEGER NOT NULL REFERENCES market(id),
    weekdays    INTEGER NOT NULL CHECK (weekdays BETWEEN 0 AND 127),
    PRIMARY KEY (vendor_id, market_id)
) WITHOUT ROWID;

CREATE TABLE attendance (
    vendor_id   INTEGER NOT NULL REFERENCES vendor(id),
    market_id   INTEGER NOT NULL REFERENCES market(id),
    day         TEXT NOT NULL,
    attends     INTEGER NOT NULL CHECK (attends IN (0, 1)),
    account_id  INTEGER REFERENCES account(id),
    recorded_at TEXT NOT NULL,
    reason      TEXT,   -- required when a senior changes it after the cut-off
    PRIMARY KEY (market_id, day, vendor_id)
) WITHOUT ROWID;

-- ── Allocation: versions, results, overrides ─────────────────────────────────────────────

CREATE TABLE allocation (
    id              INTEGER PRIMARY KEY,
    market_id       INTEGER NOT NULL REFERENCES market(id),
    day             TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    state           TEXT NOT NULL CHECK (state IN ('concept', 'gepubliceerd')),
    created_by      INTEGER NOT NULL REFERENCES account(id),
    created_at      TEXT NOT NULL,
    published_by    INTEGER REFERENCES account(id),
    published_at    TEXT,
    UNIQUE (market_id, day, version)
);

CREATE TABLE allocation_assignment (
    allocation_id   INTEGER NOT NULL REFERENCES allocation(id),
    stall_id        INTEGER NOT NULL REFERENCES stall(id),
    vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
    PRIMARY KEY (allocation_id, stall_id)
) WITHOUT ROWID;

-- One row per participating vendor: its outcome and the explanation clerks read.
CREATE TABLE allocation_result (
    allocation_id   INTEGER NOT NULL REFERENCES allocation(id),
    vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('ingedeeld', 'afgewezen', 'niet_aanwezig')),
    reason          TEXT CHECK (reason IS NULL OR reason IN ('UNKNOWN', 'BRANCHE_FULL', 'ADJACENT_UNAVAILABLE',
                        'MINIMUM_UNAVAILABLE', 'MARKET_FULL', 'VPL_POSITION_NOT_AVAILABLE', 'PREF_NOT_AVAILABLE',
                        'PREF_NOT_AVAILABLE_ANYWHERE', 'KRAAM_DOES_NOT_EXIST')),
    explanation     TEXT NOT NULL,
    PRIMARY KEY (allocation_id, vendor_id),
    CHECK ((outcome = 'afgewezen') = (reason IS NOT NULL))
) WITHOUT ROWID;

CREATE TABLE allocation_override (
    id              INTEGER PRIMARY KEY,
    allocation_id   INTEGER NOT NULL REFERENCES allocation(id),
    kind            TEXT NOT NULL CHECK (kind IN ('verplaatsen', 'ruilen', 'toewijzen', 'verwijderen')),
    vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
    other_vendor_id INTEGER REFERENCES vendor(id),
    from_stalls     TEXT,
    to_stalls       TEXT,
    breaks_rule     TEXT,    -- e.g. a branch maximum, with its own reason
    rule_reason     TEXT,
    reason          TEXT NOT NULL CHECK (length(reason) > 0),
    account_id      INTEGER NOT NULL REFERENCES account(id),
    at              TEXT NOT NULL,
    CHECK (breaks_rule IS NULL OR length(rule_reason) > 0)
);

-- ── Tariffs and VAT ──────────────────────────────────────────────────────────────────────

CREATE TABLE vat_rate (
    vat         TEXT NOT NULL CHECK (vat IN ('hoog', 'laag', 'nul')),
    valid_from  TEXT NOT NULL,
    percent_bp  INTEGER NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),  -- 21 % = 2100
    PRIMARY KEY (vat, valid_from)
) WITHOUT ROWID;

CREATE TABLE tariff_kind (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    invoice_label   TEXT NOT NULL CHECK (length(invoice_label) > 0),
    unit            TEXT NOT NULL CHECK (unit IN ('meters', 'meters_large', 'meters_small', 'meters_total', 'item', 'once')),
    vat             TEXT NOT NULL CHECK (vat IN ('hoog', 'laag', 'nul')),
    ledger_code     TEXT NOT NULL DEFAULT '',   -- grootboek, for the finance export
    vat_code        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE market_vat_override (
    market_id       INTEGER NOT NULL REFERENCES market(id),
    tariff_kind_id  INTEGER NOT NULL REFERENCES tariff_kind(id),
    valid_from      TEXT NOT NULL,
    vat             TEXT NOT NULL CHECK (vat IN ('hoog', 'laag', 'nul')),
    PRIMARY KEY (market_id, tariff_kind_id, valid_from)
) WITHOUT ROWID;

CREATE TABLE product (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    label           TEXT NOT NULL CHECK (length(label) > 0),
    unit            TEXT NOT NULL CHECK (unit IN ('meters', 'meters_large', 'meters_small', 'item', 'once')),
    factor          INTEGER NOT NULL CHECK (factor >= 1),
    tariff_kind_id  INTEGER REFERENCES tariff_kind(id),
    always          INTEGER NOT NULL DEFAULT 0 CHECK (always IN (0, 1)),
    position        INTEGER NOT NULL DEFAULT 0,
    CHECK ((unit IN ('item', 'once')) = (tariff_kind_id IS NOT NULL)),
    CHECK (always = 0 OR unit = 'once')
);

CREATE TABLE tariff_plan (
    id              INTEGER PRIMARY KEY,
    market_id       INTEGER NOT NULL REFERENCES market(id),
    name            TEXT NOT NULL CHECK (length(name) > 0),
    valid_from      TEXT NOT NULL,
    valid_until     TEXT CHECK (valid_until IS NULL OR valid_until >= valid_from),
    weekdays        INTEGER CHECK (weekdays IS NULL OR weekdays BETWEEN 1 AND 127),
    ignore_fixed    INTEGER NOT NULL DEFAULT 0 CHECK (ignore_fixed IN (0, 1)),
    UNIQUE (market_id, name)
);

CREATE TABLE tariff_rate (
    plan_id         INTEGER NOT NULL REFERENCES tariff_plan(id),
    tariff_kind_id  INTEGER NOT NULL REFERENCES tariff_kind(id),
    rate_cents      INTEGER NOT NULL CHECK (rate_cents >= 0),
    PRIMARY KEY (plan_id, tariff_kind_id)
) WITHOUT ROWID;

-- ── Daily permits, invoice lines, payments, day closes ───────────────────────────────────
-- Never edited: a change voids (a permit_void row) and reissues; money moves by reversal.

CREATE TABLE daily_permit (
    id                      INTEGER PRIMARY KEY,
    market_id               INTEGER NOT NULL REFERENCES market(id),
    day                     TEXT NOT NULL,
    vendor_id               INTEGER NOT NULL REFERENCES vendor(id),
    invoice_number          TEXT NOT NULL UNIQUE,
    status                  TEXT NOT NULL CHECK (status IN ('vpl', 'tvpl', 'tvplz', 'eb', 'vkk', 'exp', 'expf', 'soll', 'lot')),
    presence                TEXT NOT NULL CHECK (presence IN ('zelf', 'partner', 'vervanger_met_toestemming',
                                'vervanger_zonder_toestemming', 'vervanger_met_ontheffing', 'niet_aanwezig')),
    substitute_vendor_id    INTEGER REFERENCES vendor(id),
    identified_by           TEXT NOT NULL CHECK (identified_by IN ('getypt', 'gezocht', 'gescand')),
    tariff_plan_id          INTEGER REFERENCES tariff_plan(id),
    stalls                  TEXT NOT NULL DEFAULT '',  -- stall numbers stood on, comma separated
    note                    TEXT NOT NULL DEFAULT '',
    override_reason         TEXT,       -- why a second permit that day was allowed
    replaces_permit_id      INTEGER REFERENCES daily_permit(id),
    issued_by               INTEGER NOT NULL REFERENCES account(id),
    issued_at               TEXT NOT NULL
);
CREATE INDEX permit_market_day ON daily_permit(market_id, day);
CREATE INDEX permit_vendor_day ON daily_permit(vendor_id, day);
CREATE INDEX permit_day ON daily_permit(day);

-- What the permit asked for and, as a snapshot, the fixed products used for pricing.
CREATE TABLE permit_product (
    permit_id       INTEGER NOT NULL REFERENCES daily_permit(id),
    product_key     TEXT NOT NULL,
    requested       INTEGER NOT NULL CHECK (requested >= 0),
    fixed           INTEGER NOT NULL CHECK (fixed >= 0),
    PRIMARY KEY (permit_id, product_key)
) WITHOUT ROWID;

CREATE TABLE permit_void (
    permit_id       INTEGER PRIMARY KEY REFERENCES daily_permit(id),
    reason          TEXT NOT NULL CHECK (length(reason) > 0),
    account_id      INTEGER NOT NULL REFERENCES account(id),
    at              TEXT NOT NULL
);

-- The lines as computed when issued: a later tariff change never alters them.
CREATE TABLE invoice_line (
    id              INTEGER PRIMARY KEY,
    permit_id       INTEGER NOT NULL REFERENCES daily_permit(id),
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL,
    tariff_kind_code TEXT NOT NULL,
    fixed           INTEGER NOT NULL CHECK (fixed IN (0, 1)),
    quantity        INTEGER NOT NULL CHECK (quantity >= 1),
    price_cents     INTEGER NOT NULL CHECK (price_cents >= 0),
    vat_bp          INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
    excl_cents      INTEGER NOT NULL,
    vat_cents       INTEGER NOT NULL,
    incl_cents      INTEGER NOT NULL,
    CHECK (incl_cents = excl_cents + vat_cents),
    CHECK (excl_cents = quantity * price_cents),
    UNIQUE (permit_id, position)
);

CREATE TABLE ticket (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE CHECK (number GLOB 'B[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'),
    year                INTEGER NOT NULL,
    sequence            INTEGER NOT NULL CHECK (sequence BETWEEN 1 AND 999999),
    market_id           INTEGER NOT NULL REFERENCES market(id),
    day                 TEXT NOT NULL,
    time                TEXT NOT NULL,      -- HH:MM, local
    stall               TEXT NOT NULL DEFAULT '',
    vendor_id           INTEGER REFERENCES vendor(id),
    unknown_person      TEXT,
    permit_id           INTEGER REFERENCES daily_permit(id),
    control_id          INTEGER REFERENCES control(id),
    violation_id        INTEGER NOT NULL REFERENCES violation(id),
    decision            TEXT NOT NULL CHECK (decision IN ('waarschuwing', 'boete')),
    amount_cents        INTEGER NOT NULL CHECK (amount_cents >= 0),
    due_date            TEXT NOT NULL,
    note                TEXT NOT NULL DEFAULT '',
    issued_by           INTEGER NOT NULL REFERENCES account(id),
    created_at          TEXT NOT NULL,
    UNIQUE (year, sequence),
    CHECK ((vendor_id IS NULL) <> (unknown_person IS NULL)),
    CHECK (decision = 'boete' OR amount_cents = 0)
);
CREATE INDEX ticket_vendor ON ticket(vendor_id, day);
CREATE INDEX ticket_market_day ON ticket(market_id, day);

CREATE TABLE payment (
    id                  INTEGER PRIMARY KEY,
    permit_id           INTEGER REFERENCES daily_permit(id),
    ticket_id           INTEGER REFERENCES ticket(id),
    method              TEXT NOT NULL CHECK (method IN ('pin', 'contant', 'op_rekening')),
    amount_cents        INTEGER NOT NULL,
    reverses_payment_id INTEGER UNIQUE REFERENCES payment(id),
    reason              TEXT,
    account_id          INTEGER NOT NULL REFERENCES account(id),
    at                  TEXT NOT NULL,
    CHECK ((permit_id IS NULL) <> (ticket_id IS NULL)),
    CHECK (reverses_payment_id IS NULL OR length(reason) > 0)
);
CREATE INDEX payment_permit ON payment(permit_id);
CREATE INDEX payment_ticket ON payment(ticket_id);

CREATE TABLE day_close (
    id                  INTEGER PRIMARY KEY,
    market_id           INTEGER NOT NULL REFERENCES market(id),
    day                 TEXT NOT NULL,
    account_id          INTEGER NOT NULL REFERENCES account(id),
    at                  TEXT NOT NULL,
    permit_count        INTEGER NOT NULL,
    pin_cents           INTEGER NOT NULL,
    cash_cents          INTEGER NOT NULL,
    on_account_cents    INTEGER NOT NULL,
    counted_cash_cents  INTEGER NOT NULL,
    difference_cents    INTEGER NOT NULL,
    UNIQUE (market_id, day, account_id)
);

-- ── Controls, samples, violations, tickets, notes ────────────────────────────────────────

CREATE TABLE control (
    id                      INTEGER PRIMARY KEY,
    permit_id               INTEGER NOT NULL REFERENCES daily_permit(id),
    round                   INTEGER NOT NULL CHECK (round IN (1, 2)),
    presence                TEXT NOT NULL CHECK (presence IN ('zelf', 'partner', 'vervanger_met_toestemming',
                                'vervanger_zonder_toestemming', 'vervanger_met_ontheffing', 'niet_aanwezig')),
    substitute_vendor_id    INTEGER REFERENCES vendor(id),
    note                    TEXT NOT NULL DEFAULT '',
    account_id              INTEGER NOT NULL REFERENCES account(id),
    at                      TEXT NOT NULL
);
CREATE INDEX control_permit ON control(permit_id, round);

CREATE TABLE control_product (
    control_id      INTEGER NOT NULL REFERENCES control(id),
    product_key     TEXT NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (control_id, product_key)
) WITHOUT ROWID;

CREATE TABLE control_sample (
    id              INTEGER PRIMARY KEY,
    market_id       INTEGER NOT NULL REFERENCES market(id),
    day             TEXT NOT NULL,
    seed            INTEGER NOT NULL,
    drawn_by        INTEGER NOT NULL REFERENCES account(id),
    drawn_at        TEXT NOT NULL,
    replaces_id     INTEGER UNIQUE REFERENCES control_sample(id),
    redraw_reason   TEXT,
    CHECK (replaces_id IS NULL OR length(redraw_reason) > 0)
);
CREATE INDEX control_sample_day ON control_sample(market_id, day);

CREATE TABLE control_sample_member (
    sample_id   INTEGER NOT NULL REFERENCES control_sample(id),
    permit_id   INTEGER NOT NULL REFERENCES daily_permit(id),
    reason      TEXT NOT NULL CHECK (reason IN ('enforcement', 'not_in_person', 'random', 'top_up')),
    position    INTEGER NOT NULL,
    PRIMARY KEY (sample_id, permit_id)
) WITHOUT ROWID;

CREATE TABLE violation (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL CHECK (length(code) > 0),
    description     TEXT NOT NULL CHECK (length(description) > 0),
    article         TEXT NOT NULL DEFAULT '',
    amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
    warning_first   INTEGER NOT NULL CHECK (warning_first IN (0, 1)),
    valid_from      TEXT NOT NULL,
    valid_until     TEXT,
    UNIQUE (code, valid_from)
);

-- Ticket status history; the current status is the latest row. Never updated.
CREATE TABLE ticket_event (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES ticket(id),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'paid', 'objection', 'upheld', 'withdrawn', 'void')),
    reason      TEXT,
    account_id  INTEGER NOT NULL REFERENCES account(id),
    at          TEXT NOT NULL
);
CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, id);

CREATE TABLE ticket_photo (
    ticket_id   INTEGER NOT NULL REFERENCES ticket(id),
    sha256      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    PRIMARY KEY (ticket_id, sha256)
) WITHOUT ROWID;

CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    market_id   INTEGER NOT NULL REFERENCES market(id),
    day         TEXT NOT NULL,
    text        TEXT NOT NULL CHECK (length(text) > 0),
    created_by  INTEGER NOT NULL REFERENCES account(id),
    created_at  TEXT NOT NULL,
    done_by     INTEGER REFERENCES account(id),
    done_at     TEXT
);
CREATE INDEX note_market_day ON note(market_id, day);

-- Counters that must never hand out a number twice (invoice numbers, ticket numbers).
CREATE TABLE sequence (
    name    TEXT PRIMARY KEY,
    last    INTEGER NOT NULL CHECK (last >= 0)
) WITHOUT ROWID;

-- Financial records are facts: corrections are new rows (a void, a reversal), never edits.
CREATE TRIGGER daily_permit_no_update BEFORE UPDATE ON daily_permit
BEGIN SELECT RAISE(ABORT, 'daily_permit is never edited: void and reissue'); END;
CREATE TRIGGER daily_permit_no_delete BEFORE DELETE ON daily_permit
BEGIN SELECT RAISE(ABORT, 'daily_permit is never deleted: void it'); END;
CREATE TRIGGER permit_product_no_update BEFORE UPDATE ON permit_product
BEGIN SELECT RAISE(ABORT, 'permit_product is never edited'); END;
CREATE TRIGGER permit_product_no_delete BEFORE DELETE ON permit_product
BEGIN SELECT RAISE(ABORT, 'permit_product is never deleted'); END;
CREATE TRIGGER invoice_line_no_update BEFORE UPDATE ON invoice_line
BEGIN SELECT RAISE(ABORT, 'invoice_line is never edited'); END;
CREATE TRIGGER invoice_line_no_delete BEFORE DELETE ON invoice_line
BEGIN SELECT RAISE(ABORT, 'invoice_line is never deleted'); END;
CREATE TRIGGER permit_void_no_update BEFORE UPDATE ON permit_void
BEGIN SELECT RAISE(ABORT, 'permit_void is never edited'); END;
CREATE TRIGGER permit_void_no_delete BEFORE DELETE ON permit_void
BEGIN SELECT RAISE(ABORT, 'permit_void is never deleted'); END;
CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment
BEGIN SELECT RAISE(ABORT, 'payment is never edited: reverse it'); END;
CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment
BEGIN SELECT RAISE(ABORT, 'payment is never deleted: reverse it'); END;
CREATE TRIGGER day_close_no_update BEFORE UPDATE ON day_close
BEGIN SELECT RAISE(ABORT, 'day_close is never edited'); END;
CREATE TRIGGER day_close_no_delete BEFORE DELETE ON day_close
BEGIN SELECT RAISE(ABORT, 'day_close is never deleted'); END;
CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event
BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event
BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
