/**
 * Mutation test: for a signed EU micro-credential, every single change is rejected. Each leaf (string, number,
 * boolean) is altered and removed, every object gets a new member and every array a new item, and each of
 * these credentials must fail verification. The @context and the proof are part of the credential too.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { verify, type SignedMicroCredential } from '../../../src/index.js'
import { defaultDocumentLoader } from '../../../src/context/loader.js'
import { canonize } from '../../helpers/canonize.js'
import { copy, signedEuCredential } from '../../helpers/credentials.js'

type Path = (string | number)[]
interface Mutation {
  name: string
  apply: (doc: any) => void
}

const now = new Date('2026-01-01T00:00:00Z')

function parentOf(doc: any, path: Path): any {
  return path.slice(0, -1).reduce((node, key) => node[key], doc)
}

/** Every mutation: alter and remove each leaf, add to each object and array. */
function mutations(root: unknown): Mutation[] {
  const out: Mutation[] = []
  const walk = (node: unknown, path: Path): void => {
    const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(root)'
    if (Array.isArray(node)) {
      out.push({
        name: `add an item to ${where}`,
        apply: (doc) => (path.length === 0 ? doc : path.reduce((n, k) => n[k], doc)).push('mutation-added'),
      })
      node.forEach((child, i) => {
        walk(child, [...path, i])
      })
      return
    }
    if (node !== null && typeof node === 'object') {
      out.push({
        name: `add a member to ${where}`,
        apply: (doc) => {
          ;(path.length === 0 ? doc : path.reduce((n, k) => n[k], doc)).mutationAdded = 'x'
        },
      })
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key])
      return
    }
    const key = path[path.length - 1]!
    out.push({
      name: `alter ${where}`,
      apply: (doc) => {
        const parent = parentOf(doc, path)
        const value = parent[key]
        parent[key] = typeof value === 'string' ? `${value}x` : typeof value === 'number' ? value + 1 : !value
      },
    })
    out.push({
      name: `remove ${where}`,
      apply: (doc) => {
        const parent = parentOf(doc, path)
        if (Array.isArray(parent)) parent.splice(key as number, 1)
        else Reflect.deleteProperty(parent, key)
      },
    })
  }
  walk(root, [])
  return out
}

let signed: SignedMicroCredential
let all: Mutation[]

beforeAll(async () => {
  ;({ signed } = await signedEuCredential())
  all = mutations(signed)
})

describe('mutation test on a signed EU micro-credential', () => {
  it('verifies unchanged', async () => {
    expect((await verify(signed, { now })).verified).toBe(true)
  })

  it('covers every leaf, object and array (several hundred mutations)', () => {
    expect(all.length).toBeGreaterThan(400)
    expect(all.some((m) => m.name === 'alter .proof[0].proofValue')).toBe(true)
    expect(all.some((m) => m.name.startsWith('alter .@context[2]'))).toBe(true)
  })

  it(
    'rejects every change to what was signed, at the proof or before it, with a coded reason; a change that leaves the signed statements as they were is flagged',
    { timeout: 300_000 },
    async () => {
      const { proof: _proof, ...unsigned } = signed
      const original = await canonize(unsigned, defaultDocumentLoader)
      const forgeries: string[] = []
      const unflagged: string[] = []
      // A rejection must say why: a failed check with a coded issue, never a crash (ERR_INTERNAL) and never a bare verdict.
      const unexplained: string[] = []
      const crashed: string[] = []
      // And at the proof or before it (the input could not be read as signed): never by a later check alone, which
      // would mean the proof had accepted changed content.
      const notAtTheProof: string[] = []
      let sameStatements = 0
      for (const mutation of all) {
        const doc = copy(signed)
        mutation.apply(doc)
        const report = await verify(doc, { now })
        if (!report.verified) {
          const failed: string[] = report.checks.filter((check) => check.status === 'failed').map((check) => check.id)
          const errors = report.issues.filter((issue) => issue.severity !== 'warning' && failed.includes(issue.check))
          if (failed.length === 0 || errors.length === 0) unexplained.push(mutation.name)
          if (report.issues.some((issue) => issue.code === 'ERR_INTERNAL'))
            crashed.push(`${mutation.name}: ${report.issues.find((issue) => issue.code === 'ERR_INTERNAL')!.message}`)
          if (!failed.some((id) => ['syntax', 'context', 'data-model', 'proof'].includes(id)))
            notAtTheProof.push(`${mutation.name}: ${failed.join(', ')}`)
          continue
        }
        // Accepted: the proof verified, so the RDF statements it signs must be exactly the original ones (a JSON
        // change such as dropping a type its node already has from elsewhere in the graph), and something must say so.
        const { proof: _mutatedProof, ...rest } = doc
        if ((await canonize(rest, defaultDocumentLoader)) !== original) forgeries.push(mutation.name)
        else if (!report.issues.some((issue) => issue.severity === 'warning')) unflagged.push(mutation.name)
        sameStatements++
      }
      expect(forgeries).toEqual([])
      expect(unflagged).toEqual([])
      expect(crashed).toEqual([])
      expect(unexplained).toEqual([])
      expect(notAtTheProof).toEqual([])
      // The rest all fail: only a handful of mutations leave the signed statements unchanged.
      expect(sameStatements).toBeLessThan(5)
    },
  )

  it('rejects every single change under the strict policy', { timeout: 300_000 }, async () => {
    const accepted: string[] = []
    for (const mutation of all) {
      const doc = copy(signed)
      mutation.apply(doc)
      const report = await verify(doc, { now, policy: 'strict' })
      if (report.verified) accepted.push(mutation.name)
    }
    expect(accepted).toEqual([])
  })
})
