// async-exit-hook ships no types; this is the one call Parley makes.
declare module 'async-exit-hook' {
  const exitHooks: { unhookEvent(event: string): void }
  export default exitHooks
}
