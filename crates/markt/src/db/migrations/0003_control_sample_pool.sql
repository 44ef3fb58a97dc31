-- Marktkantoor schema, version 3: what a control sample was drawn from.
-- A shipped migration is never edited: change the schema with a new file.
--
-- The sample is drawn at random from the day's permits with a stored seed. Keeping the
-- pool as it was at the draw (which permits, whose vendor had an enforcement request,
-- who stood in person) lets anyone re-run the draw later and get the same list, even
-- after permits were voided or a flag changed.
CREATE TABLE control_sample_pool (
    sample_id   INTEGER NOT NULL REFERENCES control_sample(id),
    permit_id   INTEGER NOT NULL REFERENCES daily_permit(id),
    enforcement INTEGER NOT NULL CHECK (enforcement IN (0, 1)),
    in_person   INTEGER NOT NULL CHECK (in_person IN (0, 1)),
    PRIMARY KEY (sample_id, permit_id)
) WITHOUT ROWID;

-- A drawn sample and its pool are facts: a redraw is a new sample that replaces it.
CREATE TRIGGER control_sample_no_update BEFORE UPDATE ON control_sample
BEGIN SELECT RAISE(ABORT, 'control_sample is never edited: redraw'); END;
CREATE TRIGGER control_sample_no_delete BEFORE DELETE ON control_sample
BEGIN SELECT RAISE(ABORT, 'control_sample is never deleted: redraw'); END;
CREATE TRIGGER control_sample_member_no_change BEFORE UPDATE ON control_sample_member
BEGIN SELECT RAISE(ABORT, 'control_sample_member is never edited'); END;
CREATE TRIGGER control_sample_member_no_delete BEFORE DELETE ON control_sample_member
BEGIN SELECT RAISE(ABORT, 'control_sample_member is never deleted'); END;
CREATE TRIGGER control_sample_pool_no_update BEFORE UPDATE ON control_sample_pool
BEGIN SELECT RAISE(ABORT, 'control_sample_pool is never edited'); END;
CREATE TRIGGER control_sample_pool_no_delete BEFORE DELETE ON control_sample_pool
BEGIN SELECT RAISE(ABORT, 'control_sample_pool is never deleted'); END;
