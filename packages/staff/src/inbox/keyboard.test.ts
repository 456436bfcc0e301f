import { describe, expect, it } from 'vitest'
import { commandFor, fieldToLeave, neighbour, SHORTCUTS } from './keyboard.ts'

const key = (value: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers
})

describe('inbox shortcuts', () => {
  it('maps keys outside text fields and leaves fields, modifiers and other keys alone', () => {
    const body = document.body
    expect(commandFor(key('j'), body)).toBe('next')
    expect(commandFor(key('ArrowUp'), body)).toBe('previous')
    expect(commandFor(key('?'), body)).toBe('help')
    expect(commandFor(key('/'), null)).toBe('search')
    for (const tag of ['input', 'textarea', 'select']) expect(commandFor(key('j'), document.createElement(tag))).toBeNull()
    expect(commandFor(key('r', { ctrlKey: true }), body)).toBeNull()
    expect(commandFor(key('x'), body)).toBeNull()
  })

  it('leaves a field on Escape, unless the field used the key (the quick-reply picker)', () => {
    const press = { key: 'Escape', defaultPrevented: false }
    for (const tag of ['input', 'textarea', 'select']) {
      const field = document.createElement(tag)
      expect(fieldToLeave(press, field)).toBe(field)
    }
    expect(fieldToLeave({ ...press, defaultPrevented: true }, document.createElement('input'))).toBeNull()
    expect(fieldToLeave({ key: 'Enter', defaultPrevented: false }, document.createElement('input'))).toBeNull()
    expect(fieldToLeave(press, document.createElement('button'))).toBeNull()
  })

  it('lists every command once in the overlay', () => {
    expect(new Set(SHORTCUTS.map((shortcut) => shortcut.command)).size).toBe(SHORTCUTS.length)
  })

  it('steps through conversations and stays at the ends', () => {
    const ids = ['a', 'b', 'c']
    expect(neighbour(ids, null, 1)).toBe('a')
    expect(neighbour(ids, null, -1)).toBe('c')
    expect(neighbour(ids, 'a', 1)).toBe('b')
    expect(neighbour(ids, 'c', 1)).toBe('c')
    expect(neighbour(ids, 'a', -1)).toBe('a')
    expect(neighbour(ids, 'gone', 1)).toBe('a')
    expect(neighbour([], 'a', 1)).toBeNull()
  })
})
