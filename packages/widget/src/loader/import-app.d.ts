/** Runs the app chunk, an ES module, fetched with the loader's own nonce and base URL. */
export declare const importApp: (src: string) => Promise<unknown>
