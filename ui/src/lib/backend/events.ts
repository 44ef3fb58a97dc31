// Window events the backend raises for the whole app (no Tauri import: http.ts uses them too).

/** A command found the database damaged (the start-up check runs beside the work). */
export const DAMAGED_EVENT = 'marktkantoor:damaged-database';
