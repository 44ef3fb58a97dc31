//! The demo city: four markets with their stalls, branches, vendors, registrations, tariffs
//! and thirteen weeks of history, built through the same clerk actions the app uses (so the
//! demo proves them), in one transaction, identical for the same seed and day.

pub mod city;
mod names;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::account::{self, Actor, NewAccount};
use crate::attendance::{self, AbsenceInput, SignOn};
use crate::branch::{self, BranchInput};
use crate::code::{
    Cooking, Identification, MarketKind, ObstacleKind, PaymentMethod, Presence, ProductUnit, RegistrationStatus, Role,
    StallProperty, TariffUnit, TicketDecision, TicketStatus, VatType, VendorStatus, Weekday, Weekdays,
};
use crate::control::{self, ControlInput};
use crate::day_close;
use crate::db::{self, Store};
use crate::error::{Error, Result};
use crate::ids::{BranchId, MarketId, PermitId, ProductId, StallId, TariffKindId, VendorId};
use crate::market::{self, MarketInput, StallInput};
use crate::money::{Cents, Percent};
use crate::note;
use crate::permit::{self, PermitInput};
use crate::registration::{self, PreferencesInput, RegistrationInput};
use crate::tariff::{self, ProductInput, TariffKindInput, TariffPlanInput};
use crate::ticket::{self, TicketInput, ViolationInput};
use crate::time::at_local;
use crate::vendor::{self, VendorInput};

/// What the demo is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    pub seed: u64,
    /// The last day of the history; "now" is 18:00 on this day, Amsterdam time.
    pub today: NaiveDate,
}

/// The number of weeks of history up to `today`.
pub const HISTORY_WEEKS: u64 = 13;

/// A demo account and its password, printed at the end and written in the README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub password: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { username: "beheer", display_name: names::STAFF[0].1, role: Role::Admin, password: "beheer-2026" },
    DemoAccount {
        username: "medewerker",
        display_name: names::STAFF[1].1,
        role: Role::Senior,
        password: "marktbureau-2026",
    },
    DemoAccount {
        username: "toezicht",
        display_name: names::STAFF[2].1,
        role: Role::Supervisor,
        password: "toezicht-2026",
    },
    DemoAccount {
        username: "financien",
        display_name: names::STAFF[3].1,
        role: Role::Finance,
        password: "financien-2026",
    },
];

/// What was built, for the summary the CLI prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub markets: Vec<(String, String, usize)>,
    pub branches: usize,
    pub vendors: usize,
    pub registrations: BTreeMap<&'static str, usize>,
    pub substitutes: usize,
    pub history_from: Option<NaiveDate>,
    pub history_to: Option<NaiveDate>,
    pub permits: usize,
    pub voided: usize,
    pub reversals: usize,
    pub double_permits: usize,
    pub payments: BTreeMap<&'static str, (usize, Cents)>,
    pub controls: usize,
    pub tickets: BTreeMap<&'static str, usize>,
    pub notes: usize,
    pub attendance_records: usize,
    pub day_closes: usize,
}

/// One market of the demo city.
struct MarketPlan {
    code: &'static str,
    name: &'static str,
    kind: MarketKind,
    weekdays: &'static str,
    season: Option<(&'static str, &'static str)>,
    stall_size: i64,
    max_per_vendor: i64,
    ab_lists: bool,
    rows: &'static [(&'static str, usize, bool)],
    cooking: (usize, usize),
    evi: usize,
    /// Every n-th stall is reserved for the mandatory branch, if any.
    reserve_every: Option<usize>,
    /// (branch code, max stalls, mandatory)
    rules: &'static [(&'static str, Option<i64>, bool)],
    applicants: usize,
}

const MARKETS: &[MarketPlan] = &[
    MarketPlan {
        code: "AC",
        name: "Albert Cuypmarkt",
        kind: MarketKind::Daily,
        weekdays: "ma,di,wo,do,vr,za",
        season: None,
        stall_size: 3,
        max_per_vendor: 4,
        ab_lists: true,
        rows: &[
            ("Noordzijde west", 68, false),
            ("Noordzijde oost", 62, false),
            ("Zuidzijde west", 68, false),
            ("Zuidzijde oost", 62, false),
        ],
        cooking: (6, 6),
        evi: 4,
        reserve_every: Some(8),
        rules: &[
            ("101-AGF", Some(48), true),
            ("102-VIS", Some(8), false),
            ("112-BEREID", Some(14), false),
            ("110-ELEK", Some(10), false),
            ("111-COSM", Some(8), false),
        ],
        applicants: 130,
    },
    MarketPlan {
        code: "DAP",
        name: "Dappermarkt",
        kind: MarketKind::Weekly,
        weekdays: "wo",
        season: None,
        stall_size: 3,
        max_per_vendor: 3,
        ab_lists: false,
        rows: &[("Noord", 60, false), ("Zuid", 60, false)],
        cooking: (3, 3),
        evi: 2,
        reserve_every: Some(5),
        rules: &[("101-AGF", Some(28), true), ("102-VIS", Some(4), false)],
        applicants: 60,
    },
    MarketPlan {
        code: "NOM",
        name: "Noordermarkt",
        kind: MarketKind::Weekly,
        weekdays: "za",
        season: None,
        stall_size: 4,
        max_per_vendor: 3,
        ab_lists: false,
        rows: &[("Noorderkerk", 40, true), ("Westerstraat", 40, false)],
        cooking: (4, 2),
        evi: 2,
        reserve_every: Some(4),
        rules: &[("101-AGF", Some(24), true), ("114-TWEEDE", Some(10), false)],
        applicants: 45,
    },
    MarketPlan {
        code: "WGM",
        name: "Westergasmarkt",
        kind: MarketKind::Seasonal,
        weekdays: "zo",
        season: Some(("04-01", "10-31")),
        stall_size: 4,
        max_per_vendor: 2,
        ab_lists: false,
        rows: &[("Gashouder", 40, false)],
        cooking: (6, 4),
        evi: 4,
        reserve_every: None,
        rules: &[("112-BEREID", Some(15), false), ("115-SIER", Some(10), false)],
        applicants: 40,
    },
];

const BRANCHES: &[(&str, &str, &str, u32)] = &[
    // code, name, colour, weight among vendors
    ("101-AGF", "Groente en fruit", "#2e7d32", 18),
    ("102-VIS", "Vis", "#1565c0", 3),
    ("103-BROOD", "Brood en banket", "#a1887f", 5),
    ("104-KAAS", "Kaas en zuivel", "#f9a825", 5),
    ("105-BLOEM", "Bloemen en planten", "#d81b60", 6),
    ("106-STOF", "Stoffen en fournituren", "#8e24aa", 6),
    ("107-SCHOEN", "Schoenen en lederwaren", "#5d4037", 5),
    ("108-KLED", "Kleding", "#3949ab", 14),
    ("109-HUIS", "Huishoudelijke artikelen", "#00897b", 7),
    ("110-ELEK", "Elektronica en telefonie", "#546e7a", 4),
    ("111-COSM", "Cosmetica en verzorging", "#f06292", 4),
    ("112-BEREID", "Bereide etenswaren", "#e64a19", 5),
    ("113-NOTEN", "Noten en zuidvruchten", "#8d6e63", 4),
    ("114-TWEEDE", "Tweedehands en curiosa", "#757575", 5),
    ("115-SIER", "Sieraden en accessoires", "#c0ca33", 5),
];

/// The demo office's IBAN: made up (BNG Bank's code, account 1), with valid check digits.
pub const DEMO_IBAN: &str = "NL25BNGH0000000001";

/// Names a supervisor wrote down for a substitute nobody at the office knew.
const STRANGERS: &[&str] =
    &["man met pet, ca. 40 jaar", "S. Öztürk (zegt neef te zijn)", "vrouw, noemde zich Mira", "J. de Wit (geen pas)"];

const VIOLATIONS: &[(&str, &str, &str, i64, bool)] = &[
    ("V01", "Niet persoonlijk aanwezig zonder toestemming", "art. 3.18 lid 1", 7500, true),
    ("V02", "Standplaats buiten de toegewezen plaats of te groot", "art. 3.21", 5000, false),
    ("V03", "Afval achtergelaten", "art. 3.26 lid 2", 10000, false),
    ("V04", "Handel zonder geldige dagvergunning", "art. 3.3", 15000, false),
    ("V05", "Verkoop buiten de ingeschreven branche", "art. 3.14", 7500, true),
];

/// The city's people and places as the demo keeps track of them while building.
struct City {
    markets: Vec<CityMarket>,
    branches: BTreeMap<&'static str, BranchId>,
    products: BTreeMap<&'static str, ProductId>,
    used_numbers: BTreeSet<String>,
    vendors: Vec<VendorId>,
    /// Vendors without any registration who trade now and then (standwerkers).
    lot_vendors: Vec<VendorId>,
    substitutes: BTreeMap<VendorId, VendorId>,
}

struct CityStall {
    id: StallId,
    number: String,
    row: usize,
    length: i64,
    electricity: bool,
    reserved: Option<&'static str>,
    cooking: Cooking,
    evi: bool,
}

struct Holder {
    vendor: VendorId,
    status: RegistrationStatus,
    list_number: i64,
    stalls: Vec<usize>,
    branch: &'static str,
    fixed_electricity: bool,
    pattern: Option<Weekdays>,
    absent: Option<(NaiveDate, NaiveDate)>,
    wants: usize,
    preferred: Vec<usize>,
}

struct CityMarket {
    plan: &'static MarketPlan,
    id: MarketId,
    stalls: Vec<CityStall>,
    holders: Vec<Holder>,
    blocked: BTreeSet<(NaiveDate, usize)>,
}

/// The clerks who act in the demo.
struct Staff {
    admin: Actor,
    senior: Actor,
    supervisor: Actor,
}

/// Builds the demo city into an empty database.
pub fn build(store: &mut Store, config: &DemoConfig) -> Result<Summary> {
    let empty = store.read(|c| Ok(db::account::count(c)? == 0 && db::market::list(c)?.is_empty()))?;
    if !empty {
        return Err(Error::Conflict("de demo wordt alleen in een lege database gebouwd".into()));
    }
    store.batch(|store| {
        // A demo may be run with a set clock (tests, a demonstration on another day).
        crate::clock::mark(store, crate::clock::Purpose::Demo)?;
        Builder::new(store, config)?.run()
    })
}

struct Builder<'s> {
    store: &'s mut Store,
    rng: ChaCha8Rng,
    today: NaiveDate,
    start: NaiveDate,
    setup: DateTime<Utc>,
    staff: Staff,
    city: City,
    kind_ids: BTreeMap<String, TariffKindId>,
    summary: Summary,
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl<'s> Builder<'s> {
    fn new(store: &'s mut Store, config: &DemoConfig) -> Result<Builder<'s>> {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let start = config.today - Days::new(HISTORY_WEEKS * 7 - 1);
        let setup = at_local(start - Days::new(30), hm(8, 30));
        let first = &ACCOUNTS[0];
        let admin =
            account::create_first_admin(store, setup, &mut rng, first.username, first.display_name, first.password)?;
        for a in &ACCOUNTS[1..] {
            let new = NewAccount {
                username: a.username.into(),
                display_name: a.display_name.into(),
                role: a.role,
                password: a.password.into(),
            };
            account::create(store, &admin, setup, &mut rng, &new)?;
        }
        let login =
            |store: &mut Store, i: usize| account::login(store, ACCOUNTS[i].username, ACCOUNTS[i].password, setup);
        let staff = Staff { senior: login(store, 1)?, supervisor: login(store, 2)?, admin };
        Ok(Builder {
            store,
            rng,
            today: config.today,
            start,
            setup,
            staff,
            city: City {
                markets: Vec::new(),
                branches: BTreeMap::new(),
                products: BTreeMap::new(),
                used_numbers: BTreeSet::new(),
                vendors: Vec::new(),
                lot_vendors: Vec::new(),
                substitutes: BTreeMap::new(),
            },
            kind_ids: BTreeMap::new(),
            summary: Summary::default(),
        })
    }

    fn run(mut self) -> Result<Summary> {
        self.tariffs()?;
        self.branches()?;
        for plan in MARKETS {
            self.market(plan)?;
        }
        self.violations()?;
        for m in 0..self.city.markets.len() {
            self.registrations(m)?;
        }
        self.other_vendors()?;
        self.history()?;
        self.tomorrow()?;
        self.summary.vendors = self.city.vendors.len();
        for (method, count, total) in self.store.read(db::permit::totals_by_method)? {
            self.summary.payments.insert(method.code(), (count, total));
        }
        self.summary.history_from = Some(self.start);
        self.summary.history_to = Some(self.today);
        Ok(self.summary)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    // ── Tariffs, branches, markets ───────────────────────────────────────────────────────

    fn tariffs(&mut self) -> Result<()> {
        let (admin, now) = (&self.staff.admin, self.setup);
        for (vat, from, pct) in
            [(VatType::High, "2019-01-01", 21), (VatType::Low, "2019-01-01", 9), (VatType::Zero, "2000-01-01", 0)]
        {
            tariff::set_vat_rate(self.store, admin, now, vat, day(from), Percent::whole(pct))?;
        }
        let kinds: &[(&str, &str, TariffUnit, VatType, &str)] = &[
            ("meter", "afgenomen meters (normaal tarief)", TariffUnit::Meters, VatType::Zero, "8110"),
            ("cleaning", "reiniging (normaal tarief)", TariffUnit::Meters, VatType::High, "8120"),
            ("waste", "toeslag bedrijfsafval", TariffUnit::Meters, VatType::High, "8121"),
            ("promo_meter", "promotiegelden per meter", TariffUnit::Meters, VatType::Zero, "8130"),
            ("promo_vendor", "promotiegelden per koopman", TariffUnit::Once, VatType::Zero, "8131"),
            ("power", "elektra krachtstroom", TariffUnit::Item, VatType::High, "8140"),
            ("electricity", "elektra", TariffUnit::Item, VatType::Low, "8141"),
            ("island", "afvaleiland", TariffUnit::Item, VatType::Zero, "8122"),
            ("agf", "AGF per meter", TariffUnit::Item, VatType::High, "8150"),
        ];
        let mut ids: BTreeMap<&str, TariffKindId> = BTreeMap::new();
        for (code, label, unit, vat, ledger) in kinds {
            let vat_code = match vat {
                VatType::High => "V21",
                VatType::Low => "V9",
                VatType::Zero => "V0",
            };
            let input = TariffKindInput {
                code: (*code).into(),
                invoice_label: (*label).into(),
                unit: *unit,
                vat: *vat,
                ledger_code: (*ledger).into(),
                vat_code: vat_code.into(),
            };
            ids.insert(code, tariff::create_kind(self.store, admin, now, &input)?);
        }
        // key, label, unit, factor, tariff kind, always
        type ProductRow<'a> = (&'a str, &'a str, ProductUnit, i64, Option<&'a str>, bool);
        let products: &[ProductRow] = &[
            ("stalls_3m", "Kraam 3 m", ProductUnit::Meters, 3, None, false),
            ("stalls_4m", "Kraam 4 m", ProductUnit::Meters, 4, None, false),
            ("extra_meters", "Extra meters", ProductUnit::Meters, 1, None, false),
            ("electricity", "Elektra-aansluiting", ProductUnit::Item, 1, Some("electricity"), false),
            ("power", "Krachtstroom", ProductUnit::Item, 1, Some("power"), false),
            ("island", "Afvaleiland", ProductUnit::Item, 1, Some("island"), false),
            ("agf", "AGF-meters", ProductUnit::Item, 1, Some("agf"), false),
            ("promo", "Promotiebijdrage", ProductUnit::Once, 1, Some("promo_vendor"), true),
        ];
        for (i, (key, label, unit, factor, kind, always)) in products.iter().enumerate() {
            let input = ProductInput {
                key: (*key).into(),
                label: (*label).into(),
                unit: *unit,
                factor: *factor,
                kind: kind.and_then(|k| ids.get(k).copied()),
                always: *always,
                position: i as i64,
            };
            let id = tariff::create_product(self.store, admin, now, &input)?;
            self.city.products.insert(key, id);
        }
        // Rates are set per market below; keep the kinds for them.
        self.kind_ids = ids.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Ok(())
    }

    fn branches(&mut self) -> Result<()> {
        for (code, name, colour, _) in BRANCHES {
            let input = BranchInput { code: (*code).into(), name: (*name).into(), colour: (*colour).into() };
            let id = branch::create(self.store, &self.staff.admin, self.setup, &input)?;
            self.city.branches.insert(code, id);
        }
        self.summary.branches = BRANCHES.len();
        Ok(())
    }

    fn market(&mut self, plan: &'static MarketPlan) -> Result<()> {
        let (admin, now) = (self.staff.admin.clone(), self.setup);
        let input = MarketInput {
            code: plan.code.into(),
            name: plan.name.into(),
            kind: plan.kind,
            weekdays: Weekdays::parse_list(plan.weekdays).unwrap_or_default(),
            season: plan.season.map(|(a, b)| (a.to_string(), b.to_string())),
            stall_size_m: plan.stall_size,
            max_stalls_per_vendor: plan.max_per_vendor,
            sample_size: 10,
            ab_lists: plan.ab_lists,
        };
        let id = market::create(self.store, &admin, now, &input)?;
        for (code, max, mandatory) in plan.rules {
            let b = self.city.branches[code];
            branch::set_market_rule(self.store, &admin, now, id, b, Some((*max, *mandatory)))?;
        }
        let mandatory = plan.rules.iter().find(|r| r.2).map(|r| r.0);
        let total: usize = plan.rows.iter().map(|r| r.1).sum();
        // Typed stalls at fixed spots spread over the market, the same for every seed.
        let spread = |n: usize, offset: usize| -> BTreeSet<usize> {
            (0..n).map(|i| (offset + i * total / n.max(1)) % total).collect()
        };
        let bak = spread(plan.cooking.0, 5);
        let light = spread(plan.cooking.1, 9);
        let evi = spread(plan.evi, 13);
        let mut stalls = Vec::with_capacity(total);
        let mut number = 0usize;
        for (r, (row_name, count, circular)) in plan.rows.iter().enumerate() {
            let row = market::add_row(self.store, &admin, now, id, row_name, *circular)?;
            let mut previous: Option<StallId> = None;
            let mut since_obstacle = 0;
            for i in 0..*count {
                number += 1;
                let index = stalls.len();
                // Now and then a stall was split long ago: "12a" follows "12".
                let label = if index > 0 && index % 37 == 0 { format!("{}a", number - 1) } else { number.to_string() };
                if label.ends_with('a') {
                    number -= 1;
                }
                let cooking = if bak.contains(&index) {
                    Cooking::Full
                } else if light.contains(&index) {
                    Cooking::Light
                } else {
                    Cooking::None
                };
                let reserved = match (plan.reserve_every, mandatory) {
                    (Some(n), Some(b)) if index % n == 2 && cooking == Cooking::None => Some(b),
                    _ => None,
                };
                let electricity = reserved.is_some() || cooking != Cooking::None || self.chance(0.45);
                let mut properties = Vec::new();
                if electricity {
                    properties.push(StallProperty::Electricity);
                    if self.chance(0.1) {
                        properties.push(StallProperty::PowerCurrent);
                    }
                }
                if self.chance(0.08) {
                    properties.push(StallProperty::Water);
                }
                if i == 0 || i + 1 == *count {
                    properties.push(StallProperty::Corner);
                }
                let obstacle_here = since_obstacle >= 12 && self.chance(0.25);
                if obstacle_here && !properties.contains(&StallProperty::Corner) {
                    properties.push(StallProperty::Corner);
                }
                let input = StallInput {
                    row,
                    number: label.clone(),
                    length_m: plan.stall_size,
                    cooking,
                    evi: evi.contains(&index),
                    active: true,
                    properties,
                    branches: reserved.map(|b| vec![self.city.branches[b]]).unwrap_or_default(),
                };
                let sid = market::add_stall(self.store, &admin, now, &input)?;
                if let Some(prev) = previous
                    && obstacle_here
                {
                    let kind = *self.pick(&[
                        ObstacleKind::Passage,
                        ObstacleKind::Tree,
                        ObstacleKind::Bench,
                        ObstacleKind::Lamppost,
                    ]);
                    market::add_obstacle(self.store, &admin, now, prev, sid, kind)?;
                    since_obstacle = 0;
                }
                since_obstacle += 1;
                previous = Some(sid);
                stalls.push(CityStall {
                    id: sid,
                    number: label,
                    row: r,
                    length: plan.stall_size,
                    electricity,
                    reserved,
                    cooking,
                    evi: input.evi,
                });
            }
        }
        self.rates(plan, id)?;
        self.summary.markets.push((plan.code.into(), plan.name.into(), stalls.len()));
        // Road works: a few stalls blocked on some days, in the past and next week.
        let mut blocked = BTreeSet::new();
        let senior = self.staff.senior.clone();
        for _ in 0..6 {
            let s = self.rng.random_range(0..stalls.len());
            let offset = self.rng.random_range(0..(HISTORY_WEEKS * 7 + 7)) as i64;
            let d = self.start + Duration::days(offset);
            if blocked.insert((d, s)) {
                let reason = *self.pick(&[
                    "Werkzaamheden aan de bestrating",
                    "Evenement",
                    "Kabels en leidingen",
                    "Boom gesnoeid",
                ]);
                market::block_stall(self.store, &senior, now, stalls[s].id, d, reason)?;
            }
        }
        self.city.markets.push(CityMarket { plan, id, stalls, holders: Vec::new(), blocked });
        Ok(())
    }

    fn rates(&mut self, plan: &MarketPlan, market: MarketId) -> Result<()> {
        let admin = self.staff.admin.clone();
        let kinds = self.kind_ids.clone();
        let rates = |list: &[(&str, i64)]| -> Vec<(TariffKindId, Cents)> {
            list.iter().filter_map(|(k, c)| Some((*kinds.get(*k)?, Cents(*c)))).collect()
        };
        // Markets differ a little in price; AC is the reference.
        let f = match plan.code {
            "AC" => 100,
            "DAP" => 92,
            "NOM" => 110,
            _ => 120,
        };
        let p = |c: i64| c * f / 100;
        let base_2025 = [
            ("meter", p(238)),
            ("cleaning", p(45)),
            ("waste", p(18)),
            ("promo_meter", 10),
            ("promo_vendor", 110),
            ("power", p(415)),
            ("electricity", p(309)),
            ("island", 195),
            ("agf", 68),
        ];
        let base_2026 = [
            ("meter", p(246)),
            ("cleaning", p(47)),
            ("waste", p(19)),
            ("promo_meter", 11),
            ("promo_vendor", 115),
            ("power", p(432)),
            ("electricity", p(321)),
            ("island", 200),
            ("agf", 70),
        ];
        let autumn_2026 = [
            ("meter", p(252)),
            ("cleaning", p(49)),
            ("waste", p(20)),
            ("promo_meter", 11),
            ("promo_vendor", 115),
            ("power", p(445)),
            ("electricity", p(330)),
            ("island", 200),
            ("agf", 72),
        ];
        let saturday_2026 = [
            ("meter", p(295)),
            ("cleaning", p(52)),
            ("waste", p(21)),
            ("promo_meter", 12),
            ("promo_vendor", 115),
            ("power", p(445)),
            ("electricity", p(330)),
            ("island", 210),
            ("agf", 75),
        ];
        let mut plans = vec![("Tarieven 2025", "2025-01-01", Some("2025-12-31"), None, rates(&base_2025))];
        if plan.code == "AC" {
            plans.push(("Tarieven 2026", "2026-01-01", Some("2026-09-30"), None, rates(&base_2026)));
            plans.push(("Tarieven 2026 najaar", "2026-10-01", None, None, rates(&autumn_2026)));
            plans.push(("Zaterdagtarief 2026", "2026-01-01", None, Some("za"), rates(&saturday_2026)));
        } else {
            plans.push(("Tarieven 2026", "2026-01-01", None, None, rates(&base_2026)));
        }
        for (name, from, until, weekdays, rates) in plans {
            let input = TariffPlanInput {
                market,
                name: name.into(),
                from: day(from),
                until: until.map(day),
                weekdays: weekdays.and_then(|w| Weekdays::parse_list(w).ok()),
                ignore_fixed: false,
                rates,
            };
            tariff::create_plan(self.store, &admin, self.setup, &input)?;
        }
        if plan.code == "WGM"
            && let Some(kind) = kinds.get("electricity")
        {
            // The Westergas site resells power at the standard rate.
            tariff::set_market_vat(self.store, &admin, self.setup, market, *kind, day("2026-01-01"), VatType::High)?;
        }
        Ok(())
    }

    fn violations(&mut self) -> Result<()> {
        for (code, description, article, amount, warning_first) in VIOLATIONS {
            let input = ViolationInput {
                code: (*code).into(),
                description: (*description).into(),
                article: (*article).into(),
                amount: Cents(*amount),
                warning_first: *warning_first,
                valid_from: day("2024-01-01"),
                valid_until: None,
            };
            ticket::create_violation(self.store, &self.staff.admin, self.setup, &input)?;
        }
        // Fines leave for finance with their own ledger and VAT code (no VAT on a fine).
        crate::export::finance::set_fine_codes(self.store, &self.staff.admin, self.setup, "8190", "V0")?;
        // The letterhead of the letters and receipts. The IBAN is a made-up one with valid
        // check digits: a demo sends no one to a real account.
        let office = crate::office::Office {
            name: "Gemeente Amsterdam · Marktbureau".into(),
            address: "Amstel 1\n1011 PN Amsterdam".into(),
            phone: "14 020".into(),
            iban: DEMO_IBAN.into(),
        };
        crate::office::set(self.store, &self.staff.admin, self.setup, &office)?;
        Ok(())
    }

    // ── Vendors and registrations ────────────────────────────────────────────────────────

    fn new_vendor(&mut self, status: VendorStatus) -> Result<VendorId> {
        let (surname, infix) = *self.pick(names::SURNAMES);
        let letters = if self.chance(0.3) { 2 } else { 1 };
        let initials: String = (0..letters).map(|_| format!("{}.", self.pick(names::INITIAL_LETTERS))).collect();
        let number = loop {
            let y = self.rng.random_range(1950..2004);
            let m = self.rng.random_range(1..13);
            let d = self.rng.random_range(1..29);
            let n = format!("{y:04}{m:02}{d:02}{:02}", self.rng.random_range(1..6));
            if self.city.used_numbers.insert(n.clone()) {
                break n;
            }
        };
        let enforcement_until = (status == VendorStatus::Active && self.chance(0.015))
            .then(|| self.today + Duration::days(self.rng.random_range(-20..90)));
        let mail_name = vendor::fold_for_search(surname).replace([' ', '\''], "");
        let input = VendorInput {
            registration_number: number.clone(),
            initials,
            infix: infix.into(),
            surname: surname.into(),
            email: if self.chance(0.7) { format!("{mail_name}{}@voorbeeld.nl", &number[6..8]) } else { String::new() },
            phone: if self.chance(0.8) {
                format!("06-{}", self.rng.random_range(10_000_000..99_999_999))
            } else {
                String::new()
            },
            pass_id: if status == VendorStatus::Active { format!("P{}", &number[2..]) } else { String::new() },
            status: Some(status),
            enforcement_until,
        };
        let id = vendor::create(self.store, &self.staff.senior, self.setup, &input)?;
        self.city.vendors.push(id);
        Ok(id)
    }

    /// The branch of a new vendor: the stall's reserved branch, cooking for a cooking
    /// stall, else drawn by the weights of the city's trade.
    fn branch_for(&mut self, reserved: Option<&'static str>, cooking: Cooking) -> &'static str {
        if let Some(b) = reserved {
            return b;
        }
        if cooking != Cooking::None {
            return "112-BEREID";
        }
        let total: u32 = BRANCHES.iter().map(|b| b.3).sum();
        let mut x = self.rng.random_range(0..total);
        for b in BRANCHES {
            if x < b.3 {
                // Cooking vendors need cooking stalls: hand out that branch only with one.
                return if b.0 == "112-BEREID" { "109-HUIS" } else { b.0 };
            }
            x -= b.3;
        }
        "108-KLED"
    }

    fn registrations(&mut self, m: usize) -> Result<()> {
        let plan = self.city.markets[m].plan;
        let market_id = self.city.markets[m].id;
        let n = self.city.markets[m].stalls.len();
        // Adjacent runs of stalls within a row, broken by obstacles.
        let layout = market::layout(self.store, &self.staff.senior, market_id)?;
        let mut breaks = BTreeSet::new();
        for row in &layout.rows {
            for o in &row.obstacles {
                breaks.insert((o.before, o.after));
            }
        }
        let mut holdings: Vec<(RegistrationStatus, Vec<usize>)> = Vec::new();
        let mut i = 0;
        while i < n {
            if self.chance(0.11) {
                i += 1; // a stall without a fixed holder: free for applicants
                continue;
            }
            let want = match self.rng.random_range(0..100) {
                0..60 => 1,
                60..92 => 2,
                _ => 3,
            }
            .min(plan.max_per_vendor as usize);
            let mut run = vec![i];
            while run.len() < want {
                let (a, b) = (run[run.len() - 1], run[run.len() - 1] + 1);
                let stalls = &self.city.markets[m].stalls;
                if b >= n || stalls[a].row != stalls[b].row || breaks.contains(&(stalls[a].id, stalls[b].id)) {
                    break;
                }
                run.push(b);
            }
            i = run[run.len() - 1] + 1;
            let status = match self.rng.random_range(0..100) {
                0..80 => RegistrationStatus::Vpl,
                80..87 => RegistrationStatus::Tvpl,
                87..92 => RegistrationStatus::Eb,
                92..96 => RegistrationStatus::Exp,
                _ => RegistrationStatus::Expf,
            };
            holdings.push((status, run));
        }
        for _ in 0..3 {
            holdings.push((RegistrationStatus::Tvplz, Vec::new()));
        }
        for _ in 0..2 {
            holdings.push((RegistrationStatus::Vkk, Vec::new()));
        }
        // Seniority: fixed holders got their numbers long ago, in no stall order.
        let mut numbers: Vec<i64> = (1..=holdings.len() as i64).collect();
        for k in (1..numbers.len()).rev() {
            let j = self.rng.random_range(0..=k);
            numbers.swap(k, j);
        }
        let earlier_markets: Vec<VendorId> = self.city.markets[..m]
            .iter()
            .filter(|cm| cm.plan.kind != MarketKind::Daily)
            .flat_map(|cm| cm.holders.iter().map(|h| h.vendor))
            .collect();
        for (k, (status, stalls)) in holdings.into_iter().enumerate() {
            // Some traders of the weekly markets stand on several of them.
            let vendor = if !earlier_markets.is_empty() && self.chance(0.15) {
                let v = *self.pick(&earlier_markets);
                if self.city.markets[m].holders.iter().any(|h| h.vendor == v) {
                    self.new_vendor(VendorStatus::Active)?
                } else {
                    v
                }
            } else {
                self.new_vendor(VendorStatus::Active)?
            };
            let (reserved, cooking) = stalls.first().map_or((None, Cooking::None), |s| {
                (self.city.markets[m].stalls[*s].reserved, self.city.markets[m].stalls[*s].cooking)
            });
            let branch = self.branch_for(reserved, cooking);
            let size_key = if plan.stall_size == 4 { "stalls_4m" } else { "stalls_3m" };
            let electricity = stalls.iter().any(|s| self.city.markets[m].stalls[*s].electricity) && self.chance(0.8);
            let mut products = vec![];
            if !stalls.is_empty() {
                products.push((self.city.products[size_key], stalls.len() as i64));
            }
            if electricity && status.is_fixed() && !stalls.is_empty() {
                products.push((self.city.products["electricity"], 1));
            }
            if branch == "101-AGF" && !stalls.is_empty() && self.chance(0.5) {
                products.push((self.city.products["island"], 1));
            }
            let registered_on = day("2005-01-01") + Duration::days(self.rng.random_range(0..7000));
            let input = RegistrationInput {
                vendor,
                market: market_id,
                list_number: numbers[k],
                status,
                registered_on,
                // A tvplz holds one place in the demo, what `wants` below asks for too.
                places: (status == RegistrationStatus::Tvplz).then_some(1),
                stalls: stalls.iter().map(|s| self.city.markets[m].stalls[*s].id).collect(),
                products,
            };
            registration::create(self.store, &self.staff.senior, self.setup, &input)?;
            *self.summary.registrations.entry(status.code()).or_default() += 1;
            let pattern = (plan.kind == MarketKind::Daily && self.chance(0.1))
                .then(|| Weekdays::parse_list("di,wo,do,vr,za").unwrap_or_default());
            let absent = self.chance(0.05).then(|| {
                let from = self.start + Duration::days(self.rng.random_range(0..(HISTORY_WEEKS as i64 * 7 - 21)));
                (from, from + Duration::days(self.rng.random_range(6..21)))
            });
            let wants = stalls.len().max(1);
            self.city.markets[m].holders.push(Holder {
                vendor,
                status,
                list_number: numbers[k],
                stalls,
                branch,
                fixed_electricity: electricity,
                pattern,
                absent,
                wants,
                preferred: Vec::new(),
            });
        }
        // Applicants, with list numbers after the fixed holders (and a few gaps from old,
        // withdrawn registrations).
        let mut next = self.city.markets[m].holders.len() as i64 + 1;
        for a in 0..plan.applicants {
            let vendor = self.new_vendor(VendorStatus::Active)?;
            if a % 12 == 5 {
                // An old applicant who left; the number stays on record, voided.
                let input = RegistrationInput {
                    vendor,
                    market: market_id,
                    list_number: next,
                    status: RegistrationStatus::Soll,
                    registered_on: day("2015-01-01") + Duration::days(self.rng.random_range(0..2500)),
                    places: None,
                    stalls: Vec::new(),
                    products: Vec::new(),
                };
                let id = registration::create(self.store, &self.staff.senior, self.setup, &input)?;
                let reason =
                    *self.pick(&["Verhuisd naar een andere gemeente", "Gestopt met de handel", "Op eigen verzoek"]);
                registration::void(self.store, &self.staff.senior, self.setup, id, reason)?;
                *self.summary.registrations.entry("ingetrokken").or_default() += 1;
                next += 1;
                continue;
            }
            let branch = self.branch_for(None, Cooking::None);
            let input = RegistrationInput {
                vendor,
                market: market_id,
                list_number: next,
                status: RegistrationStatus::Soll,
                registered_on: day("2018-01-01") + Duration::days(self.rng.random_range(0..3000)),
                places: None,
                stalls: Vec::new(),
                products: Vec::new(),
            };
            registration::create(self.store, &self.staff.senior, self.setup, &input)?;
            *self.summary.registrations.entry("soll").or_default() += 1;
            next += 1 + i64::from(self.chance(0.1));
            let pattern = self.chance(0.5).then(|| {
                let days: Vec<Weekday> = Weekdays::parse_list(plan.weekdays).unwrap_or_default().iter().collect();
                days.iter().copied().filter(|_| self.rng.random_bool(0.6)).collect::<Weekdays>()
            });
            let preferred: Vec<usize> = if self.chance(0.6) {
                let k = self.rng.random_range(1..5);
                (0..k).map(|_| self.rng.random_range(0..n)).collect::<BTreeSet<_>>().into_iter().collect()
            } else {
                Vec::new()
            };
            let wants = if self.chance(0.25) { 2 } else { 1 };
            self.city.markets[m].holders.push(Holder {
                vendor,
                status: RegistrationStatus::Soll,
                list_number: next,
                stalls: Vec::new(),
                branch,
                fixed_electricity: false,
                pattern: pattern.filter(|p| !p.is_empty()),
                absent: None,
                wants,
                preferred,
            });
        }
        self.preferences_and_attendance(m)
    }

    fn preferences_and_attendance(&mut self, m: usize) -> Result<()> {
        let market_id = self.city.markets[m].id;
        let max = self.city.markets[m].plan.max_per_vendor;
        let (senior, supervisor) = (self.staff.senior.clone(), self.staff.supervisor.clone());
        for h in 0..self.city.markets[m].holders.len() {
            let holder = &self.city.markets[m].holders[h];
            let stalls = &self.city.markets[m].stalls;
            let own: Vec<&CityStall> = holder.stalls.iter().map(|s| &stalls[*s]).collect();
            let input = PreferencesInput {
                vendor: holder.vendor,
                market: market_id,
                branch: Some(self.city.branches[holder.branch]),
                min_stalls: 1,
                max_stalls: (holder.wants as i64).clamp(1, max),
                cooking: own.first().map_or(Cooking::None, |s| s.cooking),
                evi: own.first().is_some_and(|s| s.evi),
                anywhere: holder.preferred.is_empty() || holder.status.is_fixed(),
                stalls: holder.preferred.iter().map(|s| stalls[*s].id).collect(),
            };
            let (vendor, pattern, absent, status) = (holder.vendor, holder.pattern, holder.absent, holder.status);
            registration::set_preferences(self.store, &senior, self.setup, &input)?;
            if let Some(p) = pattern {
                // Set at registration, which may fall on a market day after its cut-off.
                let reason = Some("weekpatroon bij de inschrijving");
                attendance::set_pattern(self.store, &senior, self.setup, vendor, market_id, p, reason)?;
            }
            if let Some((from, until)) = absent {
                let reason = if status.is_fixed() { "Vakantie" } else { "Ziek" };
                let input = AbsenceInput { vendor, market: market_id, from, until, reason: reason.into() };
                attendance::add_absence(self.store, &supervisor, self.setup, &input)?;
            }
            // A third of the fixed holders can send a registered substitute.
            if status.is_fixed() && !self.city.substitutes.contains_key(&vendor) && self.chance(0.33) {
                let sub = self.new_vendor(VendorStatus::SubstituteOnly)?;
                let from = day("2020-01-01") + Duration::days(self.rng.random_range(0..2000));
                vendor::add_substitute(self.store, &senior, self.setup, vendor, sub, from, None)?;
                self.city.substitutes.insert(vendor, sub);
                self.summary.substitutes += 1;
            }
        }
        Ok(())
    }

    /// Vendors without a registration: standwerkers who come now and then, the waiting
    /// list, and removed vendors; up to about 1,500 in all.
    fn other_vendors(&mut self) -> Result<()> {
        for _ in 0..60 {
            let v = self.new_vendor(VendorStatus::Active)?;
            self.city.lot_vendors.push(v);
        }
        for _ in 0..40 {
            self.new_vendor(VendorStatus::Removed)?;
        }
        while self.city.vendors.len() < 1500 {
            self.new_vendor(VendorStatus::Waiting)?;
        }
        Ok(())
    }

    // ── History ──────────────────────────────────────────────────────────────────────────

    fn history(&mut self) -> Result<()> {
        let mut d = self.start;
        while d <= self.today {
            let held: Vec<usize> = (0..self.city.markets.len())
                .filter(|m| {
                    let cm = &self.city.markets[*m];
                    let weekdays = Weekdays::parse_list(cm.plan.weekdays).unwrap_or_default();
                    let in_season = cm.plan.season.is_none_or(|(a, b)| {
                        let md = d.format("%m-%d").to_string();
                        a <= md.as_str() && md.as_str() <= b
                    });
                    weekdays.contains_date(d) && in_season
                })
                .collect();
            let mut issued_today: Vec<(usize, VendorId)> = Vec::new();
            for m in &held {
                let busy: BTreeSet<VendorId> = issued_today.iter().map(|(_, v)| *v).collect();
                let permits = self.market_day(*m, d, &busy)?;
                issued_today.extend(permits.into_iter().map(|v| (*m, v)));
            }
            if held.len() >= 2 && self.chance(0.5) {
                self.double_permit(&held, d, &issued_today)?;
            }
            if d < self.today {
                for m in &held {
                    self.close_day(*m, d)?;
                }
            }
            d = d + Days::new(1);
        }
        Ok(())
    }

    /// Permits, controls, tickets and notes of one market day. Returns who got a permit.
    fn market_day(&mut self, m: usize, d: NaiveDate, busy: &BTreeSet<VendorId>) -> Result<Vec<VendorId>> {
        let market_id = self.city.markets[m].id;
        let supervisor = self.staff.supervisor.clone();
        let day_before = at_local(d - Days::new(1), hm(11, 0));
        // Who comes: fixed holders unless signed off or away; applicants who signed on.
        let mut fixed_present = Vec::new();
        let mut applicants = Vec::new();
        for h in 0..self.city.markets[m].holders.len() {
            let holder = &self.city.markets[m].holders[h];
            if holder.absent.is_some_and(|(a, b)| a <= d && d <= b) {
                continue;
            }
            if let Some(p) = holder.pattern
                && !p.contains_date(d)
            {
                continue;
            }
            let vendor = holder.vendor;
            if holder.status.is_fixed() {
                if self.chance(0.03) {
                    attendance::record(
                        self.store,
                        &supervisor,
                        day_before,
                        &SignOn { vendor, market: market_id, day: d, attends: false, reason: None },
                    )?;
                    self.summary.attendance_records += 1;
                    continue;
                }
                if !self.chance(0.98) {
                    continue; // did not come, without a word
                }
                fixed_present.push(h);
            } else {
                let comes = if self.city.markets[m].holders[h].pattern.is_some() {
                    self.chance(0.85)
                } else {
                    self.chance(0.35)
                };
                if comes {
                    if self.city.markets[m].holders[h].pattern.is_none() {
                        attendance::record(
                            self.store,
                            &supervisor,
                            day_before,
                            &SignOn { vendor, market: market_id, day: d, attends: true, reason: None },
                        )?;
                        self.summary.attendance_records += 1;
                    }
                    applicants.push(h);
                }
            }
        }
        // Stalls: own stalls for fixed holders, free ones for applicants by list number.
        let n = self.city.markets[m].stalls.len();
        let mut taken = vec![false; n];
        for (date, s) in &self.city.markets[m].blocked {
            if *date == d {
                taken[*s] = true;
            }
        }
        let mut standing: Vec<(usize, Vec<usize>)> = Vec::new();
        for h in fixed_present {
            let own: Vec<usize> =
                self.city.markets[m].holders[h].stalls.iter().copied().filter(|s| !taken[*s]).collect();
            for s in &own {
                taken[*s] = true;
            }
            standing.push((h, own));
        }
        applicants.sort_by_key(|h| self.city.markets[m].holders[*h].list_number);
        for h in applicants {
            let holder = &self.city.markets[m].holders[h];
            let wanted = holder.preferred.iter().copied().find(|s| !taken[*s]);
            let stall = wanted.or_else(|| {
                let start = self.rng.random_range(0..n);
                (0..n)
                    .map(|k| (start + k) % n)
                    .find(|s| !taken[*s] && self.city.markets[m].stalls[*s].cooking == Cooking::None)
            });
            let Some(s) = stall else { continue };
            taken[s] = true;
            let mut run = vec![s];
            if holder.wants > 1
                && s + 1 < n
                && !taken[s + 1]
                && self.city.markets[m].stalls[s + 1].row == self.city.markets[m].stalls[s].row
            {
                taken[s + 1] = true;
                run.push(s + 1);
            }
            standing.push((h, run));
        }
        // Standwerkers take what is left, a few a day.
        let mut lot = Vec::new();
        for _ in 0..self.rng.random_range(0..4) {
            let v = *self.pick(&self.city.lot_vendors.clone());
            // One permit a day: a standwerker seen on another market today stays there.
            if let Some(s) = (0..n).find(|s| !taken[*s])
                && !lot.iter().any(|(w, _)| *w == v)
                && !busy.contains(&v)
            {
                taken[s] = true;
                lot.push((v, s));
            }
        }
        // Issue at the counter, from a quarter past seven.
        let mut clock = at_local(d, hm(7, 15));
        let mut permits: Vec<(PermitId, VendorId)> = Vec::new();
        for (h, run) in standing {
            let holder = &self.city.markets[m].holders[h];
            let input = self.permit_input(
                m,
                d,
                holder.vendor,
                holder.status.is_fixed(),
                holder.fixed_electricity,
                &run,
                holder.branch,
            );
            clock += Duration::seconds(self.rng.random_range(15..45));
            let input = self.answered(&supervisor, input)?;
            let id = permit::issue(self.store, &supervisor, clock, &input)?;
            permits.push((id, input.vendor));
        }
        for (v, s) in lot {
            let input = self.permit_input(m, d, v, false, false, &[s], "108-KLED");
            clock += Duration::seconds(self.rng.random_range(15..45));
            let input = self.answered(&supervisor, input)?;
            let id = permit::issue(self.store, &supervisor, clock, &input)?;
            permits.push((id, v));
        }
        self.summary.permits += permits.len();
        self.corrections(m, d, &mut permits, clock)?;
        self.controls_and_tickets(m, d, &permits)?;
        if self.chance(0.3) {
            let text = *self.pick(names::NOTES);
            let id = note::add(self.store, &supervisor, at_local(d, hm(9, 40)), market_id, d, text)?;
            self.summary.notes += 1;
            if d < self.today {
                note::tick(self.store, &supervisor, at_local(d, hm(16, 10)), id, true)?;
            }
        }
        Ok(permits.into_iter().map(|(_, v)| v).collect())
    }

    #[allow(clippy::too_many_arguments)]
    fn permit_input(
        &mut self,
        m: usize,
        d: NaiveDate,
        vendor: VendorId,
        fixed: bool,
        fixed_electricity: bool,
        run: &[usize],
        branch: &str,
    ) -> PermitInput {
        let cm = &self.city.markets[m];
        let market = cm.id;
        let size_key = if cm.plan.stall_size == 4 { "stalls_4m" } else { "stalls_3m" };
        let electricity = run.iter().any(|s| cm.stalls[*s].electricity);
        let numbers: Vec<String> = run.iter().map(|s| cm.stalls[*s].number.clone()).collect();
        let metres: i64 = run.iter().map(|s| cm.stalls[*s].length).sum();
        let mut requested = BTreeMap::new();
        requested.insert(size_key.to_string(), run.len().max(1) as i64);
        if self.chance(0.12) {
            requested.insert("extra_meters".to_string(), self.rng.random_range(1..3));
        }
        if electricity && (fixed_electricity || self.chance(0.6)) {
            requested.insert("electricity".to_string(), 1);
        }
        if branch == "101-AGF" {
            requested.insert("agf".to_string(), metres);
            if self.chance(0.4) {
                requested.insert("island".to_string(), 1);
            }
        }
        let substitute = self.city.substitutes.get(&vendor).copied();
        let (presence, substitute) = match self.rng.random_range(0..1000) {
            0..850 => (Presence::InPerson, None),
            850..900 => (Presence::Partner, None),
            900..960 if substitute.is_some() => (Presence::SubstituteWithPermission, substitute),
            900..960 => (Presence::InPerson, None),
            960..975 => (Presence::SubstituteWithExemption, None),
            975..990 => (Presence::SubstituteWithoutPermission, None),
            _ => (Presence::Absent, None),
        };
        let identified_by = match self.rng.random_range(0..100) {
            0..50 => Identification::Typed,
            50..85 => Identification::Scanned,
            _ => Identification::Searched,
        };
        let payment = match (fixed, self.rng.random_range(0..100)) {
            (true, 0..20) => PaymentMethod::OnAccount,
            (_, 0..60) => PaymentMethod::Pin,
            _ => PaymentMethod::Cash,
        };
        PermitInput {
            market,
            day: d,
            vendor,
            presence,
            substitute,
            identified_by,
            requested,
            stalls: numbers,
            note: String::new(),
            payment,
            override_reason: None,
            confirmed_day: None,
        }
    }

    /// The supervisor counts the drawer at five; now and then a few coins differ.
    fn close_day(&mut self, m: usize, d: NaiveDate) -> Result<()> {
        let supervisor = self.staff.supervisor.clone();
        let market_id = self.city.markets[m].id;
        let expected = day_close::summary(self.store, &supervisor, market_id, d)?.expected_cash();
        let off = if self.chance(0.15) { Cents(*self.pick(&[-500, -200, -50, 50, 100])) } else { Cents::ZERO };
        let counted = if (expected + off).is_negative() { expected } else { expected + off };
        // The reason follows from the difference, so the demo draws nothing more at random.
        let reason = match (counted - expected).0 {
            0 => "",
            x if x < 0 => "wisselgeld te veel teruggegeven",
            _ => "fooi van een klant in de kas gelegd",
        };
        day_close::close(self.store, &supervisor, at_local(d, hm(17, 0)), market_id, d, counted, reason)?;
        self.summary.day_closes += 1;
        Ok(())
    }

    /// The form with the reason a clerk types when the counter finds the permit doubtful: a
    /// standwerker without a registration is the everyday case.
    fn answered(&mut self, actor: &Actor, mut input: PermitInput) -> Result<PermitInput> {
        let warnings = crate::counter::preview(self.store, actor, &input)?.warnings;
        if warnings.iter().any(crate::counter::Warning::needs_reason) {
            let lot_only =
                warnings.iter().all(|w| matches!(w, crate::counter::Warning::NoRegistration) || !w.needs_reason());
            input.override_reason =
                Some(if lot_only { "Standwerker, lot" } else { "Bekend bij het marktbureau" }.to_string());
        }
        Ok(input)
    }

    /// A vendor who stood on one market in the morning gets a second permit elsewhere.
    fn double_permit(&mut self, held: &[usize], d: NaiveDate, issued: &[(usize, VendorId)]) -> Result<()> {
        let candidates: Vec<(usize, VendorId)> =
            issued.iter().copied().filter(|(_, v)| self.city.lot_vendors.contains(v)).collect();
        let Some(&(first, vendor)) = candidates.first() else { return Ok(()) };
        let Some(&other) = held.iter().find(|m| **m != first) else { return Ok(()) };
        let mut input = self.permit_input(other, d, vendor, false, false, &[0], "108-KLED");
        input.stalls = Vec::new();
        input.note = "Standwerker zonder vaste plek".into();
        let first_name = self.city.markets[first].plan.name;
        input.override_reason = Some(format!("'s Ochtends op de {first_name}, 's middags hier"));
        permit::issue(self.store, &self.staff.supervisor.clone(), at_local(d, hm(12, 30)), &input)?;
        self.summary.permits += 1;
        self.summary.double_permits += 1;
        Ok(())
    }

    /// Voids and reissues a few permits; reverses and repays a few payments.
    fn corrections(
        &mut self,
        m: usize,
        d: NaiveDate,
        permits: &mut [(PermitId, VendorId)],
        clock: DateTime<Utc>,
    ) -> Result<()> {
        let supervisor = self.staff.supervisor.clone();
        for entry in permits.iter_mut() {
            let (id, vendor) = *entry;
            if self.chance(0.005) {
                let old = permit::get(self.store, &supervisor, id)?;
                let mut input = self.permit_input(m, d, vendor, old.status.is_fixed(), false, &[], "108-KLED");
                input.stalls = old.stalls.clone();
                input.presence = old.presence;
                input.substitute = old.substitute;
                let extra = input.requested.get("extra_meters").copied().unwrap_or(0) + 1;
                input.requested.insert("extra_meters".into(), extra);
                // The old permit is voided first in the same transaction: its "already a
                // permit today" does not count, the rest of its doubts do.
                input.override_reason = old.override_reason.clone();
                let new = permit::reissue(
                    self.store,
                    &supervisor,
                    clock + Duration::minutes(10),
                    id,
                    "Verkeerd aantal meters",
                    &input,
                )?;
                entry.0 = new;
                self.summary.voided += 1;
            } else if self.chance(0.004) {
                let payments = permit::payments(self.store, &supervisor, id)?;
                if let Some(p) = payments.first().filter(|p| p.amount > Cents::ZERO) {
                    let method = if p.method == PaymentMethod::Pin { PaymentMethod::Cash } else { PaymentMethod::Pin };
                    permit::reverse_payment(
                        self.store,
                        &supervisor,
                        clock + Duration::minutes(5),
                        p.id,
                        "Betaalwijze gewijzigd",
                    )?;
                    permit::pay_open_amount(self.store, &supervisor, clock + Duration::minutes(6), id, method)?;
                    self.summary.reversals += 1;
                }
            }
        }
        Ok(())
    }

    fn controls_and_tickets(&mut self, m: usize, d: NaiveDate, permits: &[(PermitId, VendorId)]) -> Result<()> {
        if permits.is_empty() {
            return Ok(());
        }
        let supervisor = self.staff.supervisor.clone();
        let market_id = self.city.markets[m].id;
        let mut chosen = BTreeSet::new();
        for _ in 0..permits.len().min(10) {
            chosen.insert(self.rng.random_range(0..permits.len()));
        }
        let mut clock = at_local(d, hm(10, 0));
        for k in chosen {
            let (pid, vendor) = permits[k];
            let permit = permit::get(self.store, &supervisor, pid)?;
            if permit.voided.is_some() {
                continue;
            }
            let seen = if self.chance(0.06) {
                *self.pick(&[Presence::SubstituteWithoutPermission, Presence::Absent, Presence::Partner])
            } else {
                permit.presence
            };
            clock += Duration::minutes(self.rng.random_range(2..9));
            // Who stood there when the control found an unknown substitute; from the permit's
            // number, not the random source, so the rest of the demo stays as it was.
            let substitute_name = control::needs_substitute_name(seen, None, &permit)
                .then(|| STRANGERS[usize::try_from(pid.0).unwrap_or(0) % STRANGERS.len()].to_string());
            let input = ControlInput {
                permit: pid,
                round: 1,
                presence: seen,
                substitute: None,
                substitute_name,
                products: BTreeMap::new(),
                note: if seen != permit.presence { "Afwijkend van de vergunning".into() } else { String::new() },
            };
            let control_id = control::record(self.store, &supervisor, clock, &input)?;
            self.summary.controls += 1;
            if self.chance(0.3) {
                let again = ControlInput { round: 2, note: String::new(), ..input.clone() };
                control::record(self.store, &supervisor, clock + Duration::hours(3), &again)?;
                self.summary.controls += 1;
            }
            let violation = match seen {
                Presence::SubstituteWithoutPermission | Presence::Absent if seen != permit.presence => Some("V01"),
                _ if self.chance(0.04) => Some(*self.pick(&["V02", "V03", "V05"])),
                _ => None,
            };
            if let Some(code) = violation {
                let input = TicketInput {
                    market: market_id,
                    day: d,
                    time: crate::time::local(clock).time(),
                    stall: permit.stalls.first().cloned().unwrap_or_default(),
                    vendor: Some(vendor),
                    unknown_person: None,
                    permit: Some(pid),
                    control: Some(control_id),
                    violation_code: code.into(),
                    note: String::new(),
                };
                let id = ticket::create(self.store, &supervisor, clock + Duration::minutes(3), &input)?;
                self.ticket_life(id, d)?;
            }
        }
        Ok(())
    }

    /// Moves a ticket along as the weeks after it went by.
    fn ticket_life(&mut self, id: crate::ids::TicketId, d: NaiveDate) -> Result<()> {
        let (supervisor, senior) = (self.staff.supervisor.clone(), self.staff.senior.clone());
        let at = |days: u64, h: u32| at_local(d + Days::new(days), hm(h, 0));
        let today = self.today;
        let passed = |days: u64| d + Days::new(days) <= today;
        let t = ticket::get(self.store, &supervisor, id)?;
        let status: &'static str = if !passed(1) {
            "draft"
        } else if self.chance(0.05) {
            ticket::transition(
                self.store,
                &senior,
                at(1, 9),
                id,
                TicketStatus::Void,
                Some("Verkeerde ondernemer genoteerd"),
            )?;
            "void"
        } else {
            ticket::transition(self.store, &supervisor, at(1, 9), id, TicketStatus::Issued, None)?;
            if t.decision == TicketDecision::Warning {
                "issued"
            } else if passed(7) && self.chance(0.15) {
                ticket::transition(
                    self.store,
                    &supervisor,
                    at(7, 11),
                    id,
                    TicketStatus::Objection,
                    Some("Bezwaar per brief"),
                )?;
                if passed(21) {
                    if self.chance(0.5) {
                        ticket::transition(
                            self.store,
                            &senior,
                            at(21, 10),
                            id,
                            TicketStatus::Upheld,
                            Some("Bezwaar ongegrond"),
                        )?;
                        "upheld"
                    } else {
                        ticket::transition(
                            self.store,
                            &senior,
                            at(21, 10),
                            id,
                            TicketStatus::Withdrawn,
                            Some("Bezwaar gegrond"),
                        )?;
                        "withdrawn"
                    }
                } else {
                    "objection"
                }
            } else {
                let after = self.rng.random_range(5..28);
                if passed(after) && self.chance(0.75) {
                    let method = *self.pick(&[PaymentMethod::Pin, PaymentMethod::OnAccount, PaymentMethod::Cash]);
                    ticket::pay(self.store, &supervisor, at(after, 14), id, method, t.amount)?;
                    "paid"
                } else {
                    "issued"
                }
            }
        };
        *self.summary.tickets.entry(status).or_default() += 1;
        Ok(())
    }

    /// Sign-ons and sign-offs for tomorrow, so that the allocation has a day to work on.
    fn tomorrow(&mut self) -> Result<()> {
        let d = self.today + Days::new(1);
        let now = at_local(self.today, hm(10, 0));
        let supervisor = self.staff.supervisor.clone();
        for m in 0..self.city.markets.len() {
            let cm = &self.city.markets[m];
            let weekdays = Weekdays::parse_list(cm.plan.weekdays).unwrap_or_default();
            let in_season = cm.plan.season.is_none_or(|(a, b)| {
                let md = d.format("%m-%d").to_string();
                a <= md.as_str() && md.as_str() <= b
            });
            if !weekdays.contains_date(d) || !in_season {
                continue;
            }
            let market_id = cm.id;
            let people: Vec<(VendorId, bool, bool)> =
                cm.holders.iter().map(|h| (h.vendor, h.status.is_fixed(), h.pattern.is_some())).collect();
            for (vendor, fixed, has_pattern) in people {
                if fixed && self.chance(0.04) {
                    attendance::record(
                        self.store,
                        &supervisor,
                        now,
                        &SignOn { vendor, market: market_id, day: d, attends: false, reason: None },
                    )?;
                    self.summary.attendance_records += 1;
                } else if !fixed && !has_pattern && self.chance(0.4) {
                    attendance::record(
                        self.store,
                        &supervisor,
                        now,
                        &SignOn { vendor, market: market_id, day: d, attends: true, reason: None },
                    )?;
                    self.summary.attendance_records += 1;
                }
            }
        }
        Ok(())
    }
}
