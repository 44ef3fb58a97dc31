// Generates a permission per app command (`allow-<command>`) so that the capability in
// capabilities/main.json can grant exactly the app's own commands and nothing else.
const COMMANDS: &[&str] = &[
    "startup",
    "create_database",
    "login",
    "logout",
    "session",
    "codes",
    "today",
    "list_markets",
    "save_market",
    "set_market_ended",
    "market_layout",
    "add_row",
    "update_row",
    "save_stall",
    "add_obstacle",
    "remove_obstacle",
    "block_stall",
    "unblock_stall",
    "market_branch_rules",
    "set_market_branch_rule",
    "list_branches",
    "save_branch",
    "search_vendors",
    "get_vendor",
    "save_vendor",
    "add_substitute",
    "end_substitute",
    "save_registration",
    "void_registration",
    "vat_rates",
    "set_vat_rate",
    "tariff_kinds",
    "save_tariff_kind",
    "products",
    "save_product",
    "tariff_plans",
    "save_tariff_plan",
    "quote",
    "list_accounts",
    "create_account",
    "unlock_account",
    "preview_document",
    "print_document",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}
