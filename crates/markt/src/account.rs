//! Accounts, roles and the acting account.
//!
//! Every core function that changes or reads stored data takes an [`Actor`] and calls
//! [`Actor::require`] first: the UI may hide a button or a screen, but only this refuses. An `Actor` is only made by [`login`] (or
//! by creating the first administrator), so a caller cannot invent a role.

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Serialize;

use crate::audit;
use crate::code::Role;
use crate::db::{self, Store, Tx};
use crate::error::{Error, Problem, Result, Validator};
use crate::ids::AccountId;

/// After this many wrong passwords in a row an account is locked until a senior or an
/// administrator unlocks it.
pub const MAX_FAILED_LOGINS: i64 = 9;
pub const MIN_PASSWORD_LEN: usize = 8;

/// Defines [`Action`] with its Dutch labels and [`Action::ALL`] from one list, so that
/// `ALL` (the permissions the app hands to the UI, the role matrix test) cannot miss a
/// variant. A macro rather than a derive crate (strum): the core's `codes!` does the same.
macro_rules! actions {
    ($( $(#[$vmeta:meta])* $variant:ident => $nl:literal, )+) => {
        /// Everything a role may or may not do: every write and every read of the core.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $( $(#[$vmeta])* $variant, )+ }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )+ ];

            pub fn label_nl(self) -> &'static str {
                match self { $( Action::$variant => $nl, )+ }
            }
        }
    };
}

actions! {
    ManageAccounts => "accounts beheren",
    UnlockAccount => "een account deblokkeren",
    EditMarkets => "markten, rijen en plaatsen wijzigen",
    EditBranches => "branches wijzigen",
    BlockStalls => "plaatsen blokkeren",
    EditTariffs => "tarieven, producten en btw wijzigen",
    EditViolations => "de overtredingencatalogus wijzigen",
    EditVendors => "ondernemers en vervangers wijzigen",
    EditRegistrations => "sollicitaties en voorkeuren wijzigen",
    RecordAttendance => "aan- en afmeldingen vastleggen",
    ChangeAttendanceAfterCutoff => "aanmeldingen na de sluitingstijd wijzigen",
    RunAllocation => "de indeling draaien",
    OverrideAllocation => "de indeling handmatig wijzigen",
    PublishAllocation => "de indeling publiceren",
    IssuePermit => "dagvergunningen uitgeven",
    VoidPermit => "dagvergunningen doorhalen",
    ReversePayment => "betalingen terugboeken",
    CloseDay => "de dag afsluiten",
    CorrectClosedDay => "een afgesloten dag corrigeren",
    RecordControl => "controles vastleggen",
    DrawSample => "de steekproef trekken",
    RedrawSample => "de steekproef opnieuw trekken",
    IssueTicket => "bonnen uitschrijven",
    ChangeTicketStatus => "de status van een bon wijzigen",
    VoidTicket => "bonnen laten vervallen",
    RegisterTicketPayment => "betalingen van bonnen vastleggen",
    WriteNote => "notities schrijven",
    ExportFinance => "de financiële export maken",
    MakeBackup => "een back-up maken",
    RestoreBackup => "een back-up terugzetten",
    ViewAuditLog => "het auditlog inzien",
    EditOfficeSettings => "de gegevens van het marktbureau wijzigen",

    /// Markets with their rows, stalls and blocked days, branches, tariffs, products, VAT
    /// and the violation catalogue: what every role, finance too, needs to read.
    ReadMasterData => "markten, plaatsen, branches, tarieven en overtredingen inzien",
    /// Vendors with their e-mail address and phone number, registrations, preferences,
    /// substitutes, attendance and absences, and the figures listed by vendor.
    ReadVendors => "ondernemers met hun contactgegevens, sollicitaties en aanmeldingen inzien",
    /// The work of a market day: allocations, the day view, the counter, permits with their
    /// payments, notes, samples, controls and tickets, and their printed documents.
    ReadMarketDay => "indelingen, dagvergunningen, controles en bonnen inzien",
    /// Money: day closes, the permits of a day (printed) or a period (the list export) with
    /// their amounts and payments but no contacts, the revenue and fines figures.
    ReadFinance => "kasopmaken, dagvergunningenlijsten en de omzet- en boeteoverzichten inzien",
}

impl Action {
    /// The lowest role of the chain admin ⊃ senior ⊃ supervisor that may do this, and
    /// whether finance (outside the chain) may too.
    fn required(self) -> (Role, bool) {
        use Action::*;
        match self {
            ManageAccounts | EditMarkets | EditBranches | EditTariffs | EditViolations | RestoreBackup
            | ViewAuditLog | EditOfficeSettings => (Role::Admin, false),
            UnlockAccount
            | BlockStalls
            | EditVendors
            | EditRegistrations
            | ChangeAttendanceAfterCutoff
            | RunAllocation
            | OverrideAllocation
            | PublishAllocation
            | CorrectClosedDay
            | RedrawSample
            | VoidTicket
            | MakeBackup => (Role::Senior, false),
            RecordAttendance
            | IssuePermit
            | VoidPermit
            | ReversePayment
            | CloseDay
            | RecordControl
            | DrawSample
            | IssueTicket
            | ChangeTicketStatus
            | RegisterTicketPayment
            | WriteNote => (Role::Supervisor, false),
            ExportFinance => (Role::Senior, true),
            ReadVendors | ReadMarketDay => (Role::Supervisor, false),
            ReadMasterData | ReadFinance => (Role::Supervisor, true),
        }
    }

    pub fn allowed(self, role: Role) -> bool {
        let (lowest, finance) = self.required();
        match role {
            Role::Finance => finance,
            _ => rank(role) >= rank(lowest),
        }
    }
}

fn rank(role: Role) -> u8 {
    match role {
        Role::Admin => 3,
        Role::Senior => 2,
        Role::Supervisor => 1,
        Role::Finance => 0,
    }
}

/// The logged-in account on whose behalf the core acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    id: AccountId,
    role: Role,
    username: String,
}

impl Actor {
    pub fn id(&self) -> AccountId {
        self.id
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn may(&self, action: Action) -> bool {
        action.allowed(self.role)
    }

    /// Refuses, with a [`Error::Forbidden`] naming the action, what the role may not do.
    pub fn require(&self, action: Action) -> Result<()> {
        if self.may(action) { Ok(()) } else { Err(Error::Forbidden { action, role: self.role }) }
    }
}

/// An account as stored, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub failed_logins: i64,
}

impl Account {
    pub fn locked(&self) -> bool {
        self.failed_logins >= MAX_FAILED_LOGINS
    }
}

/// The fields of the account form.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// What the audit log keeps of an account: never the password or its hash.
#[derive(Serialize)]
struct AccountAudit<'a> {
    username: &'a str,
    display_name: &'a str,
    role: Role,
}

fn validate(new: &NewAccount) -> Result<()> {
    let mut v = Validator::new();
    v.text("username", &new.username, 40);
    v.check(
        "username",
        new.username.trim().chars().count() >= 2 || new.username.trim().is_empty(),
        Problem::Format,
        "minstens 2 tekens",
    );
    v.check(
        "username",
        new.username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')),
        Problem::Format,
        "alleen letters, cijfers, punt, streepje en liggend streepje",
    );
    v.text("display_name", &new.display_name, 80);
    v.check(
        "password",
        new.password.chars().count() >= MIN_PASSWORD_LEN,
        Problem::Format,
        format!("minstens {MIN_PASSWORD_LEN} tekens"),
    );
    v.finish()
}

fn hash_password<R: Rng + ?Sized>(password: &str, rng: &mut R) -> Result<String> {
    use argon2::PasswordHasher;
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    argon2::Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Conflict(format!("wachtwoord kon niet worden versleuteld: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::PasswordHash::new(hash)
        .map(|parsed| argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A real hash of nothing, to spend on unknown user names the time a real check takes.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        use argon2::PasswordHasher;
        argon2::Argon2::default().hash_password_with_salt(b"-", &[0u8; 16]).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// Creates an account. `rng` salts the password hash (passed in so a seeded demo is
/// reproducible byte for byte).
pub fn create<R: Rng + ?Sized>(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    rng: &mut R,
    new: &NewAccount,
) -> Result<AccountId> {
    actor.require(Action::ManageAccounts)?;
    validate(new)?;
    let hash = hash_password(&new.password, rng)?;
    store.write(|tx| insert(tx, Some(actor.id), now, new, &hash))
}

/// Creates the first administrator of an empty database; refused once any account exists.
pub fn create_first_admin<R: Rng + ?Sized>(
    store: &mut Store,
    now: DateTime<Utc>,
    rng: &mut R,
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<Actor> {
    let new = NewAccount {
        username: username.to_string(),
        display_name: display_name.to_string(),
        role: Role::Admin,
        password: password.to_string(),
    };
    validate(&new)?;
    let hash = hash_password(password, rng)?;
    let id = store.write(|tx| {
        if db::account::count(tx)? > 0 {
            return Err(Error::Conflict("er bestaan al accounts: een beheerder maakt nieuwe accounts aan".into()));
        }
        insert(tx, None, now, &new, &hash)
    })?;
    Ok(Actor { id, role: Role::Admin, username: new.username })
}

fn insert(tx: &Tx<'_>, by: Option<AccountId>, now: DateTime<Utc>, new: &NewAccount, hash: &str) -> Result<AccountId> {
    if db::account::find_by_username(tx, new.username.trim())?.is_some() {
        return Err(Error::invalid("username", Problem::Duplicate, "deze gebruikersnaam bestaat al"));
    }
    let id = db::account::insert(tx, new.username.trim(), new.display_name.trim(), new.role, hash, now)?;
    let after = AccountAudit { username: new.username.trim(), display_name: new.display_name.trim(), role: new.role };
    // The first administrator acts on its own behalf.
    audit::record(tx, by.or(Some(id)), now, "account.create", "account", id, None::<&()>, Some(&after))?;
    Ok(id)
}

/// Logs in. Wrong passwords are counted; the tenth attempt after nine wrong ones is refused
/// even with the right password, until the account is unlocked.
pub fn login(store: &mut Store, username: &str, password: &str, now: DateTime<Utc>) -> Result<Actor> {
    let checked = begin_login(store, username)?.check(password);
    finish_login(store, checked, now)
}

/// A login's first step: the account and its password hash, read. The check of the
/// password (Argon2: the slow part of a login, by design) needs no store, so a server lets
/// the other clients' commands in meanwhile ([`LoginAttempt::check`], then
/// [`finish_login`]).
pub fn begin_login(store: &mut Store, username: &str) -> Result<LoginAttempt> {
    Ok(LoginAttempt { found: store.read(|c| db::account::find_with_hash(c, username.trim()))? })
}

/// An account found (or not) for a login, with its password hash.
pub struct LoginAttempt {
    found: Option<(Account, String)>,
}

/// A login's password checked: what [`finish_login`] stores.
pub struct CheckedLogin {
    found: Option<(Account, String)>,
    right: bool,
}

impl LoginAttempt {
    /// Checks the password against the hash read; touches no store.
    pub fn check(self, password: &str) -> CheckedLogin {
        let right = match &self.found {
            // Same work and the same answer as a wrong password: no hint which names exist.
            None => {
                let _ = verify_password(password, dummy_hash());
                false
            }
            // A locked account is refused unchecked.
            Some((account, _)) if account.locked() => false,
            Some((_, hash)) => verify_password(password, hash),
        };
        CheckedLogin { found: self.found, right }
    }
}

/// A login's last step, in one transaction that reads the account again: a wrong password
/// counts one failure (counted in the database, so two at once count two) and the ninth
/// locks the account; a right one answers the actor. Whatever changed since the first step
/// counts: an account locked or switched off meanwhile is refused, and a password changed
/// meanwhile must be given anew.
pub fn finish_login(store: &mut Store, checked: CheckedLogin, now: DateTime<Utc>) -> Result<Actor> {
    let Some((seen, hash)) = checked.found else { return Err(Error::LoginFailed) };
    // The write commits a failure's count and answers the refusal after it.
    store.write(|tx| {
        let Some((account, hash_now)) = db::account::find_with_hash(tx, &seen.username)? else {
            return Ok(Err(Error::LoginFailed));
        };
        if account.id != seen.id || hash_now != hash {
            return Ok(Err(Error::LoginFailed));
        }
        if account.locked() {
            return Ok(Err(Error::AccountLocked));
        }
        if !checked.right {
            let failed = db::account::add_failed_login(tx, account.id)?;
            let action = if failed >= MAX_FAILED_LOGINS { "account.locked" } else { "account.login_failed" };
            audit::record(tx, Some(account.id), now, action, "account", account.id, None::<&()>, None::<&()>)?;
            return Ok(Err(if failed >= MAX_FAILED_LOGINS { Error::AccountLocked } else { Error::LoginFailed }));
        }
        // Said only to whoever knows the password, so it tells a stranger nothing about names.
        if !account.active {
            return Ok(Err(Error::AccountInactive));
        }
        if account.failed_logins > 0 {
            db::account::set_failed_logins(tx, account.id, 0)?;
        }
        audit::record(tx, Some(account.id), now, "account.login", "account", account.id, None::<&()>, None::<&()>)?;
        Ok(Ok(Actor { id: account.id, role: account.role, username: account.username }))
    })?
}

/// Unlocks an account locked by wrong passwords. A senior unlocks the accounts below an
/// administrator; an administrator's account only an administrator unlocks.
pub fn unlock(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: AccountId) -> Result<()> {
    actor.require(Action::UnlockAccount)?;
    store.write(|tx| {
        let acc = db::account::get(tx, id)?.ok_or_else(|| Error::not_found("account", id))?;
        if acc.role == Role::Admin {
            actor.require(Action::ManageAccounts)?;
        }
        db::account::set_failed_logins(tx, id, 0)?;
        audit::record(tx, Some(actor.id), now, "account.unlock", "account", id, Some(&acc), None::<&()>)
    })
}

/// An administrator ends another client's session on the office server (a tablet left
/// logged in, a desk that was lost): only sessions are the app's, so the core checks the
/// role and keeps the audit row (whose session, from which address); the app then ends it.
pub fn end_session(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    address: Option<&str>,
) -> Result<()> {
    actor.require(Action::ManageAccounts)?;
    store.write(|tx| {
        let acc = db::account::get(tx, id)?.ok_or_else(|| Error::not_found("account", id))?;
        let session = serde_json::json!({ "username": acc.username, "address": address });
        audit::record(tx, Some(actor.id), now, "session.end", "account", id, Some(&session), None::<&()>)
    })
}

/// Refuses a change that leaves no active administrator: someone must be able to manage
/// the accounts (and restore a backup) after it.
fn keep_an_admin(tx: &Tx<'_>, acc: &Account, field: &str, message: &str) -> Result<()> {
    if acc.role == Role::Admin && acc.active && db::account::active_admins(tx)? <= 1 {
        return Err(Error::invalid(field, Problem::Conflict, message));
    }
    Ok(())
}

/// Gives an account another role. The last active administrator keeps hers. The account's
/// sessions hold the old role: the app ends them (`markt_app`), so the new role counts from
/// the next login.
pub fn set_role(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: AccountId, role: Role) -> Result<()> {
    actor.require(Action::ManageAccounts)?;
    store.write(|tx| {
        let before = db::account::get(tx, id)?.ok_or_else(|| Error::not_found("account", id))?;
        if before.role == role {
            return Ok(());
        }
        keep_an_admin(tx, &before, "role", "dit is de laatste actieve beheerder: die houdt de rol beheerder")?;
        db::account::set_role(tx, id, role)?;
        let after = db::account::get(tx, id)?;
        audit::record(tx, Some(actor.id), now, "account.role", "account", id, Some(&before), after.as_ref())
    })
}

/// Switches an account off (it can no longer log in; the app ends its sessions) or on again.
/// The last active administrator cannot be switched off.
pub fn set_active(store: &mut Store, actor: &Actor, now: DateTime<Utc>, id: AccountId, active: bool) -> Result<()> {
    actor.require(Action::ManageAccounts)?;
    store.write(|tx| {
        let before = db::account::get(tx, id)?.ok_or_else(|| Error::not_found("account", id))?;
        if before.active == active {
            return Ok(());
        }
        if !active {
            keep_an_admin(tx, &before, "active", "dit is de laatste actieve beheerder: die kan niet uit")?;
        }
        db::account::set_active(tx, id, active)?;
        let after = db::account::get(tx, id)?;
        let action = if active { "account.reactivate" } else { "account.deactivate" };
        audit::record(tx, Some(actor.id), now, action, "account", id, Some(&before), after.as_ref())
    })
}

/// Sets a new password chosen by an administrator (the schema has no "must change" flag:
/// the administrator tells the clerk, who can ask for another later). The audit row names
/// the account, never the password or its hash. The app ends the account's sessions.
pub fn reset_password<R: Rng + ?Sized>(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    rng: &mut R,
    id: AccountId,
    password: &str,
) -> Result<()> {
    actor.require(Action::ManageAccounts)?;
    let mut v = Validator::new();
    v.check(
        "password",
        password.chars().count() >= MIN_PASSWORD_LEN,
        Problem::Format,
        format!("minstens {MIN_PASSWORD_LEN} tekens"),
    );
    v.finish()?;
    let hash = hash_password(password, rng)?;
    store.write(|tx| {
        let acc = db::account::get(tx, id)?.ok_or_else(|| Error::not_found("account", id))?;
        db::account::set_password_hash(tx, id, &hash)?;
        let who = AccountAudit { username: &acc.username, display_name: &acc.display_name, role: acc.role };
        audit::record(tx, Some(actor.id), now, "account.password_reset", "account", id, None::<&()>, Some(&who))
    })
}

/// The accounts, for whoever may manage or unlock them.
pub fn list(store: &mut Store, actor: &Actor) -> Result<Vec<Account>> {
    actor.require(Action::UnlockAccount)?;
    store.read(db::account::list)
}

/// Whether the database has any account (else the first run sets one up).
pub fn any(store: &mut Store) -> Result<bool> {
    Ok(store.read(db::account::count)? > 0)
}

/// The display name of the logged-in account.
pub fn display_name(store: &mut Store, actor: &Actor) -> Result<String> {
    Ok(store.read(|c| db::account::get(c, actor.id))?.map(|a| a.display_name).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest_and_finance_stands_alone() {
        assert!(Action::EditTariffs.allowed(Role::Admin));
        assert!(!Action::EditTariffs.allowed(Role::Senior));
        assert!(Action::EditVendors.allowed(Role::Admin));
        assert!(Action::EditVendors.allowed(Role::Senior));
        assert!(!Action::EditVendors.allowed(Role::Supervisor));
        assert!(Action::IssuePermit.allowed(Role::Supervisor));
        assert!(!Action::IssuePermit.allowed(Role::Finance));
        assert!(Action::ExportFinance.allowed(Role::Finance));
        assert!(!Action::ExportFinance.allowed(Role::Supervisor));
        for a in Action::ALL {
            // Whatever a supervisor may, a senior may; whatever a senior may, an admin may.
            if a.allowed(Role::Supervisor) {
                assert!(a.allowed(Role::Senior), "{a:?}");
            }
            if a.allowed(Role::Senior) {
                assert!(a.allowed(Role::Admin), "{a:?}");
            }
            // Finance changes nothing but its own export, and reads only master data and money.
            let finance = matches!(a, Action::ExportFinance | Action::ReadMasterData | Action::ReadFinance);
            assert_eq!(a.allowed(Role::Finance), finance, "{a:?}");
        }
    }
}
