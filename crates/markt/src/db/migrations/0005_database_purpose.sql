-- Marktkantoor schema, version 5: what a database is for.
-- A shipped migration is never edited: change the schema with a new file.
--
-- A demo or test database may be run with a set clock (MARKTKANTOOR_NOW), so that a test's
-- market morning is the same on every day of the year; a real office database never is,
-- because a set clock would backdate its records. A database without a row here is an
-- office database. The mark is made only while the database is still empty (no account
-- yet) and is never changed or removed: records cannot be made under one purpose and then
-- carried over to another.

CREATE TABLE database_purpose (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    purpose             TEXT NOT NULL CHECK (purpose IN ('demo', 'test'))
);

CREATE TRIGGER database_purpose_only_when_empty BEFORE INSERT ON database_purpose
WHEN EXISTS (SELECT 1 FROM account)
BEGIN SELECT RAISE(ABORT, 'database_purpose is marked only in an empty database'); END;
CREATE TRIGGER database_purpose_no_update BEFORE UPDATE ON database_purpose
BEGIN SELECT RAISE(ABORT, 'database_purpose is never changed'); END;
CREATE TRIGGER database_purpose_no_delete BEFORE DELETE ON database_purpose
BEGIN SELECT RAISE(ABORT, 'database_purpose is never removed'); END;
