// Plain JavaScript on purpose: TypeScript wraps a computed import() in a helper that the
// loader build does not have. Types in import-app.d.ts.
export const importApp = (src) => import(src)
