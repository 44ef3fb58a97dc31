// Placeholder: flows being ported from the mock suite.
export async function serveDeskFlows(ctx) {}
