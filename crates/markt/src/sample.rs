//! The daily control sample (steekproef), inspections.md: which permits the supervisors
//! check today. Drawn at random from a stored seed and a stored pool, so that anyone can
//! re-run the draw and get the same list — an auditor can see it was not hand-picked.
//!
//! A sample keeps the size it was drawn with and its draw method: the market's size may be
//! changed later, and a re-run with today's size would call every earlier sample wrong.
//!
//! # The draw (method 2), written down for an auditor
//!
//! This is the whole arithmetic; it depends on the ChaCha8 stream cipher and nothing else,
//! so the list can be redone with any ChaCha implementation (no `rand` range algorithm).
//!
//! 1. **Stream.** ChaCha with 8 rounds: the block function of RFC 7539 §2.3 with 4 double
//!    rounds instead of 10. Key: the seed as 8 little-endian bytes followed by 24 zero bytes.
//!    Nonce: 12 zero bytes. Block counter: 0, 1, 2, … The keystream is the blocks' 64-byte
//!    outputs one after the other. (This is `rand_chacha::ChaCha8Rng::from_seed(key)`, whose
//!    64-bit counter and 64-bit stream id are both 0.)
//! 2. **Words.** Word k is keystream bytes 8k … 8k+7 read as an unsigned 64-bit
//!    little-endian integer. The draw uses words 0, 1, 2, … in order, each once.
//! 3. **A number below b** (b ≥ 1): take the next word w. If w ≥ 2⁶⁴ − (2⁶⁴ mod b) (the top
//!    2⁶⁴ mod b values, which would favour small results) discard it and take the next word;
//!    otherwise the number is w mod b. A word is used also when b = 1.
//! 4. **Lists.** The pool sorted by permit id, ascending, each permit once. E: its permits
//!    with an enforcement request; A: the others whose vendor was not there in person;
//!    P: the others whose vendor was. Each list keeps ascending id order.
//! 5. **Taking n from a list L** (partial Fisher–Yates): n := min(n, length of L); for
//!    i = 0, 1, …, n − 1: j = i + (a number below length(L) − i); swap L\[i\] and L\[j\]. The
//!    taken permits are L\[0\] … L\[n − 1\] in that order; L keeps the rest, L\[n\] …, in the
//!    order the swaps left them.
//! 6. **The sample**, in this order: every permit of E (`enforcement`); R = size − |E|, or 0
//!    if that is negative; take ⌈3R/4⌉ from A (`not_in_person`); take ⌊R/4⌋ from P
//!    (`random`); then take from what is left of P as many as the sample lacks to reach
//!    R + |E| permits (`top_up`).
//!
//! Method 1 is the draw of the samples stored before schema version 7: the same steps 4–6,
//! with `ChaCha8Rng::seed_from_u64(seed)` and rand 0.10's `random_range` for the number in
//! step 5. It is kept only to verify those samples; it holds while the program is built
//! with rand 0.10 (Cargo.lock).

use chrono::{DateTime, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::account::{Action, Actor};
use crate::audit;
use crate::code::{Presence, SampleReason};
use crate::db::{self, Store};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::{AccountId, MarketId, PermitId, SampleId};

/// A permit the sample may pick, as it stood when the sample was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Candidate {
    pub permit: PermitId,
    /// The vendor's enforcement request runs to the day or later.
    pub enforcement: bool,
    /// The vendor stood there in person (presence `zelf`).
    pub in_person: bool,
}

/// How a sample's random numbers were made; stored with the sample (`draw_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawMethod {
    /// 1: rand 0.10's `random_range` over `seed_from_u64`; the samples before schema 7.
    RandRange,
    /// 2: the ChaCha8 words and rejection sampling of the module doc; every new sample.
    ChaCha8Words,
}

impl DrawMethod {
    /// The method new samples are drawn with.
    pub const CURRENT: DrawMethod = DrawMethod::ChaCha8Words;

    /// The number stored in `control_sample.draw_method`.
    pub fn number(self) -> i64 {
        match self {
            DrawMethod::RandRange => 1,
            DrawMethod::ChaCha8Words => 2,
        }
    }

    pub fn from_number(n: i64) -> Option<DrawMethod> {
        match n {
            1 => Some(DrawMethod::RandRange),
            2 => Some(DrawMethod::ChaCha8Words),
            _ => None,
        }
    }
}

/// The random numbers of a draw: "a number below b" of the module doc, by method.
enum Numbers {
    RandRange(ChaCha8Rng),
    ChaCha8Words(ChaCha8Rng),
}

impl Numbers {
    fn new(method: DrawMethod, seed: u64) -> Numbers {
        match method {
            DrawMethod::RandRange => Numbers::RandRange(ChaCha8Rng::seed_from_u64(seed)),
            DrawMethod::ChaCha8Words => {
                // Step 1: the key is the seed, little-endian, then zeros; no seed expansion
                // of `rand` in between.
                let mut key = [0u8; 32];
                key[..8].copy_from_slice(&seed.to_le_bytes());
                Numbers::ChaCha8Words(ChaCha8Rng::from_seed(key))
            }
        }
    }

    /// A uniform index in `from..to` (`from < to`): step 5's j.
    fn index(&mut self, from: usize, to: usize) -> usize {
        match self {
            // Exactly the call of the first draws, so that their samples still reproduce.
            Numbers::RandRange(rng) => rand::RngExt::random_range(rng, from..to),
            Numbers::ChaCha8Words(rng) => {
                // usize is at most 64 bits on every target we build for.
                let b = (to - from) as u64;
                loop {
                    // Step 2: `next_u64` from a word-aligned position is the next 8 bytes
                    // of the keystream, little-endian (pinned by the known-answer test).
                    if let Some(n) = accept(rng.next_u64(), b) {
                        // n < to − from, so it fits in usize.
                        return from + n as usize;
                    }
                }
            }
        }
    }
}

/// Step 3 for one word: `w mod b`, or `None` when `w` is in the rejection zone, the top
/// `2⁶⁴ mod b` values of the u64 range (with them, small results would come up more often).
fn accept(w: u64, b: u64) -> Option<u64> {
    let zone = (1u128 << 64) % u128::from(b);
    (u128::from(w) < (1u128 << 64) - zone).then_some(w % b)
}

/// The draw of inspections.md over a pool with the current method, deterministic for a seed:
///
/// 1. every enforcement permit;
/// 2. R = size − those;
/// 3. ceil(0.75·R) drawn from the permits whose vendor was not there in person;
/// 4. floor(0.25·R) from the in-person ones;
/// 5. topped up from the in-person ones until R + step 1, or the pool is empty.
pub fn draw(pool: &[Candidate], size: usize, seed: u64) -> Vec<(PermitId, SampleReason)> {
    draw_by(DrawMethod::CURRENT, pool, size, seed)
}

/// [`draw`] with the given method: the module doc, steps 4–6.
pub fn draw_by(method: DrawMethod, pool: &[Candidate], size: usize, seed: u64) -> Vec<(PermitId, SampleReason)> {
    let mut pool: Vec<Candidate> = pool.to_vec();
    // The order of the pool must not depend on how the caller read it.
    pool.sort();
    pool.dedup_by_key(|c| c.permit);
    let mut numbers = Numbers::new(method, seed);
    let mut out: Vec<(PermitId, SampleReason)> =
        pool.iter().filter(|c| c.enforcement).map(|c| (c.permit, SampleReason::Enforcement)).collect();
    let r = size.saturating_sub(out.len());
    let mut absent: Vec<PermitId> = pool.iter().filter(|c| !c.enforcement && !c.in_person).map(|c| c.permit).collect();
    let mut present: Vec<PermitId> = pool.iter().filter(|c| !c.enforcement && c.in_person).map(|c| c.permit).collect();
    let take = |list: &mut Vec<PermitId>, n: usize, numbers: &mut Numbers| -> Vec<PermitId> {
        // A partial Fisher–Yates shuffle: the first n of a uniform random permutation.
        let n = n.min(list.len());
        for i in 0..n {
            let j = numbers.index(i, list.len());
            list.swap(i, j);
        }
        list.drain(..n).collect()
    };
    let not_in_person = take(&mut absent, (3 * r).div_ceil(4), &mut numbers);
    out.extend(not_in_person.iter().map(|p| (*p, SampleReason::NotInPerson)));
    let random = take(&mut present, r / 4, &mut numbers);
    out.extend(random.iter().map(|p| (*p, SampleReason::Random)));
    let wanted = r + out.iter().filter(|(_, why)| *why == SampleReason::Enforcement).count();
    let missing = wanted.saturating_sub(out.len());
    let top_up = take(&mut present, missing, &mut numbers);
    out.extend(top_up.iter().map(|p| (*p, SampleReason::TopUp)));
    out
}

/// A stored sample with its members, in the order drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub id: SampleId,
    pub market: MarketId,
    pub day: NaiveDate,
    pub seed: u64,
    /// The market's sample size when it was drawn (the market's may have changed since).
    pub size: usize,
    pub method: DrawMethod,
    pub drawn_by: AccountId,
    pub drawn_at: DateTime<Utc>,
    /// The sample this one replaced, with the reason of the redraw.
    pub replaces: Option<(SampleId, String)>,
    pub members: Vec<(PermitId, SampleReason)>,
    pub pool: Vec<Candidate>,
}

impl Sample {
    /// Whether re-running the draw over the stored pool, seed, size and method gives the
    /// stored members.
    pub fn reproduces(&self) -> bool {
        draw_by(self.method, &self.pool, self.size, self.seed) == self.members
    }
}

/// Draws the day's sample (once per market day; a second draw is a redraw).
pub fn draw_sample(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    seed: u64,
) -> Result<SampleId> {
    actor.require(Action::DrawSample)?;
    store.write(|tx| {
        if db::sample::current(tx, market, day)?.is_some() {
            return Err(Error::Conflict(
                "de steekproef van deze dag is al getrokken: opnieuw trekken kan een senior, met een reden".into(),
            ));
        }
        insert(tx, actor, now, market, day, seed, None)
    })
}

/// Draws the day's sample again (senior, with a reason). The day's controls are taken out
/// of the control round (kept, with a removal row naming the old sample and the reason);
/// each removal is in the audit log with the control as it was.
pub fn redraw(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    seed: u64,
    reason: &str,
) -> Result<SampleId> {
    actor.require(Action::RedrawSample)?;
    let mut v = Validator::new();
    v.text("reason", reason, 200);
    v.finish()?;
    store.write(|tx| {
        let old = db::sample::current(tx, market, day)?.ok_or_else(|| {
            Error::invalid("reason", Problem::Conflict, "er is nog geen steekproef om opnieuw te trekken")
        })?;
        let controls = db::control::of_market_day(tx, market, day)?;
        for control in &controls {
            if db::control::has_ticket(tx, control.id)? {
                return Err(Error::Conflict(
                    "er zijn al bonnen uitgeschreven na controles van deze dag: de steekproef blijft staan".into(),
                ));
            }
        }
        for control in controls {
            // A control is never deleted (schema 9): it is taken out of the round by a row.
            db::control::remove(tx, control.id, Some(old.id), reason.trim(), actor.id(), now)?;
            audit::record(
                tx,
                Some(actor.id()),
                now,
                "control.remove",
                "control",
                control.id,
                Some(&control),
                None::<&()>,
            )?;
        }
        insert(tx, actor, now, market, day, seed, Some((old.id, reason.trim())))
    })
}

fn insert(
    tx: &db::Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    market: MarketId,
    day: NaiveDate,
    seed: u64,
    replaces: Option<(SampleId, &str)>,
) -> Result<SampleId> {
    let m = db::market::get(tx, market)?.ok_or_else(|| Error::not_found("markt", market))?;
    let pool: Vec<Candidate> = db::sample::pool(tx, market, day)?
        .into_iter()
        .map(|(permit, enforcement_until, presence)| Candidate {
            permit,
            enforcement: enforcement_until.is_some_and(|u| u >= day),
            in_person: presence == Presence::InPerson,
        })
        .collect();
    if pool.is_empty() {
        return Err(Error::Conflict(format!(
            "{} heeft op {} geen dagvergunningen",
            m.name,
            crate::time::show_day(day)
        )));
    }
    // The schema's CHECK keeps the market's size at 0 or more.
    let size = usize::try_from(m.sample_size).unwrap_or(0);
    let method = DrawMethod::CURRENT;
    let members = draw_by(method, &pool, size, seed);
    let drawn = db::sample::Drawn { market, day, seed, size, method, by: actor.id(), at: now };
    let id = db::sample::insert(tx, &drawn, replaces, &pool, &members)?;
    let after = db::sample::get(tx, id)?;
    let action = if replaces.is_some() { "sample.redraw" } else { "sample.draw" };
    audit::record(tx, Some(actor.id()), now, action, "control_sample", id, None::<&()>, after.as_ref())?;
    Ok(id)
}

/// One permit of the control round: the permit, why it is in the sample, its controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundEntry {
    pub permit: crate::day_view::PermitRow,
    pub reason: SampleReason,
    pub controls: Vec<crate::control::Control>,
}

/// The control round of a market day: the current sample with its permits and controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub sample: Sample,
    pub reproduces: bool,
    pub entries: Vec<RoundEntry>,
}

pub fn round(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Option<Round>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| {
        let Some(sample) = db::sample::current(c, market, day)? else { return Ok(None) };
        let mut entries = Vec::new();
        for (permit, reason) in &sample.members {
            let row = db::day_view::permit(c, *permit)?.ok_or_else(|| Error::not_found("dagvergunning", permit))?;
            entries.push(RoundEntry { permit: row, reason: *reason, controls: db::control::of_permit(c, *permit)? });
        }
        let reproduces = sample.reproduces();
        Ok(Some(Round { sample, reproduces, entries }))
    })
}

/// The day's current sample, if drawn.
pub fn current(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Option<Sample>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::sample::current(c, market, day))
}

/// Every sample of the day, the replaced ones too, oldest first.
pub fn history(store: &mut Store, actor: &Actor, market: MarketId, day: NaiveDate) -> Result<Vec<Sample>> {
    actor.require(Action::ReadMarketDay)?;
    store.read(|c| db::sample::of_day(c, market, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(enforcement: i64, absent: i64, present: i64) -> Vec<Candidate> {
        let mut v = Vec::new();
        let mut id = 1;
        for (n, enf, inp) in [(enforcement, true, false), (absent, false, false), (present, false, true)] {
            for _ in 0..n {
                v.push(Candidate { permit: PermitId(id), enforcement: enf, in_person: inp });
                id += 1;
            }
        }
        v
    }

    fn count(s: &[(PermitId, SampleReason)], r: SampleReason) -> usize {
        s.iter().filter(|(_, x)| *x == r).count()
    }

    #[test]
    fn the_proportions_of_inspections_md() {
        // size 10, 2 enforcement: R = 8 → 6 not in person, 2 random.
        let s = draw(&pool(2, 20, 50), 10, 7);
        assert_eq!(s.len(), 10);
        assert_eq!(count(&s, SampleReason::Enforcement), 2);
        assert_eq!(count(&s, SampleReason::NotInPerson), 6);
        assert_eq!(count(&s, SampleReason::Random), 2);
        assert_eq!(count(&s, SampleReason::TopUp), 0);
        // Too few stood in for: the rest comes from the in-person permits.
        let s = draw(&pool(0, 3, 50), 10, 7);
        assert_eq!(
            (count(&s, SampleReason::NotInPerson), count(&s, SampleReason::Random), count(&s, SampleReason::TopUp)),
            (3, 2, 5)
        );
        // More enforcement permits than the size: all of them, nothing else.
        let s = draw(&pool(12, 5, 5), 10, 7);
        assert_eq!(s.len(), 12);
        assert_eq!(count(&s, SampleReason::Enforcement), 12);
        // R = 9: ceil(6.75) = 7 and floor(2.25) = 2.
        let s = draw(&pool(1, 30, 30), 10, 3);
        assert_eq!((count(&s, SampleReason::NotInPerson), count(&s, SampleReason::Random)), (7, 2));
    }

    #[test]
    fn the_same_seed_gives_the_same_sample_whatever_the_order_read() {
        let p = pool(1, 15, 40);
        let mut reversed = p.clone();
        reversed.reverse();
        assert_eq!(draw(&p, 10, 42), draw(&reversed, 10, 42));
        assert_ne!(draw(&p, 10, 42), draw(&p, 10, 43), "another seed, another sample");
    }

    #[test]
    fn the_stream_is_chacha8_with_the_seed_as_little_endian_key() {
        // Steps 1–2 against the published ChaCha8 keystream for a zero key and nonce, whose
        // first bytes are 3e00ef2f895f40d6 7f5bb8e81f09a5a1 2c840ec3ce9a7f3b: the words
        // are those bytes read little-endian.
        let mut zero = Numbers::new(DrawMethod::ChaCha8Words, 0);
        let Numbers::ChaCha8Words(rng) = &mut zero else { unreachable!("method 2 is ChaCha8 words") };
        assert_eq!(
            [rng.next_u64(), rng.next_u64(), rng.next_u64()],
            [0xd640_5f89_2fef_003e, 0xa1a5_091f_e8b8_5b7f, 0x3b7f_9ace_c30e_842c]
        );
        // The seed is the first 8 key bytes, little-endian: seed 1 is key 01 00 00 … 00.
        let mut key = [0u8; 32];
        key[0] = 1;
        let Numbers::ChaCha8Words(one) = Numbers::new(DrawMethod::ChaCha8Words, 1) else {
            unreachable!("method 2 is ChaCha8 words")
        };
        assert_eq!(one.get_seed(), key);
    }

    #[test]
    fn a_word_in_the_top_two_to_the_64_mod_b_values_is_rejected() {
        // 2⁶⁴ mod 3 = 1: only u64::MAX is rejected; the value under it is (2⁶⁴ − 2) mod 3 = 2.
        assert_eq!(accept(u64::MAX, 3), None);
        assert_eq!(accept(u64::MAX - 1, 3), Some(2));
        // 2⁶⁴ mod 10 = 6: the top six values are rejected.
        assert_eq!(accept(u64::MAX - 5, 10), None);
        assert_eq!(accept(u64::MAX - 6, 10), Some((u64::MAX - 6) % 10));
        // A power of two divides 2⁶⁴: nothing is rejected; b = 1 always gives 0.
        assert_eq!(accept(u64::MAX, 8), Some(7));
        assert_eq!(accept(u64::MAX, 1), Some(0));
        assert_eq!(accept(0, 7), Some(0));
    }

    /// The known answers below were computed by an independent Python program (ChaCha per
    /// RFC 7539 §2.3 with 8 rounds, checked against RFC 7539's 20-round test vector, and the
    /// steps of the module doc), not by this code.
    #[test]
    fn the_documented_draw_gives_the_known_answer() {
        use SampleReason::*;
        // Permit 1 enforcement, 2–4 not in person, 5–13 in person; size 10: R = 9, so
        // 7 not in person (only 3 there), 2 random and 4 top-up.
        let p = pool(1, 3, 9);
        let ids = |s: Vec<(PermitId, SampleReason)>| s.into_iter().map(|(p, r)| (p.0, r)).collect::<Vec<_>>();
        assert_eq!(
            ids(draw(&p, 10, 20_261_127)),
            vec![
                (1, Enforcement),
                (3, NotInPerson),
                (2, NotInPerson),
                (4, NotInPerson),
                (5, Random),
                (7, Random),
                (9, TopUp),
                (11, TopUp),
                (6, TopUp),
                (12, TopUp),
            ]
        );
        assert_eq!(
            ids(draw(&p, 10, 0x0123_4567_89ab_cdef)),
            vec![
                (1, Enforcement),
                (3, NotInPerson),
                (2, NotInPerson),
                (4, NotInPerson),
                (10, Random),
                (9, Random),
                (11, TopUp),
                (7, TopUp),
                (6, TopUp),
                (12, TopUp),
            ]
        );
        // A larger pool (2 enforcement, 15 not in person, 23 in person), size 12: R = 10,
        // 8 not in person and 2 random; the largest seed checks the key's byte order.
        let p = pool(2, 15, 23);
        let (e, n, r) = (Enforcement, NotInPerson, Random);
        assert_eq!(
            ids(draw(&p, 12, 7)),
            [(1, e), (2, e), (12, n), (11, n), (4, n), (6, n), (7, n), (14, n), (17, n), (8, n), (24, r), (35, r)]
        );
        assert_eq!(
            ids(draw(&p, 12, u64::MAX)),
            [(1, e), (2, e), (15, n), (4, n), (6, n), (5, n), (11, n), (3, n), (7, n), (9, n), (33, r), (29, r)]
        );
    }
}
