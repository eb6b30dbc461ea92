import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, verify, createDocumentLoader } from '../../src/index.js'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { copy, signedEuCredential } from '../helpers/credentials.js'
const now = new Date('2026-01-01T00:00:00Z')
describe('exp', () => {
  it.each([
    ['subject id proto', (c: any) => { c.credentialSubject.id = '__proto__' }],
    ['achievement id ctor', (c: any) => { c.credentialSubject.achievement.id = 'constructor' }],
    ['achievement id toString', (c: any) => { c.credentialSubject.achievement.id = 'toString' }],
    ['issuer id ctor', (c: any) => { c.issuer.id = 'constructor' }],
    ['type ctor', (c: any) => { c.credentialSubject.achievement.type = ['Achievement', 'constructor'] }],
    ['alignment targetUrl', (c: any) => { c.credentialSubject.achievement.alignment = [{ type: ['Alignment'], targetName: 'x', targetUrl: 'constructor' }] }],
    ['achievementType', (c: any) => { c.credentialSubject.achievement.achievementType = 'constructor' }],
    ['name', (c: any) => { c.credentialSubject.achievement.name = 'constructor' }],
    ['image id', (c: any) => { c.credentialSubject.achievement.image = { id: '__proto__', type: 'Image' } }],
    ['evidence id', (c: any) => { c.evidence = [{ id: 'hasOwnProperty', type: ['Evidence'] }] }],
  ])('%s', async (_n, mutate) => {
    const { signed } = await signedEuCredential()
    const hostile = copy(signed)
    mutate(hostile)
    const before = Object.getOwnPropertyNames(Object.prototype).length
    const report = await verify(hostile, { now })
    console.log(_n, report.verified, report.issues.map((i) => `${i.check}:${i.code}:${i.path}`).join(' | '))
    const r2 = await verify(JSON.parse(JSON.stringify(hostile)), { now, checks: { } })
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before)
  })
})
