/** Databases the global setup prepares once per run; test files clone them. */
export const TEMPLATE = 'parley_template'
export const SEEDED_TEMPLATE = 'parley_template_seeded'
