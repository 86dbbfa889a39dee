// Values the API fixes (service/policy.py MIN_REASON_LENGTH; the pages' list size).
export const MIN_REASON = 10;
export const PAGE_SIZE = 25;
