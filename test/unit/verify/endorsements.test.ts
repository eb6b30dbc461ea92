/**
 * The `endorsements` check: EndorsementCredentials embedded in a credential (`endorsement`) or carried as VC-JWTs
 * (`endorsementJwt`) are verified on their own, each report listed in `report.nested` with its path.
 */
import { describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type Ed25519KeyPair,
  type VerificationReport,
} from '../../../src/index.js'
import { copy, euCredential, signBypassingChecks } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'
import { serveDocuments } from '../../helpers/fetch.js'

const now = new Date('2026-01-01T00:00:00Z')
const created = '2025-06-30T10:00:00Z'
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codesAt = (report: VerificationReport, check: string) =>
  report.issues.filter((i) => i.check === check).map((i) => i.code)
const ACHIEVEMENT_ENDORSEMENT = 'credentialSubject.achievement.endorsement[0]'

type Doc = Record<string, any>

/** An unsigned EndorsementCredential (VC 2.0, OB 3.0.3) by `endorser` about `subjectId`. */
function endorsementOf(endorser: Ed25519KeyPair, subjectId: string, overrides: Doc = {}): Doc {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement of the Data Engineering micro-credential',
    issuer: { id: endorser.controller, type: ['Profile'], name: 'Example Accreditation Agency' },
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: subjectId,
      type: ['EndorsementSubject'],
      endorsementComment: 'The programme meets our quality standards.',
    },
    ...overrides,
  }
}

/** Keys of an issuer and an endorser, and the issuer's unsigned EU micro-credential. */
async function parties() {
  const issuerKey = await generateKeyPair()
  const endorserKey = await generateKeyPair()
  const credential: Doc = copy(euCredential(issuerKey))
  return { issuerKey, endorserKey, credential, achievementId: credential.credentialSubject.achievement.id as string }
}

describe('verify(): endorsements of the achievement', () => {
  it('passes a valid endorsement embedded before the issuer signed, and lists its own verified report in report.nested', async () => {
    const { issuerKey, endorserKey, credential, achievementId } = await parties()
    const endorsement = await issue(endorsementOf(endorserKey, achievementId) as never, {
      keyPair: endorserKey,
      created,
    })
    credential.credentialSubject.achievement.endorsement = [endorsement]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['endorsements']).toBe('passed')
    expect(report.verified).toBe(true)
    expect(report.nested).toHaveLength(1)
    const [nested] = report.nested!
    expect(nested!.path).toBe(ACHIEVEMENT_ENDORSEMENT)
    expect(nested!.report.verified).toBe(true)
    expect(nested!.report.credential).toEqual(endorsement)
    expect(statusOf(nested!.report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'passed', validity: 'passed' })
    // the endorsement was signed by the endorser, not by the credential's issuer
    expect(nested!.report.checks.find((c) => c.id === 'issuer-binding')?.reason).toContain(endorserKey.id)
  })

  it('does not count a forged endorsement (its comment changed after the endorser signed): an ERR_ENDORSEMENT_INVALID warning; strict fails it', async () => {
    const { issuerKey, endorserKey, credential, achievementId } = await parties()
    const genuine = await issue(endorsementOf(endorserKey, achievementId) as never, { keyPair: endorserKey, created })
    const forged = copy(genuine)
    forged.credentialSubject.endorsementComment = 'The best programme in Europe.'
    credential.credentialSubject.achievement.endorsement = [forged]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    // The forged endorsement does not count; the credential itself is genuine.
    expect(statusOf(report)['endorsements']).toBe('passed')
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'ERR_ENDORSEMENT_INVALID',
        check: 'endorsements',
        path: ACHIEVEMENT_ENDORSEMENT,
        severity: 'warning',
      }),
    ])
    expect(report.checks.find((c) => c.id === 'endorsements')?.reason).toBe(
      '0 of 1 endorsement verified (the others do not count)',
    )
    expect(statusOf(report)['proof']).toBe('passed')
    expect(statusOf(report)['issuer-binding']).toBe('passed')
    expect(report.verified).toBe(true)
    const strict = await verify(signed, { now, policy: 'strict' })
    expect(statusOf(strict)['endorsements']).toBe('failed')
    expect(strict.verified).toBe(false)

    expect(report.nested?.map((n) => n.path)).toEqual([ACHIEVEMENT_ENDORSEMENT])
    const nested = report.nested![0]!.report
    expect(nested.verified).toBe(false)
    expect(statusOf(nested)['proof']).toBe('failed')
    expect(codesAt(nested, 'proof')).toEqual(['ERR_PROOF_INVALID'])
  })

  it('passes an endorsement carried as a VC-JWT in endorsementJwt', async () => {
    const { issuerKey, endorserKey, credential, achievementId } = await parties()
    const jwt = await issueJwt(endorsementOf(endorserKey, achievementId) as never, { keyPair: endorserKey })
    expect(jwt.split('.')).toHaveLength(3)
    credential.credentialSubject.achievement.endorsementJwt = [jwt]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['endorsements']).toBe('passed')
    expect(report.nested).toHaveLength(1)
    expect(report.nested![0]!.path).toBe('credentialSubject.achievement.endorsementJwt[0]')
    expect(report.nested![0]!.report).toMatchObject({ verified: true, format: 'jwt' })
    expect(report.nested![0]!.report.credential?.['type']).toContain('EndorsementCredential')
  })

  it('fails an endorsement VC-JWT whose payload was altered', async () => {
    const { issuerKey, endorserKey, credential, achievementId } = await parties()
    const jwt = await issueJwt(endorsementOf(endorserKey, achievementId) as never, { keyPair: endorserKey })
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const vcClaims = claims.vc ?? claims
    vcClaims.credentialSubject.endorsementComment = 'Altered.'
    const altered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    credential.credentialSubject.achievement.endorsementJwt = [altered]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'ERR_ENDORSEMENT_INVALID',
        path: 'credentialSubject.achievement.endorsementJwt[0]',
      }),
    ])
    expect(report.nested![0]!.report.verified).toBe(false)
    expect(statusOf(report.nested![0]!.report)['proof']).toBe('failed')
  })

  it('fails an endorsement that has expired (ERR_EXPIRED in its own report)', async () => {
    const { issuerKey, endorserKey, credential, achievementId } = await parties()
    const endorsement = await issue(
      endorsementOf(endorserKey, achievementId, { validUntil: '2025-12-31T00:00:00Z' }) as never,
      { keyPair: endorserKey, created },
    )
    credential.credentialSubject.achievement.endorsement = [endorsement]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'ERR_ENDORSEMENT_INVALID', path: ACHIEVEMENT_ENDORSEMENT }),
    ])
    expect(codesAt(report.nested![0]!.report, 'validity')).toEqual(['ERR_EXPIRED'])
    // before it expired, it was fine
    expect((await verify(signed, { now: new Date('2025-07-01T00:00:00Z') })).verified).toBe(true)
  })

  it('verifies an endorsement of the issuer too, at its own path', async () => {
    const { issuerKey, endorserKey, credential } = await parties()
    const endorsement = await issue(endorsementOf(endorserKey, issuerKey.controller) as never, {
      keyPair: endorserKey,
      created,
    })
    credential.issuer.endorsement = [endorsement]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['endorsements']).toBe('passed')
    expect(report.nested?.map((n) => [n.path, n.report.verified])).toEqual([['issuer.endorsement[0]', true]])
  })
})

describe('verify(): things that are not EndorsementCredentials', () => {
  it('does not count a verified credential of another type embedded as an endorsement (ERR_ENDORSEMENT_INVALID warning)', async () => {
    const { issuerKey, endorserKey, credential } = await parties()
    // A valid, signed micro-credential of the endorser (it verifies on its own), but not an endorsement.
    const notAnEndorsement = await issue(euCredential(endorserKey), { keyPair: endorserKey, created })
    expect((await verify(notAnEndorsement, { now })).verified).toBe(true)
    credential.credentialSubject.achievement.endorsement = [notAnEndorsement]
    // issue() refuses to sign this (the OB schema wants an EndorsementCredential there), so sign it directly.
    const signed = await signBypassingChecks(credential, issuerKey)

    const report = await verify(signed, { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(statusOf(report)['endorsements']).toBe('passed')
    expect(report.issues.filter((i) => i.check === 'endorsements')).toEqual([
      expect.objectContaining({ code: 'ERR_ENDORSEMENT_INVALID', path: ACHIEVEMENT_ENDORSEMENT, severity: 'warning' }),
    ])
    expect(report.nested?.map((n) => [n.path, n.report.verified])).toEqual([[ACHIEVEMENT_ENDORSEMENT, true]])
    // It does not count as an endorsement, and nothing else is wrong with the credential (the schema finding is a warning).
    expect(report.verified).toBe(true)
    expect((await verify(signed, { now, policy: 'strict' })).verified).toBe(false)
  })

  it('does not count a VC-JWT of a credential of another type in endorsementJwt (ERR_ENDORSEMENT_INVALID warning)', async () => {
    const { issuerKey, endorserKey, credential } = await parties()
    const jwt = await issueJwt(euCredential(endorserKey), { keyPair: endorserKey })
    credential.credentialSubject.achievement.endorsementJwt = [jwt]
    const signed = await issue(credential as never, { keyPair: issuerKey, created })

    const report = await verify(signed, { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'ERR_ENDORSEMENT_INVALID',
        check: 'endorsements',
        path: 'credentialSubject.achievement.endorsementJwt[0]',
        severity: 'warning',
      }),
    ])
    expect(report.nested![0]!.report.verified).toBe(true)
  })
})

describe('verify(): a credential without endorsements', () => {
  it('skips the endorsements check, saying why, and lists no nested reports', async () => {
    const { issuerKey, credential } = await parties()
    const signed = await issue(credential as never, { keyPair: issuerKey, created })
    const report = await verify(signed, { now })
    const check = report.checks.find((c) => c.id === 'endorsements')
    expect(check?.status).toBe('skipped')
    expect(check?.reason).toMatch(/no endorsements/)
    expect(report.nested).toBeUndefined()
    expect(report.verified).toBe(true)
  })
})

describe('verify(): 1EdTech validator fixture complete.json (endorsements with the obsolete cryptosuite name eddsa-rdf-2022)', () => {
  const fixture = () => readJson<Doc>('test/vectors/validator-fixtures/ob30/complete.json')
  // Between the fixture's validFrom (2010) and its endorsements' validUntil (2020), so validity plays no part.
  const during = new Date('2015-01-01T00:00:00Z')

  /** Every verificationMethod in the document, grouped by controller (the id before '#'). */
  function controllerDocuments(document: unknown): Map<string, Doc> {
    const ids = new Set<string>()
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node !== null && typeof node === 'object') {
        const record = node as Record<string, unknown>
        if (typeof record['verificationMethod'] === 'string') ids.add(record['verificationMethod'])
        Object.values(record).forEach(walk)
      }
    }
    walk(document)
    const documents = new Map<string, Doc>()
    for (const id of ids) {
      const [controller, multibase] = id.split('#') as [string, string]
      const doc = documents.get(controller) ?? {
        '@context': ['https://www.w3.org/ns/cid/v1', 'https://w3id.org/security/multikey/v1'],
        id: controller,
        verificationMethod: [],
        assertionMethod: [],
      }
      doc.verificationMethod.push({ id, type: 'Multikey', controller, publicKeyMultibase: multibase })
      doc.assertionMethod.push(id)
      documents.set(controller, doc)
    }
    return documents
  }

  // The fixture's 1EdTechRevocationList entry: served as an empty list, so the status check passes and plays no part.
  const served = (documents: Map<string, Doc>) =>
    serveDocuments(
      new Map([
        ...documents,
        [
          'https://1edtech.edu/credentials/3732/revocations',
          { id: 'https://1edtech.edu/credentials/3732/revocations', revokedCredentials: [] },
        ],
      ]),
    )

  const endorsementPaths = [
    'endorsement[0]',
    'issuer.endorsement[0]',
    'credentialSubject.achievement.endorsement[0]',
    'credentialSubject.achievement.creator.endorsement[0]',
    'credentialSubject.achievement.creator.endorsement[1]',
  ]

  it('has five endorsements, all with the obsolete cryptosuite name, and keys of two controllers', () => {
    const doc = fixture()
    const endorsements = [
      doc.endorsement[0],
      doc.issuer.endorsement[0],
      doc.credentialSubject.achievement.endorsement[0],
      ...doc.credentialSubject.achievement.creator.endorsement,
    ]
    expect(endorsements).toHaveLength(5)
    for (const endorsement of endorsements)
      expect(endorsement.proof.map((p: Doc) => p['cryptosuite'])).toEqual(['eddsa-rdf-2022'])
    expect([...controllerDocuments(doc).keys()].sort()).toEqual([
      'https://1edtech.edu/issuers/565049',
      'https://accrediter.edu/issuers/565049',
    ])
  })

  it('verifies, with an ERR_ENDORSEMENT_INVALID warning at each endorsement (none counts); strict fails only the endorsements check', async () => {
    const report = await verify(fixture(), { now: during, fetch: served(controllerDocuments(fixture())) })
    expect(statusOf(report)).toMatchObject({
      syntax: 'passed',
      context: 'passed',
      schema: 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      status: 'passed',
      endorsements: 'passed',
    })
    expect(report.verified).toBe(true)
    expect(report.issues.map((i) => `${i.check}:${i.code}@${i.path}:${i.severity}`)).toEqual(
      endorsementPaths.map((path) => `endorsements:ERR_ENDORSEMENT_INVALID@${path}:warning`),
    )
    const strict = await verify(fixture(), {
      now: during,
      fetch: served(controllerDocuments(fixture())),
      policy: 'strict',
    })
    expect(strict.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['endorsements'])
    expect(strict.verified).toBe(false)
    expect(report.nested?.map((n) => n.path)).toEqual(endorsementPaths)
    for (const { report: nested } of report.nested!) {
      expect(nested.verified).toBe(false)
      expect(statusOf(nested)['proof']).not.toBe('passed')
    }
  })

  it("does not verify any of the endorsements' proofs: each nested report says ERR_PROOF_UNSUPPORTED", async () => {
    const report = await verify(fixture(), { now: during, fetch: served(controllerDocuments(fixture())) })
    expect(report.nested).toHaveLength(endorsementPaths.length)
    for (const { report: nested } of report.nested!) {
      expect(codesAt(nested, 'proof')).toEqual(['ERR_PROOF_UNSUPPORTED'])
    }
  })
})
