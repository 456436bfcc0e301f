// Entry of dist/parley.js (IIFE): the script tag a dealer pastes.
import { install } from './global.ts'

install(document.currentScript as HTMLScriptElement | null)
