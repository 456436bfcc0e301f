// async-exit-hook ships no types; these are the calls Parley makes.
declare module 'async-exit-hook' {
  const exitHooks: { hookedEvents(): string[]; unhookEvent(event: string): void }
  export default exitHooks
}
