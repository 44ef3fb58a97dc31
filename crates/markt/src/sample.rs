//! The daily control sample (steekproef), inspections.md: which permits the supervisors
//! check today. Drawn at random from a stored seed and a stored pool, so that anyone can
//! re-run the draw and get the same list — an auditor can see it was not hand-picked.

use chrono::{DateTime, NaiveDate, Utc};
use rand::SeedableRng;
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

/// The draw of inspections.md over a pool, deterministic for a seed:
///
/// 1. every enforcement permit;
/// 2. R = size − those;
/// 3. ceil(0.75·R) drawn from the permits whose vendor was not there in person;
/// 4. floor(0.25·R) from the in-person ones;
/// 5. topped up from the in-person ones until R + step 1, or the pool is empty.
pub fn draw(pool: &[Candidate], size: usize, seed: u64) -> Vec<(PermitId, SampleReason)> {
    let mut pool: Vec<Candidate> = pool.to_vec();
    // The order of the pool must not depend on how the caller read it.
    pool.sort();
    pool.dedup_by_key(|c| c.permit);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out: Vec<(PermitId, SampleReason)> =
        pool.iter().filter(|c| c.enforcement).map(|c| (c.permit, SampleReason::Enforcement)).collect();
    let r = size.saturating_sub(out.len());
    let mut absent: Vec<PermitId> = pool.iter().filter(|c| !c.enforcement && !c.in_person).map(|c| c.permit).collect();
    let mut present: Vec<PermitId> = pool.iter().filter(|c| !c.enforcement && c.in_person).map(|c| c.permit).collect();
    let take = |list: &mut Vec<PermitId>, n: usize, rng: &mut ChaCha8Rng| -> Vec<PermitId> {
        // A partial Fisher–Yates shuffle: the first n of a uniform random permutation.
        let n = n.min(list.len());
        for i in 0..n {
            let j = rand::RngExt::random_range(rng, i..list.len());
            list.swap(i, j);
        }
        list.drain(..n).collect()
    };
    let not_in_person = take(&mut absent, (3 * r).div_ceil(4), &mut rng);
    out.extend(not_in_person.iter().map(|p| (*p, SampleReason::NotInPerson)));
    let random = take(&mut present, r / 4, &mut rng);
    out.extend(random.iter().map(|p| (*p, SampleReason::Random)));
    let wanted = r + out.iter().filter(|(_, why)| *why == SampleReason::Enforcement).count();
    let missing = wanted.saturating_sub(out.len());
    let top_up = take(&mut present, missing, &mut rng);
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
    pub drawn_by: AccountId,
    pub drawn_at: DateTime<Utc>,
    /// The sample this one replaced, with the reason of the redraw.
    pub replaces: Option<(SampleId, String)>,
    pub members: Vec<(PermitId, SampleReason)>,
    pub pool: Vec<Candidate>,
}

impl Sample {
    /// Whether re-running the draw over the stored pool and seed gives the stored members.
    pub fn reproduces(&self, size: usize) -> bool {
        draw(&self.pool, size, self.seed) == self.members
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

/// Draws the day's sample again (senior, with a reason). The day's controls are removed
/// from the control round; each removal is in the audit log with the control as it was.
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
            db::control::delete(tx, control.id)?;
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
    let size = usize::try_from(m.sample_size).unwrap_or(0);
    let members = draw(&pool, size, seed);
    let id = db::sample::insert(tx, market, day, seed, actor.id(), now, replaces, &pool, &members)?;
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

pub fn round(store: &mut Store, market: MarketId, day: NaiveDate) -> Result<Option<Round>> {
    store.read(|c| {
        let Some(sample) = db::sample::current(c, market, day)? else { return Ok(None) };
        let m = db::market::get(c, market)?.ok_or_else(|| Error::not_found("markt", market))?;
        let mut entries = Vec::new();
        for (permit, reason) in &sample.members {
            let row = db::day_view::permit(c, *permit)?.ok_or_else(|| Error::not_found("dagvergunning", permit))?;
            entries.push(RoundEntry { permit: row, reason: *reason, controls: db::control::of_permit(c, *permit)? });
        }
        let reproduces = sample.reproduces(usize::try_from(m.sample_size).unwrap_or(0));
        Ok(Some(Round { sample, reproduces, entries }))
    })
}

/// The day's current sample, if drawn.
pub fn current(store: &mut Store, market: MarketId, day: NaiveDate) -> Result<Option<Sample>> {
    store.read(|c| db::sample::current(c, market, day))
}

/// Every sample of the day, the replaced ones too, oldest first.
pub fn history(store: &mut Store, market: MarketId, day: NaiveDate) -> Result<Vec<Sample>> {
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
}
