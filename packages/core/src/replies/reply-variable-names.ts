/**
 * The variables a quick reply may use, written `{{customer.name}}`; the database refuses any
 * other when a template is saved and fills these from the conversation when it is rendered.
 * @example `REPLY_VARIABLES.map((name) => `{{${name}}}`) // for an "insert variable" menu`
 */
export const REPLY_VARIABLES = [
  'customer.name',
  'agent.name',
  'claim.number',
  'claim.status',
  'warranty.number',
  'warranty.expiry',
  'dealer.name'
] as const
