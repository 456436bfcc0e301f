/** size-limit's entries, gathered from each package's package.json. */
declare const entries: { name: string; path: string[]; limit: string }[]
export default entries
