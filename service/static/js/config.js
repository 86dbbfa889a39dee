// Values the API fixes (service/policy.py MIN_REASON_LENGTH; the pages' list size; the gap
// rules' severities, most urgent first).
export const MIN_REASON = 10;
export const PAGE_SIZE = 25;
export const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 };
