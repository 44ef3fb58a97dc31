//! Marktkantoor's command layer: the session, the jobs and every command of the UI as a
//! plain function over [`Caller`], with its DTOs. Free of Tauri: the desktop window
//! (`src-tauri`) and the office server (`markt serve`) are thin adapters over
//! [`dispatch`], which takes a command's name and its JSON arguments (the names of
//! `ui/src/lib/backend/api.ts`, camelCase) and answers its JSON.
//!
//! Architecture invariant: no rule here. A command converts, calls the core once through a
//! door of [`Caller`], and converts back; the core checks the role.

pub mod commands;
pub mod contract;
pub mod dto;
pub mod events;
pub mod jobs;
pub mod state;

pub use dto::{AppError, Res};
pub use events::{Event, Events, Nobody};
pub use state::{App, Caller, Config, SessionKey};

/// Calls `$m!` with every command: `name(arg: Type, …) -> Answer = path;`. The one list of
/// the commands; `src-tauri/build.rs` names them again for the window's permissions (a
/// test keeps the two equal).
#[macro_export]
macro_rules! for_each_command {
    ($m:ident) => {
        $m! {
            startup() -> $crate::dto::Startup = $crate::commands::startup;
            create_database(kind: String, admin: Option<$crate::dto::NewAdmin>) -> $crate::dto::Startup = $crate::commands::create_database;
            login(username: String, password: String) -> $crate::dto::Session = $crate::commands::login;
            logout() -> () = $crate::commands::logout;
            session() -> Option<$crate::dto::Session> = $crate::commands::session;
            codes() -> $crate::dto::Codes = $crate::commands::codes;
            today() -> String = $crate::commands::today;
            now() -> String = $crate::commands::now;
            office_day() -> $crate::dto::OfficeDay = $crate::commands::office_day;
            list_markets() -> Vec<$crate::dto::Market> = $crate::commands::list_markets;
            markets_held_on(day: String) -> Vec<i64> = $crate::commands::markets_held_on;
            next_market_day(market_id: i64, from: String, forward: bool, within: u32) -> Option<String> = $crate::commands::next_market_day;
            save_market(id: Option<i64>, input: $crate::dto::MarketInput) -> i64 = $crate::commands::save_market;
            set_market_ended(id: i64, ended: bool) -> () = $crate::commands::set_market_ended;
            market_layout(id: i64, day: String) -> $crate::dto::Layout = $crate::commands::market_layout;
            add_row(market_id: i64, name: String, circular: bool) -> i64 = $crate::commands::add_row;
            update_row(id: i64, name: String, circular: bool) -> () = $crate::commands::update_row;
            save_stall(id: Option<i64>, input: $crate::dto::StallInput) -> i64 = $crate::commands::save_stall;
            add_obstacle(before_stall_id: i64, after_stall_id: i64, kind: String) -> i64 = $crate::commands::add_obstacle;
            remove_obstacle(id: i64) -> () = $crate::commands::remove_obstacle;
            block_stall(stall_id: i64, day: String, reason: String) -> () = $crate::commands::block_stall;
            unblock_stall(stall_id: i64, day: String) -> () = $crate::commands::unblock_stall;
            market_branch_rules(market_id: i64) -> Vec<$crate::dto::MarketBranchRule> = $crate::commands::market_branch_rules;
            set_market_branch_rule(market_id: i64, branch_id: i64, rule: Option<$crate::dto::RuleInput>) -> () = $crate::commands::set_market_branch_rule;
            list_branches() -> Vec<$crate::dto::Branch> = $crate::commands::list_branches;
            save_branch(id: Option<i64>, input: $crate::dto::BranchInput) -> i64 = $crate::commands::save_branch;
            search_vendors(query: String, market_id: Option<i64>, offset: i64, limit: i64) -> $crate::dto::Page<$crate::dto::VendorRow> = $crate::commands::search_vendors;
            vendor_permits(vendor_id: i64, limit: i64) -> $crate::dto::VendorPermits = $crate::commands::vendor_permits;
            get_vendor(id: i64) -> $crate::dto::VendorDetail = $crate::commands::get_vendor;
            save_vendor(id: Option<i64>, input: $crate::dto::VendorInput) -> i64 = $crate::commands::save_vendor;
            add_substitute(vendor_id: i64, substitute: String, from: String, until: Option<String>) -> i64 = $crate::commands::add_substitute;
            end_substitute(id: i64, until: String) -> () = $crate::commands::end_substitute;
            save_registration(id: Option<i64>, input: $crate::dto::RegistrationInput) -> i64 = $crate::commands::save_registration;
            void_registration(id: i64, reason: String) -> () = $crate::commands::void_registration;
            vat_rates() -> Vec<$crate::dto::VatRate> = $crate::commands::vat_rates;
            set_vat_rate(vat: String, from: String, percent: String) -> () = $crate::commands::set_vat_rate;
            tariff_kinds() -> Vec<$crate::dto::TariffKind> = $crate::commands::tariff_kinds;
            save_tariff_kind(id: Option<i64>, input: $crate::dto::TariffKindInput) -> i64 = $crate::commands::save_tariff_kind;
            products() -> Vec<$crate::dto::Product> = $crate::commands::products;
            save_product(id: Option<i64>, input: $crate::dto::ProductInput) -> i64 = $crate::commands::save_product;
            tariff_plans(market_id: i64) -> Vec<$crate::dto::TariffPlan> = $crate::commands::tariff_plans;
            save_tariff_plan(id: Option<i64>, input: $crate::dto::TariffPlanInput) -> i64 = $crate::commands::save_tariff_plan;
            quote(request: $crate::dto::QuoteRequest) -> $crate::dto::Quote = $crate::commands::quote;
            list_accounts() -> Vec<$crate::dto::Account> = $crate::commands::list_accounts;
            create_account(input: $crate::dto::AccountInput) -> i64 = $crate::commands::create_account;
            unlock_account(id: i64) -> () = $crate::commands::unlock_account;
            set_account_role(id: i64, role: String) -> () = $crate::commands::set_account_role;
            set_account_active(id: i64, active: bool) -> () = $crate::commands::set_account_active;
            reset_account_password(id: i64, password: String) -> () = $crate::commands::reset_account_password;
            office_settings() -> $crate::dto::OfficeSettings = $crate::commands::office_settings;
            save_office_settings(input: $crate::dto::OfficeSettings) -> () = $crate::commands::save_office_settings;
            backups() -> Vec<$crate::dto::Backup> = $crate::commands::admin::backups;
            make_backup() -> $crate::dto::Backup = $crate::commands::admin::make_backup;
            check_backup(path: String) -> $crate::dto::BackupCheck = $crate::commands::admin::check_backup;
            restore_backup(path: String) -> $crate::dto::BackupCheck = $crate::commands::admin::restore_backup;
            open_sessions() -> Vec<$crate::dto::OpenSession> = $crate::commands::admin::open_sessions;
            end_session(number: u64) -> () = $crate::commands::admin::end_session;
            audit_log(filter: $crate::dto::AuditFilter, offset: i64, limit: i64) -> $crate::dto::Page<$crate::dto::AuditRow> = $crate::commands::admin::audit_log;
            allocation_day(market_id: i64, day: String, version_id: Option<i64>) -> $crate::dto::allocation::AllocationDay = $crate::commands::allocation::allocation_day;
            run_allocation(market_id: i64, day: String) -> $crate::dto::allocation::VersionRef = $crate::commands::allocation::run_allocation;
            override_allocation(input: $crate::dto::allocation::OverrideInput) -> $crate::dto::allocation::VersionRef = $crate::commands::allocation::override_allocation;
            publish_allocation(id: i64) -> $crate::dto::allocation::VersionRef = $crate::commands::allocation::publish_allocation;
            allocation_since_published(market_id: i64, day: String) -> $crate::dto::allocation::SincePublished = $crate::commands::allocation::allocation_since_published;
            find_vendor(text: String) -> $crate::dto::VendorRow = $crate::commands::counter::find_vendor;
            open_counter(market_id: i64, day: String, vendor_id: i64) -> $crate::dto::Counter = $crate::commands::counter::open_counter;
            preview_permit(form: $crate::dto::PermitForm) -> $crate::dto::PermitPreview = $crate::commands::counter::preview_permit;
            issue_permit(form: $crate::dto::PermitForm) -> $crate::dto::IssuedPermit = $crate::commands::counter::issue_permit;
            get_permit(id: i64) -> $crate::dto::PermitDetail = $crate::commands::counter::get_permit;
            void_permit(id: i64, reason: String) -> () = $crate::commands::counter::void_permit;
            reissue_permit(id: i64, reason: String, form: $crate::dto::PermitForm) -> $crate::dto::IssuedPermit = $crate::commands::counter::reissue_permit;
            reverse_payment(id: i64, reason: String) -> () = $crate::commands::counter::reverse_payment;
            pay_open_amount(permit_id: i64, method: String) -> () = $crate::commands::counter::pay_open_amount;
            day_view(market_id: i64, day: String) -> $crate::dto::DayView = $crate::commands::counter::day_view;
            clerk_day(market_id: i64, day: String) -> $crate::dto::ClerkDay = $crate::commands::counter::clerk_day;
            close_day(market_id: i64, day: String, counted_cash: String, difference_reason: String) -> () = $crate::commands::counter::close_day;
            my_day_close(market_id: i64, day: String) -> Option<$crate::dto::DayClose> = $crate::commands::counter::my_day_close;
            add_note(market_id: i64, day: String, text: String) -> i64 = $crate::commands::counter::add_note;
            tick_note(id: i64, done: bool) -> () = $crate::commands::counter::tick_note;
            attendance_day(market_id: i64, day: String) -> $crate::dto::AttendanceDay = $crate::commands::counter::attendance_day;
            record_attendance(vendor_id: i64, market_id: i64, day: String, attends: bool, reason: Option<String>) -> () = $crate::commands::counter::record_attendance;
            set_pattern(vendor_id: i64, market_id: i64, weekdays: Vec<String>, reason: Option<String>) -> () = $crate::commands::counter::set_pattern;
            absences(vendor_id: i64, market_id: i64) -> Vec<$crate::dto::Absence> = $crate::commands::counter::absences;
            add_absence(vendor_id: i64, market_id: i64, from: String, until: String, reason: String) -> i64 = $crate::commands::counter::add_absence;
            end_absence(id: i64, until: String, reason: Option<String>) -> () = $crate::commands::counter::end_absence;
            remove_absence(id: i64, reason: Option<String>) -> () = $crate::commands::counter::remove_absence;
            cancel_job(job: String) -> bool = $crate::commands::data::cancel_job;
            finance_export(request: $crate::dto::data::FinanceExportRequest, job: String) -> $crate::dto::data::ExportedBatch = $crate::commands::data::finance_export;
            rerun_batch(number: i64, job: String) -> $crate::dto::data::ExportedBatch = $crate::commands::data::rerun_batch;
            finance_batches() -> Vec<$crate::dto::data::BatchDto> = $crate::commands::data::finance_batches;
            finance_period() -> $crate::dto::data::FinancePeriod = $crate::commands::data::finance_period;
            finance_still_running(request: $crate::dto::data::FinanceExportRequest) -> Vec<String> = $crate::commands::data::finance_still_running;
            fine_codes() -> $crate::dto::data::FineCodes = $crate::commands::data::fine_codes;
            set_fine_codes(codes: $crate::dto::data::FineCodes) -> () = $crate::commands::data::set_fine_codes;
            export_list(request: $crate::dto::data::ListExportRequest, job: String) -> $crate::dto::data::ExportedList = $crate::commands::data::export_list;
            run_import(kind: String, bytes: Vec<u8>, dry_run: bool, job: String) -> $crate::dto::data::ImportResult = $crate::commands::data::run_import;
            report_figures(request: $crate::dto::data::ReportRequestDto) -> $crate::dto::data::TableDto = $crate::commands::data::report_figures;
            report_csv(request: $crate::dto::data::ReportRequestDto, dialect: String) -> $crate::dto::data::SavedFile = $crate::commands::data::report_csv;
            report_pdf(request: $crate::dto::data::ReportRequestDto) -> $crate::dto::data::SavedFile = $crate::commands::data::report_pdf;
            open_file(path: String) -> () = $crate::commands::data::open_file;
            open_folder(path: String) -> () = $crate::commands::data::open_folder;
            control_round(market_id: i64, day: String) -> Option<$crate::dto::ControlRound> = $crate::commands::inspections::control_round;
            draw_sample(market_id: i64, day: String) -> $crate::dto::ControlRound = $crate::commands::inspections::draw_sample;
            redraw_sample(market_id: i64, day: String, reason: String) -> $crate::dto::ControlRound = $crate::commands::inspections::redraw_sample;
            record_control(input: $crate::dto::ControlInput) -> i64 = $crate::commands::inspections::record_control;
            controls_of(permit_id: i64) -> Vec<$crate::dto::ControlRec> = $crate::commands::inspections::controls_of;
            vendor_controls(vendor_id: i64) -> Vec<$crate::dto::VendorControl> = $crate::commands::inspections::vendor_controls;
            violations() -> Vec<$crate::dto::Violation> = $crate::commands::inspections::violations;
            add_violation(input: $crate::dto::ViolationInput) -> i64 = $crate::commands::inspections::add_violation;
            end_violation(code: String, from: String) -> () = $crate::commands::inspections::end_violation;
            decide_ticket(vendor_id: Option<i64>, violation_code: String, day: String) -> $crate::dto::Decision = $crate::commands::inspections::decide_ticket;
            create_ticket(input: $crate::dto::TicketInput) -> i64 = $crate::commands::inspections::create_ticket;
            set_ticket_status(id: i64, status: String, reason: Option<String>) -> () = $crate::commands::inspections::set_ticket_status;
            pay_ticket(id: i64, method: String, amount: String) -> () = $crate::commands::inspections::pay_ticket;
            tickets(filter: $crate::dto::TicketFilter) -> Vec<$crate::dto::TicketRow> = $crate::commands::inspections::tickets;
            get_ticket(id: i64) -> $crate::dto::TicketDetail = $crate::commands::inspections::get_ticket;
            add_ticket_photo(id: i64, file_name: String, bytes: Vec<u8>) -> () = $crate::commands::inspections::add_ticket_photo;
            preview_document(request: $crate::dto::print::PrintRequest) -> $crate::dto::print::Printed = $crate::commands::print::preview_document;
            print_document(request: $crate::dto::print::PrintRequest) -> $crate::dto::print::Printed = $crate::commands::print::print_document;
            make_document(request: $crate::dto::print::PrintRequest) -> $crate::dto::print::Printed = $crate::commands::print::make_document;
        }
    };
}

macro_rules! dispatch_table {
    ($($name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty = $path:path;)*) => {
        /// Every command's name, in the table's order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Runs command `name` (see [`dispatch`]).
        fn run_command(caller: &Caller<'_>, name: &str, args: serde_json::Value) -> Res<serde_json::Value> {
            // No arguments may come as null or nothing at all.
            let args = if args.is_null() { serde_json::Value::Object(Default::default()) } else { args };
            match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    #[allow(dead_code)]
                    struct Args { $($arg: $ty),* }
                    let Args { $($arg),* } = serde_json::from_value(args).map_err(|e| bad_arguments(name, e))?;
                    let answer: $answer = $path(caller, $($arg),*)?;
                    serde_json::to_value(answer)
                        .map_err(|e| AppError::new("internal", format!("antwoord van {name}: {e}")))
                })*
                _ => Err(AppError::new("unknown_command", format!("onbekende opdracht ‘{name}’"))),
            }
        }
    };
}

for_each_command!(dispatch_table);

/// Runs command `name` as `caller` with `args`, a JSON object of its arguments by their
/// camelCase names (absent optional ones are null), and answers its JSON. A command that
/// changed what other desks show is announced to every client as a `changed` event.
pub fn dispatch(caller: &Caller<'_>, name: &str, args: serde_json::Value) -> Res<serde_json::Value> {
    let topic = events::topic_of(name).filter(|_| args.get("dryRun") != Some(&serde_json::Value::Bool(true)));
    // The arguments go into the command (an import's file with them: not copied); their
    // market and day are read first, for the event.
    let asked = events::scope_of(&args, &serde_json::Value::Null);
    let answer = run_command(caller, name, args)?;
    if let Some(topic) = topic {
        let answered = events::scope_of(&serde_json::Value::Null, &answer);
        let (market_id, day) = (asked.0.or(answered.0), asked.1.or(answered.1));
        let by = commands::session(caller).ok().flatten().map(|s| s.display_name().to_string()).unwrap_or_default();
        let change = events::Change { topic, command: name.to_string(), market_id, day, by, mine: false };
        caller.emit(Event::changed(&change, caller.session_key()));
    }
    Ok(answer)
}

macro_rules! contract_table {
    ($($name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty = $path:path;)*) => {
        /// Hands every command, its arguments and its answer type to the contract's collector.
        pub(crate) fn describe_commands(c: &mut contract::Collector) {
            $({
                let args = vec![$( c.arg::<$ty>(stringify!($arg)) ),*];
                c.command::<$answer>(stringify!($name), args);
            })*
        }
    };
}

for_each_command!(contract_table);

/// Commands that act on the machine they run on (open a file, print, create the database):
/// right for the desk's own app, wrong for a server that a browser elsewhere talks to.
pub const LOCAL_ONLY: &[&str] = &["create_database", "open_file", "open_folder", "preview_document", "print_document"];

/// Commands a client may call before logging in.
pub const WITHOUT_SESSION: &[&str] = &["startup", "session", "codes", "today", "now"];

fn bad_arguments(command: &str, e: serde_json::Error) -> AppError {
    AppError::new("invalid", format!("de gegevens van {command} kloppen niet: {e}"))
}
