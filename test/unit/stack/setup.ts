/** Three EU micro-credentials (5 ECTS, EQF 6 each) for one learner from two universities, one with a revocation entry. */
import { randomUUID } from 'node:crypto'
import {
  generateKeyPair,
  issue,
  type Ed25519KeyPair,
  type MicroCredentialInput,
  type SignedMicroCredential,
} from '../../../src/index.js'
import { createStatusList, publishStatusList, type StatusList } from '../../../src/entries/status.js'
import { euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'

export const LEARNER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
export const LEARNER_EMAIL = 'ada@example.org'
export const OTHER_LEARNER = 'did:example:grace'
export const REVOCATION_URL = 'https://uni-b.example/status/revocation/1'
export const now = new Date('2025-09-01T00:00:00Z')
export const created = '2025-06-30T10:00:00Z'

export interface Cohort {
  uniA: Ed25519KeyPair
  uniB: Ed25519KeyPair
  credentials: SignedMicroCredential[]
  list: StatusList
  /** Publishes the revocation list as it stands; the fetch serves the last published copy. */
  publish: () => Promise<void>
  fetch: ReturnType<typeof serveDocuments>
  /** Signs another credential of university A with the given overrides. */
  issueA: (overrides: Partial<MicroCredentialInput>) => Promise<SignedMicroCredential>
}

export async function cohort(): Promise<Cohort> {
  const [uniA, uniB] = await Promise.all([generateKeyPair(), generateKeyPair()])
  const list = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation' })
  const learner = { id: LEARNER, email: LEARNER_EMAIL, salt: 'c0ffee' }
  // Fresh ids: the fixture input fixes them, and a record or a stack tells credentials and achievements apart by id.
  const ids = () => ({ id: `urn:uuid:${randomUUID()}`, achievementId: `urn:uuid:${randomUUID()}` })
  const issueA = (overrides: Partial<MicroCredentialInput>) =>
    issue(euCredential(uniA, { learner, issued: '2025-06-30T00:00:00Z', ...ids(), ...overrides }), {
      keyPair: uniA,
      created,
    })
  const credentials = [
    await issueA({ title: 'Relational Databases' }),
    await issueA({ title: 'Statistics for Data Science' }),
    await issue(euCredential(uniB, { learner, title: 'Machine Learning', issued: '2025-06-30T00:00:00Z', ...ids() }), {
      keyPair: uniB,
      created,
      status: list,
    }),
  ]
  const published = new Map<string, unknown>()
  const publish = async () => {
    published.set(REVOCATION_URL, await publishStatusList(list, { keyPair: uniB, validFrom: '2025-01-01T00:00:00Z' }))
  }
  await publish()
  return { uniA, uniB, credentials, list, publish, fetch: serveDocuments(published), issueA }
}
