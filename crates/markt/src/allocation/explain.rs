//! The engine's final state as an `Allocation`, with a Dutch explanation per vendor: what
//! it got and why, or why it got nothing and who took what it wanted.

use std::fmt::Write;

use crate::code::{Cooking, RejectionReason};

use super::engine::{Note, Outcome, State, Stop};
use super::index::{B, Index, Kind, S, Step, V, VendorInfo};
use super::{Allocation, Assignment, NonParticipation, Rejection, VendorId};

pub(crate) fn render(ix: &Index, st: &State) -> Allocation {
    let mut out = Allocation::default();
    let ab = ix.vendors.iter().any(|v| v.group == 1);
    let mut branch_used = vec![0; ix.branches.len()];
    let mut branch_own = vec![0; ix.branches.len()];
    for (vi, run) in ix.vendors.iter().zip(&st.runs) {
        let own = run.iter().filter(|&&s| vi.is_own(s)).count();
        for &b in &vi.branches {
            branch_used[b as usize] += run.len();
            branch_own[b as usize] += own;
        }
    }
    let text = Text { ix, st, ab, branch_used, branch_own };
    for (v, vi) in ix.vendors.iter().enumerate() {
        let v = v as V;
        let id = vi.input.id.clone();
        let explanation = match st.outcome[v as usize] {
            Outcome::Placed => {
                let stalls = st.runs[v as usize].iter().map(|&s| ix.stall_id(s).clone()).collect();
                out.assignments.push(Assignment { vendor: id.clone(), stalls });
                text.placed(v)
            }
            Outcome::Rejected(reason) => {
                out.rejections.push(Rejection { vendor: id.clone(), reason });
                text.rejected(v, reason)
            }
            // Every vendor of a group is placed or rejected by the end of its rounds; should
            // that ever fail, the vendor is reported, not lost.
            Outcome::Waiting => {
                out.rejections.push(Rejection { vendor: id.clone(), reason: RejectionReason::Unknown });
                format!("{} Niet ingedeeld door een fout in de indeling; meld dit.", text.header(vi))
            }
        };
        out.explanations.insert(id, explanation);
    }
    let date = ix.input.market.date.format("%d-%m-%Y");
    for &(i, why) in &ix.absent {
        let vendor = &ix.input.vendors[i];
        let reason = match why {
            NonParticipation::SignedOff => format!("afgemeld voor {date}"),
            NonParticipation::AbsencePeriod(p) => {
                let day = |d: Option<chrono::NaiveDate>| {
                    d.map_or("onbepaald".to_string(), |d| d.format("%d-%m-%Y").to_string())
                };
                format!("afwezig van {} tot en met {}", day(p.from), day(p.until))
            }
            NonParticipation::NotSignedOn => format!("sollicitant, niet aangemeld voor {date}"),
            NonParticipation::NotActive => {
                "de ondernemer is niet actief; alleen actieve ondernemers worden ingedeeld".to_string()
            }
        };
        out.not_participating.push(vendor.id.clone());
        out.explanations.insert(vendor.id.clone(), format!("Neemt niet deel: {reason}."));
    }
    for &i in &ix.duplicates {
        if let Some(text) = out.explanations.get_mut(&ix.input.vendors[i].id) {
            text.push_str(" Deze ondernemer staat meer dan eens in de invoer; alleen de eerste opgave telt.");
        }
    }
    out.assignments.sort_by(|a, b| a.vendor.cmp(&b.vendor));
    out.rejections.sort_by(|a, b| a.vendor.cmp(&b.vendor));
    out.not_participating.sort();
    out
}

struct Text<'x, 'a> {
    ix: &'x Index<'a>,
    st: &'x State,
    /// Whether today's applicants are split into an A-list and a B-list.
    ab: bool,
    /// Stalls per branch in the final allocation.
    branch_used: Vec<usize>,
    /// Of those, the fixed holders' own stalls: they count towards the branch's maximum but
    /// are never taken away for it, so they alone may put a branch over its maximum.
    branch_own: Vec<usize>,
}

fn ordinal(rank: usize) -> String {
    format!("{}e keus", rank + 1)
}

fn places(n: usize) -> &'static str {
    if n == 1 { "plaats" } else { "plaatsen" }
}

impl Text<'_, '_> {
    fn list(&self, stalls: &[S]) -> String {
        stalls.iter().map(|&s| self.ix.stall_id(s).as_str()).collect::<Vec<_>>().join(", ")
    }

    fn vendor_id(&self, v: V) -> &VendorId {
        &self.ix.vendor(v).input.id
    }

    fn header(&self, vi: &VendorInfo) -> String {
        let label = vi.input.status.label_nl();
        let mut chars = label.chars();
        let status: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let mut h = format!("{status} ({}, nr {}", vi.input.status, vi.input.list_number);
        if self.ab && vi.kind == Kind::Applicant {
            h.push_str(if vi.group == 0 { ", A-lijst" } else { ", B-lijst" });
        }
        h.push_str("):");
        h
    }

    /// Where a vendor of a mandatory branch or a stall type was placed; `None` for the rest.
    fn step(&self, step: Step) -> Option<String> {
        Some(match step {
            Step::Branch(b) => {
                format!("een plaats van de verplichte branche {}", self.ix.branches[b as usize].id)
            }
            Step::Cooking(Cooking::Full) => "een bakplaats".into(),
            Step::Cooking(_) => "een plaats voor bak-licht".into(),
            Step::Evi => "een EVI-plaats".into(),
            Step::Rest => return None,
        })
    }

    fn stop(&self, stop: Stop) -> String {
        match stop {
            Stop::BranchFull(b) => {
                format!("branche {} is vol ({})", self.ix.branches[b as usize].id, self.branch_fill(b))
            }
            Stop::NoRoom => "er is geen vrije, passende plaats ernaast".into(),
            Stop::FewFreeStalls => format!(
                "er waren niet meer vrije plaatsen dan ondernemers die nog op een plaats wachtten ({}art. 3.12)",
                if self.ab { "A- en B-lijst samen, " } else { "" }
            ),
            Stop::Undone { round, hurt } => format!(
                "uitbreiden naar {round} plaatsen is teruggedraaid, omdat {} dan minder plaatsen zou krijgen",
                self.vendor_id(hurt)
            ),
        }
    }

    /// How full a branch with a maximum is, in words that do not contradict themselves when
    /// fixed holders put it over its maximum: "48 plaatsen toegestaan, 55 al bezet door vaste
    /// plaatsen; vaste plaatsen tellen mee voor het maximum".
    fn branch_fill(&self, b: B) -> String {
        let max = self.ix.branches[b as usize].max.map_or(0, |m| m as usize);
        let (used, own) = (self.branch_used[b as usize], self.branch_own[b as usize]);
        let taken = match (own, used.saturating_sub(own)) {
            (0, _) => format!("{used} bezet"),
            (own, 0) => format!("{own} al bezet door vaste plaatsen"),
            (own, _) => format!("{used} bezet, waarvan {own} door vaste plaatsen"),
        };
        let why = if own > 0 { "; vaste plaatsen tellen mee voor het maximum" } else { "" };
        format!("{max} {} toegestaan, {taken}{why}", places(max))
    }

    fn placed(&self, v: V) -> String {
        let vi = self.ix.vendor(v);
        let run = &self.st.runs[v as usize];
        let notes = &self.st.notes[v as usize];
        let mut t = format!("{} ingedeeld op {} {}.", self.header(vi), places(run.len()), self.list(run));
        if !vi.own_missing.is_empty() {
            let n = vi.own_missing.len();
            let verb = if n == 1 { "bestaat niet of is" } else { "bestaan niet of zijn" };
            let _ = write!(t, " Eigen {} {} {verb} geblokkeerd.", places(n), vi.own_missing.join(", "));
        }
        let moved = notes.iter().any(|n| matches!(n, Note::Moved { .. } | Note::Displaced { .. }));
        let holder = vi.kind == Kind::Holder;
        let mut grew = false;
        let mut stop = None;
        for note in notes {
            match note {
                Note::OwnKept(own) if moved => {
                    let _ = write!(t, " Had eigen {} {}.", places(own.len()), self.list(own));
                }
                Note::OwnKept(own) => {
                    let _ = write!(t, " Eigen {} {} behouden.", places(own.len()), self.list(own));
                }
                Note::OwnReleased(own) => {
                    let verb = if own.len() == 1 {
                        "sluit niet aan op de rest en is"
                    } else {
                        "sluiten niet aan op de rest en zijn"
                    };
                    let _ = write!(t, " Eigen {} {} {verb} vrijgegeven.", places(own.len()), self.list(own));
                }
                Note::OwnAboveMaximum(own) => {
                    let _ = write!(
                        t,
                        " Eigen {} {} vandaag niet gebruikt: de ondernemer gaf een maximum van {} {} op; vrij voor anderen.",
                        places(own.len()),
                        self.list(own),
                        vi.max,
                        places(vi.max)
                    );
                }
                Note::MadeRoom { for_vendor, from, to } => {
                    let _ = write!(
                        t,
                        " Verschoven van {} naar {} (evenveel plaatsen), zodat {} het minimum van {} plaatsen kon krijgen: zo min mogelijk afwijzingen.",
                        self.list(from),
                        self.list(to),
                        self.vendor_id(*for_vendor),
                        self.ix.vendor(*for_vendor).min
                    );
                }
                Note::KeptForBranch(_) => {}
                Note::OwnExtended(added) => {
                    let _ = write!(
                        t,
                        " Aangevuld met {} om het minimum van {} plaatsen te halen.",
                        self.list(added),
                        vi.min
                    );
                }
                Note::OwnUnusable => {
                    let _ = write!(
                        t,
                        " De eigen plaatsen vormen geen aaneengesloten rij van minstens {} {}; daarom opnieuw ingedeeld.",
                        vi.min,
                        places(vi.min)
                    );
                }
                Note::Entered { round, step } => {
                    if let Some(what) = self.step(*step) {
                        let _ = write!(t, " Ingedeeld op {what}.");
                    }
                    if *round > 1 {
                        let _ = write!(t, " Ingedeeld in ronde {round}, omdat het minimum {round} plaatsen is.");
                    }
                }
                Note::Moved { from, to } if holder => {
                    let _ =
                        write!(t, " Verplaatst van {} naar voorkeursplaats(en) {}.", self.list(from), self.list(to));
                }
                Note::Moved { from, to } => {
                    let _ = write!(t, " Verbeterd van {} naar {}: meer voorkeuren.", self.list(from), self.list(to));
                }
                Note::Displaced { by, from, to } if holder => {
                    let _ = write!(
                        t,
                        " Geruild met {}: gaf {} en kreeg voorkeursplaats(en) {}.",
                        self.vendor_id(*by),
                        self.list(from),
                        self.list(to)
                    );
                }
                Note::Displaced { by, from, to } => {
                    let _ = write!(
                        t,
                        " Moest {} vrijmaken voor {}, die meer voorrang heeft; opnieuw ingedeeld op {}.",
                        self.list(from),
                        self.vendor_id(*by),
                        self.list(to)
                    );
                }
                Note::Grew { .. } => grew = true,
                Note::GrowthStopped(s) => stop = Some(*s),
            }
        }
        if grew {
            let _ = write!(
                t,
                " Uitgebreid tot {} plaatsen, in rondes van één plaats per ondernemer (art. 3.12).",
                run.len()
            );
        }
        if run.len() < vi.max
            && let Some(s) = stop
        {
            let _ = write!(t, " Wilde {} plaatsen, maar {}.", vi.max, self.stop(s));
        }
        t.push_str(&self.preferences_met(vi, run));
        t
    }

    fn preferences_met(&self, vi: &VendorInfo, run: &[S]) -> String {
        if vi.prefs.is_empty() {
            return String::new();
        }
        let mut met: Vec<(usize, S)> = run.iter().filter_map(|&s| vi.rank(s).map(|r| (r, s))).collect();
        met.sort_unstable();
        if met.is_empty() {
            let missed = self.missed_preferences(vi);
            let how = if vi.kind == Kind::Holder { "" } else { " Ingedeeld op een vrije plaats (wil overal staan)." };
            return format!(" Geen voorkeursplaats gekregen: {missed}.{how}");
        }
        let got: Vec<String> = met.iter().map(|&(r, s)| format!("{} ({})", self.ix.stall_id(s), ordinal(r))).collect();
        format!(" Voorkeuren gekregen: {}.", got.join(", "))
    }

    /// The most wanted preferences, each with who has it now.
    fn missed_preferences(&self, vi: &VendorInfo) -> String {
        let mut prefs: Vec<(usize, S)> = vi.prefs.iter().map(|&(s, _, r)| (r, s)).collect();
        prefs.sort_unstable();
        let said: Vec<String> = prefs
            .iter()
            .take(3)
            .map(|&(_, s)| {
                let id = self.ix.stall_id(s);
                match self.st.owner[s as usize] {
                    Some(w) => format!("{id} ging naar {}", self.vendor_id(w)),
                    None if !self.ix.stalls[s as usize].usable => format!("{id} is geblokkeerd"),
                    None => format!("{id} past niet (branche, kooktype, EVI of aansluiting)"),
                }
            })
            .collect();
        said.join("; ")
    }

    fn requirements(&self, vi: &VendorInfo) -> String {
        let mut needs: Vec<String> =
            vi.mandatory.iter().map(|&b| format!("verplichte branche {}", self.ix.branches[b as usize].id)).collect();
        match vi.cooking {
            Cooking::Full => needs.push("bakplaats".into()),
            Cooking::Light => needs.push("plaats voor bak-licht".into()),
            Cooking::None => {}
        }
        if vi.evi {
            needs.push("EVI-plaats".into());
        }
        if needs.is_empty() { String::new() } else { format!(" ({})", needs.join(", ")) }
    }

    fn rejected(&self, v: V, reason: RejectionReason) -> String {
        let vi = self.ix.vendor(v);
        // The reason in words only: its code is for scripts and the case files, not for clerks.
        let mut t = format!("{} afgewezen: {}.", self.header(vi), reason.label_nl());
        let own = self.list(&vi.own);
        let detail = match reason {
            RejectionReason::KraamDoesNotExist => {
                let n = vi.own_missing.len();
                let verb = if n == 1 { "bestaat niet of is" } else { "bestaan niet of zijn" };
                format!(
                    "Eigen {} {} {verb} geblokkeerd, en er is geen andere plaats gevonden.",
                    places(n),
                    vi.own_missing.join(", ")
                )
            }
            RejectionReason::AdjacentUnavailable => {
                format!("De eigen plaatsen {own} vormen geen aaneengesloten rij van minstens {} plaatsen.", vi.min)
            }
            RejectionReason::VplPositionNotAvailable => {
                "Er staan geen vaste plaatsen op naam en via de voorkeuren is geen plaats gevonden.".into()
            }
            RejectionReason::BrancheFull => {
                let full: Vec<String> = vi
                    .limited
                    .iter()
                    .map(|&b| format!("branche {}: {}", self.ix.branches[b as usize].id, self.branch_fill(b)))
                    .collect();
                format!("Geen ruimte voor nog {} {}: {}.", vi.min, places(vi.min), full.join(" en "))
            }
            RejectionReason::MarketFull => "Alle plaatsen waren al vergeven aan ondernemers met meer voorrang.".into(),
            RejectionReason::PrefNotAvailable => format!(
                "Wil alleen op een voorkeursplaats staan{}: {}.",
                self.requirements(vi),
                self.missed_preferences(vi)
            ),
            RejectionReason::PrefNotAvailableAnywhere => {
                format!("Er was nergens meer een vrije plaats die past{}.", self.requirements(vi))
            }
            RejectionReason::MinimumUnavailable if vi.min > vi.max => format!(
                "Het minimum van {} plaatsen is meer dan de {} plaatsen die deze ondernemer op deze markt mag krijgen.",
                vi.min, vi.max
            ),
            RejectionReason::MinimumUnavailable => format!(
                "Geen {} aaneengesloten vrije plaatsen die passen{} (minimum {}).",
                vi.min,
                self.requirements(vi),
                vi.min
            ),
            RejectionReason::Unknown => String::new(),
        };
        if !detail.is_empty() {
            t.push(' ');
            t.push_str(&detail);
        }
        for note in &self.st.notes[v as usize] {
            if let Note::KeptForBranch(b) = note {
                let _ = write!(
                    t,
                    " De laatste vrije plaats(en) van de verplichte branche {} bleven voor een ondernemer van die branche die ernaast wilde uitbreiden.",
                    self.ix.branches[*b as usize].id
                );
            }
        }
        if !vi.prefs.is_empty() && reason != RejectionReason::PrefNotAvailable {
            let _ = write!(t, " Voorkeuren: {}.", self.missed_preferences(vi));
        }
        t
    }
}
