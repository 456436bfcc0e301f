// pg's own value conversion (the text it binds for a JS value), which @types/pg leaves out.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null }
  export default utils
}
