-- Marktkantoor schema, version 2: stored allocations keep what they were made from, and a
-- version that is published (or superseded by a change) is never edited.
-- A shipped migration is never edited: change the schema with a new file.
--
-- No program before this version wrote allocation rows; the copy below keeps any that a
-- hand-made file may hold.

-- A version made by a clerk's change to another one names it; a run names none.
ALTER TABLE allocation ADD COLUMN based_on INTEGER REFERENCES allocation(id);

-- The stall's place in the vendor's run: a run in a circular row may cross the row's end,
-- so row order alone does not give the order the stalls stand in.
ALTER TABLE allocation_assignment ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

-- One row per vendor of the day (taking part or not): the outcome, the explanation clerks
-- read, and the vendor's standing as the run saw it (status, list number, branch, A-list),
-- so a later change to the registration does not rewrite history. `verwijderd`: a clerk
-- took the vendor off by hand.
CREATE TABLE allocation_result_v2 (
    allocation_id   INTEGER NOT NULL REFERENCES allocation(id),
    vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
    status          TEXT NOT NULL CHECK (status IN ('vpl', 'tvpl', 'tvplz', 'eb', 'vkk', 'exp', 'expf', 'soll')),
    list_number     INTEGER NOT NULL CHECK (list_number > 0),
    branch_id       INTEGER REFERENCES branch(id),
    a_list          INTEGER NOT NULL DEFAULT 0 CHECK (a_list IN (0, 1)),
    outcome         TEXT NOT NULL CHECK (outcome IN ('ingedeeld', 'afgewezen', 'niet_aanwezig', 'verwijderd')),
    reason          TEXT CHECK (reason IS NULL OR reason IN ('UNKNOWN', 'BRANCHE_FULL', 'ADJACENT_UNAVAILABLE',
                        'MINIMUM_UNAVAILABLE', 'MARKET_FULL', 'VPL_POSITION_NOT_AVAILABLE', 'PREF_NOT_AVAILABLE',
                        'PREF_NOT_AVAILABLE_ANYWHERE', 'KRAAM_DOES_NOT_EXIST')),
    explanation     TEXT NOT NULL,
    PRIMARY KEY (allocation_id, vendor_id),
    CHECK ((outcome = 'afgewezen') = (reason IS NOT NULL))
) WITHOUT ROWID;

INSERT INTO allocation_result_v2
    (allocation_id, vendor_id, status, list_number, branch_id, a_list, outcome, reason, explanation)
SELECT ar.allocation_id, ar.vendor_id,
       coalesce((SELECT r.status FROM registration r JOIN allocation a ON a.id = ar.allocation_id
                 WHERE r.vendor_id = ar.vendor_id AND r.market_id = a.market_id ORDER BY r.voided, r.id DESC LIMIT 1),
                'soll'),
       coalesce((SELECT r.list_number FROM registration r JOIN allocation a ON a.id = ar.allocation_id
                 WHERE r.vendor_id = ar.vendor_id AND r.market_id = a.market_id ORDER BY r.voided, r.id DESC LIMIT 1),
                999999),
       NULL, 0, ar.outcome, ar.reason, ar.explanation
FROM allocation_result ar;

DROP TABLE allocation_result;
ALTER TABLE allocation_result_v2 RENAME TO allocation_result;

CREATE INDEX allocation_day ON allocation(market_id, day, version);

-- Every version is kept: none is deleted, and a published one is never edited (a change
-- after publishing makes a new version).
CREATE TRIGGER allocation_no_delete BEFORE DELETE ON allocation
BEGIN SELECT RAISE(ABORT, 'allocation versions are kept: none is deleted'); END;
CREATE TRIGGER allocation_published_no_update BEFORE UPDATE ON allocation WHEN OLD.state = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;

CREATE TRIGGER allocation_assignment_published_no_insert BEFORE INSERT ON allocation_assignment
WHEN (SELECT state FROM allocation WHERE id = NEW.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;
CREATE TRIGGER allocation_assignment_published_no_update BEFORE UPDATE ON allocation_assignment
WHEN (SELECT state FROM allocation WHERE id = OLD.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;
CREATE TRIGGER allocation_assignment_published_no_delete BEFORE DELETE ON allocation_assignment
WHEN (SELECT state FROM allocation WHERE id = OLD.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;

CREATE TRIGGER allocation_result_published_no_insert BEFORE INSERT ON allocation_result
WHEN (SELECT state FROM allocation WHERE id = NEW.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;
CREATE TRIGGER allocation_result_published_no_update BEFORE UPDATE ON allocation_result
WHEN (SELECT state FROM allocation WHERE id = OLD.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;
CREATE TRIGGER allocation_result_published_no_delete BEFORE DELETE ON allocation_result
WHEN (SELECT state FROM allocation WHERE id = OLD.allocation_id) = 'gepubliceerd'
BEGIN SELECT RAISE(ABORT, 'a published allocation is never edited: change it in a new version'); END;

-- A clerk's change is a fact, like the audit log.
CREATE TRIGGER allocation_override_no_update BEFORE UPDATE ON allocation_override
BEGIN SELECT RAISE(ABORT, 'allocation_override is append-only'); END;
CREATE TRIGGER allocation_override_no_delete BEFORE DELETE ON allocation_override
BEGIN SELECT RAISE(ABORT, 'allocation_override is append-only'); END;
