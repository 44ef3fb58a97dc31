-- Marktkantoor schema: where an audited change came from.
-- A shipped migration is never edited: change the schema with a new file.
--
-- With an office server many desks, tablets and phones act under their own accounts; the
-- audit log keeps the network address of the client that made each change (empty for the
-- desk's own window on its own file, and for rows from before this schema). The log stays
-- append-only (schema 1's triggers); adding a column changes no row.
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
