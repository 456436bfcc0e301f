// Entry of dist/parley.js (IIFE): the script tag a dealer pastes.
import { install } from './global.ts'
import { importApp } from './import-app.js'

install(document.currentScript as HTMLScriptElement | null, importApp)
