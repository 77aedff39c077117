import { expect, it } from 'vitest'
import { parseQuery } from './query.js'

it('turns dotted and bracket keys into objects and repeated keys into arrays', () => {
  expect(parseQuery('tags.id=1&tags%5Bx%5D=2&participantIds=a&participantIds=b&pageSize=3')).toEqual({
    tags: { id: '1', x: '2' },
    participantIds: ['a', 'b'],
    pageSize: '3',
  })
})

it('drops prototype-polluting keys', () => {
  const q = parseQuery('__proto__.admin=1&tags.__proto__=x&constructor.prototype=y')
  expect(Object.keys(q)).toEqual([])
  expect(({} as Record<string, unknown>).admin).toBeUndefined()
})
