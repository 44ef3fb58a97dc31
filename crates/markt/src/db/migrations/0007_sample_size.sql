-- Marktkantoor schema, version 7: a control sample keeps the size and the method it was
-- drawn with.
-- A shipped migration is never edited: change the schema with a new file.
--
-- Re-running a draw needs the size it was drawn with. It was not stored: the check re-ran
-- the draw with the market's size of today, so after an admin changed that size every
-- earlier sample was called "not reproducible".
-- The method: 1 = rand 0.10's `random_range` (every sample stored before this version),
-- 2 = the draw written down in crates/markt/src/sample.rs, which needs only ChaCha8.
ALTER TABLE control_sample ADD COLUMN sample_size INTEGER CHECK (sample_size >= 0);
ALTER TABLE control_sample ADD COLUMN draw_method INTEGER CHECK (draw_method IN (1, 2));

-- The samples stored so far: method 1, and a size whose draw gives their members.
--
-- Which size they were drawn with is not known, but the draw depends on the size only
-- through the numbers it takes from each list (the same numbers, the same random calls,
-- the same list). With E, A, P the pool's enforcement, not-in-person and in-person permits
-- and n, r, t the members drawn as not_in_person, random and top_up, a size s reproduces
-- exactly when, for R = max(s − E, 0):
--     n = min(ceil(3R/4), A),  r = min(floor(R/4), P),  t = min(R − n − r, P − r).
-- The size stored is the market's size of today when that holds (the usual case: it has
-- not been changed since); otherwise, in the first case that applies:
--   · t < P − r (the in-person list was not used up): R = n + r + t, the number of
--     members besides the enforcement ones, so size = the number of members;
--   · n < A (only the in-person list was used up): R = floor(4n/3), the largest R with
--     ceil(3R/4) = n;
--   · r < P (both used up, the top-up took the rest): R = 4r + 3, the largest R with
--     floor(R/4) = r;
--   · (both used up by the first two steps): R = 4(A + P).
-- and size = E + R. A sample drawn before version 3 has no stored pool and cannot be
-- re-run whatever its size: it gets the number of its members.
-- (Checked by brute force over every E ≤ 5, A, P < 25, size and market size < 40, and by
-- an_older_file_keeps_its_samples_reproducible in tests/storage.rs.)
CREATE TEMP TABLE sample_fill AS
SELECT s.id AS id, m.sample_size AS market_size,
       (SELECT count(*) FROM control_sample_pool p WHERE p.sample_id = s.id AND p.enforcement = 1) AS e,
       (SELECT count(*) FROM control_sample_pool p
         WHERE p.sample_id = s.id AND p.enforcement = 0 AND p.in_person = 0) AS a,
       (SELECT count(*) FROM control_sample_pool p
         WHERE p.sample_id = s.id AND p.enforcement = 0 AND p.in_person = 1) AS p,
       (SELECT count(*) FROM control_sample_member x WHERE x.sample_id = s.id AND x.reason = 'not_in_person') AS n,
       (SELECT count(*) FROM control_sample_member x WHERE x.sample_id = s.id AND x.reason = 'random') AS r,
       (SELECT count(*) FROM control_sample_member x WHERE x.sample_id = s.id AND x.reason = 'top_up') AS t,
       (SELECT count(*) FROM control_sample_member x WHERE x.sample_id = s.id) AS members
FROM control_sample s JOIN market m ON m.id = s.market_id;

CREATE TEMP TABLE sample_size_fill AS
SELECT id,
       CASE
           WHEN e + a + p = 0 THEN members
           WHEN n = min((3 * max(market_size - e, 0) + 3) / 4, a)
                AND r = min(max(market_size - e, 0) / 4, p)
                AND t = min(max(market_size - e, 0) - n - r, p - r) THEN market_size
           WHEN t < p - r THEN e + n + r + t
           WHEN n < a THEN e + (4 * n) / 3
           WHEN r < p THEN e + 4 * r + 3
           ELSE e + 4 * (a + p)
       END AS size
FROM sample_fill;

-- A stored sample is never edited; this one-time fill of the new columns is the exception,
-- inside this migration's transaction, and the guard is back before it commits.
DROP TRIGGER control_sample_no_update;
UPDATE control_sample
SET sample_size = (SELECT f.size FROM sample_size_fill f WHERE f.id = control_sample.id),
    draw_method = 1;
CREATE TRIGGER control_sample_no_update BEFORE UPDATE ON control_sample
BEGIN SELECT RAISE(ABORT, 'control_sample is never edited: redraw'); END;
DROP TABLE sample_size_fill;
DROP TABLE sample_fill;

-- SQLite cannot add a NOT NULL column without a default: a new sample must bring both.
CREATE TRIGGER control_sample_drawn_with BEFORE INSERT ON control_sample
WHEN NEW.sample_size IS NULL OR NEW.draw_method IS NULL
BEGIN SELECT RAISE(ABORT, 'control_sample needs the sample_size and draw_method it was drawn with'); END;
