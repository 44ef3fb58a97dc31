// Placeholder: flows being ported from the mock suite.
export async function serveInspectionFlows(ctx) {}
