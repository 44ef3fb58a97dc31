-- Marktkantoor schema, version 6: the dates a ticket gives the vendor.
-- A shipped migration is never edited: change the schema with a new file.
--
-- A ticket's terms run from the day it is handed out (the letter printed or sent), not
-- from the market day it was written for: issuing sets the due date (issue + 30 days) and
-- the last day to object (issue + 6 weeks); upholding an objection sets a fresh due date
-- (decision + 30 days). A term is written once, with the status event that set it and in
-- its transaction; the ticket's due date is its latest term's. `ticket.due_date` (schema
-- 1) keeps the market day + 30 days it was written with and is no longer read.

CREATE TABLE ticket_term (
    event_id        INTEGER PRIMARY KEY REFERENCES ticket_event(id),
    ticket_id       INTEGER NOT NULL REFERENCES ticket(id),
    from_day        TEXT NOT NULL,      -- the issue date or the decision date (Amsterdam)
    due_date        TEXT NOT NULL CHECK (due_date > from_day),
    objection_until TEXT CHECK (objection_until IS NULL OR objection_until > from_day)  -- the issue's only
);
CREATE INDEX ticket_term_ticket ON ticket_term(ticket_id, event_id);

CREATE TRIGGER ticket_term_no_update BEFORE UPDATE ON ticket_term
BEGIN SELECT RAISE(ABORT, 'ticket_term is append-only'); END;
CREATE TRIGGER ticket_term_no_delete BEFORE DELETE ON ticket_term
BEGIN SELECT RAISE(ABORT, 'ticket_term is append-only'); END;

-- Tickets handed out before this version: their letters gave dates from the market day, and
-- what a vendor was told in writing stands, so those dates are kept.
INSERT INTO ticket_term (event_id, ticket_id, from_day, due_date, objection_until)
SELECT e.id, e.ticket_id, t.day, t.due_date, date(t.day, '+42 days')
FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
WHERE e.status = 'issued'
  AND e.id = (SELECT min(e2.id) FROM ticket_event e2 WHERE e2.ticket_id = e.ticket_id AND e2.status = 'issued');

-- Objections upheld before this version get their 30 days from the decision: the day the
-- upheld event was recorded, taken as its UTC instant plus two hours (the Amsterdam date,
-- or late on a winter evening the day after: never earlier than the vendor's own date).
INSERT INTO ticket_term (event_id, ticket_id, from_day, due_date)
SELECT e.id, e.ticket_id, date(e.at, '+2 hours'), date(e.at, '+2 hours', '+30 days')
FROM ticket_event e
WHERE e.status = 'upheld';
