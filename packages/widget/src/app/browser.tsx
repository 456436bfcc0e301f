// Entry of dist/parley-app.js, the ES module the loader imports. It registers how to take
// over the loader's instances (loader/take-over.ts) on the global rather than exporting it:
// an entry with exports would be split by the app build's chunking into a facade module
// that costs one more request on first open.
import { takeOver } from '../loader/take-over.ts'
import { mountApp } from './mount.tsx'

if (window.Parley) window.Parley._app = takeOver(mountApp)
