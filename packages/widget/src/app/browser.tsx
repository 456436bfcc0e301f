// Entry of dist/parley-app.js: hands the loader its mount function.
import { mountApp } from './mount.tsx'

window.Parley?._app?.(mountApp)
