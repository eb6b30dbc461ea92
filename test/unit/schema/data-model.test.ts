import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Issue } from '../../../src/errors.js'
import {
  credentialDataModelIssues,
  dataModelVersion,
  presentationDataModelIssues,
  type DataModelOptions,
} from '../../../src/schema/data-model.js'
import { jsonFiles, readJson } from '../../helpers/files.js'

type Doc = Record<string, any>
const V2 = 'https://www.w3.org/ns/credentials/v2'
const V1 = 'https://www.w3.org/2018/credentials/v1'
const clone = (value: Doc): Doc => structuredClone(value)
const errors = (issues: Issue[]): Issue[] => issues.filter((issue) => issue.severity !== 'warning')

// VC Data Model 2.0 §4.9, Example 12 (a credential with a validity period).
const credential20: Doc = {
  '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'http://university.example/credentials/3732',
  type: ['VerifiableCredential', 'ExampleDegreeCredential'],
  issuer: 'https://university.example/issuers/14',
  validFrom: '2010-01-01T19:23:24Z',
  validUntil: '2020-01-01T19:23:24Z',
  credentialSubject: {
    id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
    degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' },
  },
}

// VC Data Model 1.1 §4.6, Example 8 (issuanceDate) with §4.8's expirationDate.
const credential11: Doc = {
  '@context': [V1, 'https://www.w3.org/2018/credentials/examples/v1'],
  id: 'http://example.edu/credentials/1872',
  type: ['VerifiableCredential', 'AlumniCredential'],
  issuer: 'https://example.edu/issuers/565049',
  issuanceDate: '2010-01-01T19:23:24Z',
  expirationDate: '2020-01-01T19:23:24Z',
  credentialSubject: {
    id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
    alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' },
  },
  proof: { type: 'RsaSignature2018' },
}

// VC Data Model 2.0 §4.13, Example 25 (abridged proofs).
const presentation20: Doc = {
  '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5',
  type: ['VerifiablePresentation', 'ExamplePresentation'],
  verifiableCredential: [
    { ...clone(credential20), proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' } },
  ],
  proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'authentication' },
}

const VC_JWT =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJ2YyI6e319.0fkQPZOKlD0Sl0A798KBUNMOdGq90McQQIEtKU9tgSd9K1kRcxWVKDXQJcn_FJqLvo2bk793EHk-RTeEL1HyAQ'
const envelopedCredential: Doc = {
  '@context': V2,
  type: 'EnvelopedVerifiableCredential',
  id: `data:application/vc+jwt,${VC_JWT}`,
}

/** Sets an own member, even "__proto__" (which assignment would take as the prototype). */
function ownMember(doc: Doc, key: string, value: unknown): void {
  Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true })
}

function mutated(base: Doc, change: (doc: Doc) => void): Doc {
  const doc = clone(base)
  change(doc)
  return doc
}

/** Expects exactly one ERR_DATA_MODEL issue, at `path`, whose message cites `section`. */
function expectOne(issues: Issue[], path: string, section: string): void {
  expect(issues).toEqual([expect.objectContaining({ code: 'ERR_DATA_MODEL', check: 'data-model', path })])
  expect(issues[0]!.message).toContain(section)
}

describe('dataModelVersion', () => {
  it.each([
    [{ '@context': [V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] }, '2.0'],
    [{ '@context': V2 }, '2.0'],
    [{ '@context': [V1] }, '1.1'],
    [{ '@context': ['https://www.w3.org/ns/credentials/examples/v2', V2] }, undefined],
    [{ '@context': [] }, undefined],
    [{ '@context': 42 }, undefined],
    [{}, undefined],
  ])('reads %j as %s', (document, version) => {
    expect(dataModelVersion(document)).toBe(version)
  })

  it('ignores an inherited @context', () => {
    expect(dataModelVersion(Object.create({ '@context': [V2] }) as Doc)).toBeUndefined()
  })
})

describe('credentialDataModelIssues: VC Data Model 2.0, genuine credentials pass', () => {
  it.each<[string, (doc: Doc) => void]>([
    ['the spec example as is', () => {}],
    [
      'a single type string and a single context string',
      (doc) => {
        doc['@context'] = V2
        doc.type = 'VerifiableCredential'
      },
    ],
    [
      'types in any order, as URLs and terms',
      (doc) => {
        doc.type = [
          'https://example.org/#ExampleCredential2',
          'VerifiableCredential',
          'https://example.org/#ExampleCredential1',
        ]
      },
    ],
    [
      'an inline context object after the base context',
      (doc) => {
        doc['@context'].push({ ExampleDegreeCredential: 'https://example.org/#ExampleDegreeCredential' })
      },
    ],
    [
      'an issuer object with extra members',
      (doc) => {
        doc.issuer = {
          id: 'did:example:76e12ec712ebc6f1c221ebfeb1f',
          type: ['Profile'],
          name: 'Example University',
          image: { id: 'https://example.com/logo.png', type: 'Image' },
        }
      },
    ],
    [
      'a credentialSubject without id',
      (doc) => {
        doc.credentialSubject = { name: 'Alice' }
      },
    ],
    [
      'a credentialSubject with only an id (W3C suite: credential-ok)',
      (doc) => {
        doc.credentialSubject = { id: 'did:example:subject' }
      },
    ],
    [
      'several credential subjects',
      (doc) => {
        doc.credentialSubject = [
          { id: 'did:example:a', spouse: 'did:example:b' },
          { id: 'did:example:b', spouse: 'did:example:a' },
        ]
      },
    ],
    [
      'no validity period at all',
      (doc) => {
        delete doc.validFrom
        delete doc.validUntil
      },
    ],
    [
      'validUntil equal to validFrom',
      (doc) => {
        doc.validUntil = doc.validFrom
      },
    ],
    [
      'a later validUntil written in another time zone (W3C suite: validuntil-tz)',
      (doc) => {
        doc.validFrom = '2023-02-26T01:21:23Z'
        doc.validUntil = '2023-02-25T19:21:29-06:00'
      },
    ],
    [
      'fractional seconds, far-future years and extreme offsets',
      (doc) => {
        doc.validFrom = '2023-02-26T01:02:58.447+14:00'
        doc.validUntil = '40230-02-26T01:02:58.4470-13:59'
      },
    ],
    [
      '24:00:00 and a leap day',
      (doc) => {
        doc.validFrom = '2024-02-29T24:00:00Z'
        doc.validUntil = '2024-03-01T00:00:00.000Z'
      },
    ],
    [
      'no id (it is optional)',
      (doc) => {
        delete doc.id
      },
    ],
    [
      'urn:uuid ids and a DID issuer',
      (doc) => {
        doc.id = 'urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873'
        doc.issuer = 'did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj'
      },
    ],
    [
      'status entries with and without id',
      (doc) => {
        doc.credentialStatus = [
          { id: 'https://example.com/status/3#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
          { type: 'BitstringStatusListEntry' },
        ]
      },
    ],
    [
      'a single credentialSchema object',
      (doc) => {
        doc.credentialSchema = { id: 'https://example.org/examples/degree.json', type: 'JsonSchema' }
      },
    ],
    [
      'refreshService, termsOfUse and evidence with and without ids',
      (doc) => {
        doc.refreshService = {
          type: 'VerifiableCredentialRefreshService2021',
          url: 'https://university.example/workflows/refresh-degree',
        }
        doc.termsOfUse = [
          { type: 'TrustFrameworkPolicy', trustFramework: 'Employment&Life' },
          { id: 'https://example.com/tou/1', type: 'OdrlPolicy2017' },
        ]
        doc.evidence = [
          { id: 'https://videos.example/training/alice-espresso.mp4', type: ['Evidence'] },
          { type: 'Evidence' },
        ]
      },
    ],
    [
      'one proof object, or several',
      (doc) => {
        doc.proof = { type: 'DataIntegrityProof' }
        doc.proof = [{ type: 'DataIntegrityProof' }, { type: 'Ed25519Signature2020' }]
      },
    ],
    [
      'names and descriptions as strings, language value objects and lists (§4.6, §11.1)',
      (doc) => {
        doc.name = [
          { '@value': 'Example University Degree', '@language': 'en', '@direction': 'ltr' },
          { '@value': 'شهادة', '@language': 'ar', '@direction': 'rtl' },
        ]
        doc.description = { '@value': 'A degree' }
        doc.issuer = {
          id: 'did:example:issuer',
          name: 'Example University',
          description: [{ '@value': 'Une université', '@language': 'fr' }, 'A university'],
        }
      },
    ],
    [
      'renderMethod and confidenceMethod with types (§5.10)',
      (doc) => {
        doc.renderMethod = { id: 'https://example.edu/render.svg', type: 'SvgRenderingTemplate' }
        doc.credentialSubject.confidenceMethod = [{ type: 'ExampleConfidenceMethod' }]
      },
    ],
    [
      'ids nested in the subject, and id aliases inside an inline context (not walked)',
      (doc) => {
        doc['@context'].push({ ex: 'https://example.org/#', myId: { '@id': 'ex:myId', '@type': '@id' }, id: '@id' })
        doc.credentialSubject.degree.id = 'https://university.example/degrees/bsa'
      },
    ],
    [
      'an own "__proto__" member (as JSON.parse makes it) holding a valid id',
      (doc) => {
        ownMember(doc, '__proto__', { id: 'urn:x:y', x: 1 })
      },
    ],
  ])('%s', (_name, change) => {
    expect(credentialDataModelIssues(mutated(credential20, change))).toEqual([])
  })
})

describe('credentialDataModelIssues: VC Data Model 2.0 rules, one mutation each', () => {
  it.each<[string, (doc: Doc) => void, string, string]>([
    // §4.3 Contexts
    [
      'no @context',
      (doc) => {
        delete doc['@context']
      },
      '@context',
      '§4.3',
    ],
    [
      'a wrong first context (W3C suite: missing-base-context)',
      (doc) => {
        doc['@context'] = ['https://www.w3.org/ns/credentials/examples/v2']
      },
      '@context[0]',
      '§4.3',
    ],
    [
      'the base context second',
      (doc) => {
        doc['@context'] = ['https://www.w3.org/ns/credentials/examples/v2', V2]
      },
      '@context[0]',
      '§4.3',
    ],
    [
      'an empty @context list',
      (doc) => {
        doc['@context'] = []
      },
      '@context',
      '§4.3',
    ],
    [
      'an @context object',
      (doc) => {
        doc['@context'] = { '@vocab': 'https://example.com/#' }
      },
      '@context',
      '§4.3',
    ],
    [
      'a single wrong context string',
      (doc) => {
        doc['@context'] = 'https://example.com/context'
      },
      '@context',
      '§4.3',
    ],
    [
      'a further context that is not a URL (W3C suite: combo3)',
      (doc) => {
        doc['@context'][1] = 'https ://not-a-url/contexts/example/v1'
      },
      '@context[1]',
      '§4.3',
    ],
    [
      'a further context that is a number (W3C suite: combo4)',
      (doc) => {
        doc['@context'][1] = 123192875
      },
      '@context[1]',
      '§4.3',
    ],
    [
      'a further context that is null',
      (doc) => {
        doc['@context'].push(null)
      },
      '@context[2]',
      '§4.3',
    ],
    [
      'a further context that is a nested list',
      (doc) => {
        doc['@context'].push([V2])
      },
      '@context[2]',
      '§4.3',
    ],
    // §4.4 Identifiers
    [
      'an id that is a list (W3C suite: id-multi)',
      (doc) => {
        doc.id = ['https://example.org/credentials/1', 'https://example.net/credentials/1']
      },
      'id',
      '§4.4',
    ],
    [
      'an id that is null (W3C suite: id-nonidentifier)',
      (doc) => {
        doc.id = null
      },
      'id',
      '§4.4',
    ],
    [
      'an id that is not a URL (W3C suite: id-not-url)',
      (doc) => {
        doc.id = 'https ://not-a-url/vcs/343cf54b'
      },
      'id',
      '§4.4',
    ],
    [
      'a relative id',
      (doc) => {
        doc.id = 'credentials/3732'
      },
      'id',
      '§4.4',
    ],
    [
      'several subject ids (W3C suite: id-subject-multi)',
      (doc) => {
        doc.credentialSubject.id = ['did:example:subject:one', 'did:example:subject:two']
      },
      'credentialSubject.id',
      '§4.4',
    ],
    [
      'a deeply nested id that is not a URL',
      (doc) => {
        doc.credentialSubject.degree.id = 'bsa'
      },
      'credentialSubject.degree.id',
      '§4.4',
    ],
    [
      'an own "__proto__" member holding an id that is not a URL',
      (doc) => {
        ownMember(doc, '__proto__', { id: 'bsa' })
      },
      '__proto__.id',
      '§4.4',
    ],
    [
      'a status id that is a list (W3C suite: status-multiple-id)',
      (doc) => {
        doc.credentialStatus = {
          id: ['did:example:status:1', 'did:example:status:2'],
          type: 'CredentialStatusList2017',
        }
      },
      'credentialStatus.id',
      '§4.4',
    ],
    [
      'a status id that is not a URL (W3C suite: status-nonurl-id)',
      (doc) => {
        doc.credentialStatus = { type: 'CredentialStatusList2017', id: 'https ://not-a-url/statusList/4' }
      },
      'credentialStatus.id',
      '§4.4',
    ],
    [
      'an evidence id that is a number',
      (doc) => {
        doc.evidence = [{ id: 7, type: 'Evidence' }]
      },
      'evidence[0].id',
      '§4.4',
    ],
    // §4.5 Types
    [
      'no type (W3C suite: no-type)',
      (doc) => {
        delete doc.type
      },
      'type',
      '§4.5',
    ],
    [
      'a type without VerifiableCredential (W3C suite: missing-required-type)',
      (doc) => {
        doc.type = ['RelationshipCredential']
      },
      'type',
      '§4.5',
    ],
    [
      'an empty type list',
      (doc) => {
        doc.type = []
      },
      'type',
      '§4.5',
    ],
    [
      'a type that is an object',
      (doc) => {
        doc.type = { name: 'VerifiableCredential' }
      },
      'type',
      '§4.5',
    ],
    [
      'a type entry that is a number',
      (doc) => {
        doc.type = ['VerifiableCredential', 5]
      },
      'type[1]',
      '§4.5',
    ],
    [
      'a type entry that is empty',
      (doc) => {
        doc.type = ['VerifiableCredential', '']
      },
      'type[1]',
      '§4.5',
    ],
    // §4.6 Names and descriptions, §11.1
    [
      'a name language value object with another member (W3C suite: name-extra-prop)',
      (doc) => {
        doc.name = { '@value': 'Example Credential', '@language': 'en', url: 'did:example:credential' }
      },
      'name.url',
      '§11.1',
    ],
    [
      'an issuer description with another member (W3C suite: issuer-description-extra-prop)',
      (doc) => {
        doc.issuer = {
          id: 'did:example:issuer',
          description: { '@value': 'An Example Issuer', '@language': 'en', url: 'did:example:issuer' },
        }
      },
      'issuer.description.url',
      '§11.1',
    ],
    [
      'a name that is a number',
      (doc) => {
        doc.name = 42
      },
      'name',
      '§4.6',
    ],
    [
      'a description list with a number',
      (doc) => {
        doc.description = ['A degree', 7]
      },
      'description[1]',
      '§4.6',
    ],
    [
      'an empty name list',
      (doc) => {
        doc.name = []
      },
      'name',
      '§4.6',
    ],
    [
      'a language value object without @value',
      (doc) => {
        doc.name = { '@language': 'en' }
      },
      'name.@value',
      '§11.1',
    ],
    [
      'a language value object with a number @value',
      (doc) => {
        doc.name = { '@value': 1 }
      },
      'name.@value',
      '§11.1',
    ],
    [
      'an @direction that is not ltr or rtl',
      (doc) => {
        doc.description = { '@value': 'x', '@direction': 'up' }
      },
      'description.@direction',
      '§11.1',
    ],
    [
      'an @language that is not a string',
      (doc) => {
        doc.description = { '@value': 'x', '@language': ['en'] }
      },
      'description.@language',
      '§11.1',
    ],
    // §4.7 Issuer
    [
      'no issuer',
      (doc) => {
        delete doc.issuer
      },
      'issuer',
      '§4.7',
    ],
    [
      'an issuer that is not a URL (W3C suite: issuer-no-url)',
      (doc) => {
        doc.issuer = 'fake-issuer'
      },
      'issuer',
      '§4.7',
    ],
    [
      'a null issuer (W3C suite: issuer-null)',
      (doc) => {
        doc.issuer = null
      },
      'issuer',
      '§4.7',
    ],
    [
      'an issuer list',
      (doc) => {
        doc.issuer = ['https://example.edu/issuers/14', 'https://example.edu/issuers/20']
      },
      'issuer',
      '§4.7',
    ],
    [
      'an issuer object without id',
      (doc) => {
        doc.issuer = { name: 'Example University' }
      },
      'issuer.id',
      '§4.7',
    ],
    [
      'an issuer object whose id is null (W3C suite)',
      (doc) => {
        doc.issuer = { id: null }
      },
      'issuer.id',
      '§4.7',
    ],
    [
      'an issuer object whose id is not a URL (W3C suite)',
      (doc) => {
        doc.issuer = { id: 'fake-issuer' }
      },
      'issuer.id',
      '§4.7',
    ],
    // §4.8 Credential subject
    [
      'no credentialSubject (W3C suite: no-subject)',
      (doc) => {
        delete doc.credentialSubject
      },
      'credentialSubject',
      '§4.8',
    ],
    [
      'an empty credentialSubject (W3C suite: subject-no-claims)',
      (doc) => {
        doc.credentialSubject = {}
      },
      'credentialSubject',
      '§4.8',
    ],
    [
      'an empty second subject (W3C suite: subject-multiple-empty)',
      (doc) => {
        doc.credentialSubject = [{ id: 'did:example:subject' }, {}]
      },
      'credentialSubject[1]',
      '§4.8',
    ],
    [
      'an empty subject list',
      (doc) => {
        doc.credentialSubject = []
      },
      'credentialSubject',
      '§4.8',
    ],
    [
      'a subject that is a string',
      (doc) => {
        doc.credentialSubject = 'did:example:subject'
      },
      'credentialSubject',
      '§4.8',
    ],
    [
      'a subject list with null',
      (doc) => {
        doc.credentialSubject = [{ id: 'did:example:a' }, null]
      },
      'credentialSubject[1]',
      '§4.8',
    ],
    // §4.9 Validity period
    [
      'a validFrom that is not a date (W3C suite: validfrom-invalid)',
      (doc) => {
        doc.validFrom = 'Sat 25 Feb 2023 07:16:31 PM CST'
      },
      'validFrom',
      '§4.9',
    ],
    [
      'a validUntil in RFC 1123 form (W3C suite: validuntil-invalid)',
      (doc) => {
        doc.validUntil = 'Sun, 26 Feb 2023 01:22:14 +0000'
      },
      'validUntil',
      '§4.9',
    ],
    [
      'a validFrom without time zone',
      (doc) => {
        doc.validFrom = '2010-01-01T19:23:24'
      },
      'validFrom',
      '§4.9',
    ],
    [
      'a validFrom that is only a date',
      (doc) => {
        doc.validFrom = '2010-01-01'
      },
      'validFrom',
      '§4.9',
    ],
    [
      'a validFrom on a day that does not exist',
      (doc) => {
        doc.validFrom = '2023-02-29T00:00:00Z'
      },
      'validFrom',
      '§4.9',
    ],
    [
      'a validUntil with a lower-case t and z',
      (doc) => {
        doc.validUntil = '2020-01-01t19:23:24z'
      },
      'validUntil',
      '§4.9',
    ],
    [
      'an offset beyond 14:00',
      (doc) => {
        doc.validUntil = '2020-01-01T19:23:24+14:30'
      },
      'validUntil',
      '§4.9',
    ],
    [
      'a validFrom that is a list',
      (doc) => {
        doc.validFrom = ['2010-01-01T19:23:24Z']
      },
      'validFrom',
      '§4.9',
    ],
    [
      'a validFrom that is a number',
      (doc) => {
        doc.validFrom = 1262373804
      },
      'validFrom',
      '§4.9',
    ],
    [
      'validUntil before validFrom (W3C suite: validUntil-validFrom-fail)',
      (doc) => {
        doc.validFrom = '2030-01-01T00:00:00Z'
        doc.validUntil = '2020-01-01T00:00:00Z'
      },
      'validUntil',
      '§4.9',
    ],
    [
      'validUntil before validFrom once offsets are applied',
      (doc) => {
        doc.validFrom = '2023-01-01T00:00:00-01:00'
        doc.validUntil = '2023-01-01T00:30:00Z'
      },
      'validUntil',
      '§4.9',
    ],
    [
      'validUntil before validFrom by a fraction of a second',
      (doc) => {
        doc.validFrom = '2023-01-01T00:00:00.5Z'
        doc.validUntil = '2023-01-01T00:00:00.45Z'
      },
      'validUntil',
      '§4.9',
    ],
    // §4.10 Status
    [
      'a status without type (W3C suite: status-missing-type)',
      (doc) => {
        doc.credentialStatus = { id: 'did:example:status' }
      },
      'credentialStatus.type',
      '§4.10',
    ],
    [
      'a status type that is a number (W3C suite: status-type-nonurl)',
      (doc) => {
        doc.credentialStatus = { id: 'did:example:status', type: 2 }
      },
      'credentialStatus.type',
      '§4.10',
    ],
    [
      'a second status entry without type',
      (doc) => {
        doc.credentialStatus = [{ type: 'BitstringStatusListEntry' }, { id: 'https://example.com/s#1' }]
      },
      'credentialStatus[1].type',
      '§4.10',
    ],
    [
      'a status that is a string',
      (doc) => {
        doc.credentialStatus = 'https://example.com/status/1'
      },
      'credentialStatus',
      '§4.10',
    ],
    [
      'an empty status list',
      (doc) => {
        doc.credentialStatus = []
      },
      'credentialStatus',
      '§4.10',
    ],
    [
      'a status with an empty type list',
      (doc) => {
        doc.credentialStatus = { type: [] }
      },
      'credentialStatus.type',
      '§4.10',
    ],
    // §4.11 Data schemas
    [
      'a schema without type (W3C suite: schema-no-type)',
      (doc) => {
        doc.credentialSchema = { id: 'did:example:schemas/1' }
      },
      'credentialSchema.type',
      '§4.11',
    ],
    [
      'a schema without id (W3C suite: schema-no-id)',
      (doc) => {
        doc.credentialSchema = { type: 'JsonSchema' }
      },
      'credentialSchema.id',
      '§4.11',
    ],
    [
      'a schema id that is not a URL (W3C suite: schema-non-url-id)',
      (doc) => {
        doc.credentialSchema = { type: 'JsonSchema', id: 'https ://not-a-url.org/cd28a5c0' }
      },
      'credentialSchema.id',
      '§4.11',
    ],
    [
      'a second schema without id',
      (doc) => {
        doc.credentialSchema = [{ type: 'JsonSchema', id: 'https://example.org/a.json' }, { type: 'JsonSchema' }]
      },
      'credentialSchema[1].id',
      '§4.11',
    ],
    // §4.12 Securing mechanisms (a proof names its type: VC Data Integrity §2.1)
    [
      'a proof without type (W3C suite: proof-missing-type)',
      (doc) => {
        doc.proof = { created: '2023-07-28T22:25:05Z', proofPurpose: 'assertionMethod' }
      },
      'proof.type',
      '§4.12',
    ],
    [
      'a second proof without type',
      (doc) => {
        doc.proof = [{ type: 'DataIntegrityProof' }, {}]
      },
      'proof[1].type',
      '§4.12',
    ],
    [
      'a proof that is a string',
      (doc) => {
        doc.proof = 'eyJhbGciOiJFZERTQSJ9..sig'
      },
      'proof',
      '§4.12',
    ],
    // §5.4-5.6
    [
      'a refreshService without type (W3C suite: refresh-no-type)',
      (doc) => {
        doc.refreshService = { id: 'did:example:refresh/1' }
      },
      'refreshService.type',
      '§5.4',
    ],
    [
      'a termsOfUse without type (W3C suite: termsofuse-no-type)',
      (doc) => {
        doc.termsOfUse = { id: 'did:example:terms/1' }
      },
      'termsOfUse.type',
      '§5.5',
    ],
    [
      'an empty termsOfUse (W3C suite: termsofuse-missing-type)',
      (doc) => {
        doc.termsOfUse = {}
      },
      'termsOfUse.type',
      '§5.5',
    ],
    [
      'an empty evidence (W3C suite: evidence-missing-type)',
      (doc) => {
        doc.evidence = {}
      },
      'evidence.type',
      '§5.6',
    ],
    [
      'a second evidence without type',
      (doc) => {
        doc.evidence = [{ type: 'Evidence' }, { id: 'https://example.com/e/2' }]
      },
      'evidence[1].type',
      '§5.6',
    ],
    // §5.10 Reserved extension points
    [
      'a renderMethod without type',
      (doc) => {
        doc.renderMethod = { id: 'https://example.edu/render.svg' }
      },
      'renderMethod.type',
      '§5.10',
    ],
    [
      'a subject confidenceMethod that is a string',
      (doc) => {
        doc.credentialSubject.confidenceMethod = 'https://example.com/cm'
      },
      'credentialSubject.confidenceMethod',
      '§5.10',
    ],
  ])('%s', (_name, change, path, section) => {
    const issues = credentialDataModelIssues(mutated(credential20, change))
    expectOne(issues, path, `VC Data Model 2.0 ${section}`)
  })

  it('reports every broken rule of a non-conforming document, each at its path', () => {
    const issues = credentialDataModelIssues({ type: ['NonconformingDocument'] })
    expect(issues.map((issue) => issue.path)).toEqual(['@context', 'type', 'credentialSubject', 'issuer'])
    expect(issues.every((issue) => issue.code === 'ERR_DATA_MODEL' && issue.check === 'data-model')).toBe(true)
  })

  it('names the rule and section in its message', () => {
    const [issue] = credentialDataModelIssues(
      mutated(credential20, (doc) => {
        doc.issuer = 'Example University'
      }),
    )
    expect(issue!.message).toBe(
      'VC Data Model 2.0 §4.7: issuer must be a URL or an object whose id is a URL, and "Example University" is not a URL',
    )
  })

  it('reports an invalid issuer id once, with the issuer rule (not again as an identifier)', () => {
    const issues = credentialDataModelIssues(
      mutated(credential20, (doc) => {
        doc.issuer = { id: ['did:example:a'] }
      }),
    )
    expectOne(issues, 'issuer.id', '§4.7')
  })

  it('reports both bad dates, and no ordering issue, when neither is a date', () => {
    const issues = credentialDataModelIssues(
      mutated(credential20, (doc) => {
        doc.validFrom = 'FUTURE DATE'
        doc.validUntil = 'PAST DATE'
      }),
    )
    expect(issues.map((issue) => issue.path)).toEqual(['validFrom', 'validUntil'])
  })
})

describe('credentialDataModelIssues: digests on any object (§5.3) and relatedResource', () => {
  const bytes = new TextEncoder().encode('{"$schema":"https://json-schema.org/draft/2020-12/schema"}')
  const schemaUrl = 'https://example.org/examples/degree.json'
  const options: DataModelOptions = {
    resourceDigest: (url, algorithm) =>
      url === schemaUrl ? new Uint8Array(createHash(algorithm).update(bytes).digest()) : undefined,
  }
  const sri = (algorithm: 'sha256' | 'sha384', data: Uint8Array) =>
    `${algorithm}-${createHash(algorithm).update(data).digest('base64')}`

  it('accepts a credentialSchema whose digest matches, and reports one that does not', () => {
    const good = mutated(credential20, (doc) => {
      doc.credentialSchema = { id: schemaUrl, type: 'JsonSchema', digestSRI: sri('sha384', bytes) }
    })
    expect(credentialDataModelIssues(good, options)).toEqual([])
    const bad = mutated(good, (doc) => {
      doc.credentialSchema.digestSRI = sri('sha384', new Uint8Array([1, 2, 3]))
    })
    expect(credentialDataModelIssues(bad, options)).toEqual([
      expect.objectContaining({ code: 'ERR_DIGEST_MISMATCH', path: 'credentialSchema.digestSRI' }),
    ])
  })

  it('checks relatedResource, warning when the resource is not available', () => {
    const doc = mutated(credential20, (d) => {
      d.relatedResource = [
        { id: schemaUrl, digestSRI: sri('sha256', bytes) },
        {
          id: 'https://example.com/image.png',
          mediaType: 'image/png',
          digestMultibase: `u${createHash('sha256').update(bytes).digest('base64url')}`,
        },
      ]
    })
    expect(credentialDataModelIssues(doc, options)).toEqual([
      expect.objectContaining({
        code: 'ERR_RELATED_RESOURCE_UNVERIFIED',
        severity: 'warning',
        path: 'relatedResource[1]',
      }),
    ])
    expect(errors(credentialDataModelIssues(doc, options))).toEqual([])
  })

  it('reports a relatedResource id that is not a URL once', () => {
    const doc = mutated(credential20, (d) => {
      d.relatedResource = [{ id: 'degree.json', digestSRI: sri('sha256', bytes) }]
    })
    expectOne(credentialDataModelIssues(doc, options), 'relatedResource[0].id', '§5.3')
  })

  it('reports a malformed digest on a nested object', () => {
    const doc = mutated(credential20, (d) => {
      d.credentialSubject.degree.image = { id: 'https://example.com/i.png', digestMultibase: 'not-multibase' }
    })
    expectOne(credentialDataModelIssues(doc, options), 'credentialSubject.degree.image.digestMultibase', '§5.3')
  })

  it('asks resourceDigest once per resource and algorithm', () => {
    let calls = 0
    const counting: DataModelOptions = {
      resourceDigest: (url, algorithm) => {
        calls++
        return options.resourceDigest!(url, algorithm)
      },
    }
    const entry = { id: schemaUrl, type: 'JsonSchema', digestSRI: sri('sha384', bytes) }
    credentialDataModelIssues(
      mutated(credential20, (doc) => {
        doc.credentialSchema = [entry, entry, entry]
        doc.relatedResource = { id: schemaUrl, digestSRI: sri('sha384', bytes) }
      }),
      counting,
    )
    expect(calls).toBe(1)
  })
})

describe('credentialDataModelIssues: EnvelopedVerifiableCredential (§4.13.1)', () => {
  it('accepts an envelope with a data: URL id, the base context and its type', () => {
    expect(credentialDataModelIssues(envelopedCredential)).toEqual([])
    expect(
      credentialDataModelIssues({ ...envelopedCredential, '@context': [V2], type: ['EnvelopedVerifiableCredential'] }),
    ).toEqual([])
  })

  it.each<[string, (doc: Doc) => void, string]>([
    [
      'an empty @context',
      (doc) => {
        doc['@context'] = []
      },
      '@context',
    ],
    [
      'an @context without the base context',
      (doc) => {
        doc['@context'] = 'https://www.w3.org/ns/credentials/examples/v2'
      },
      '@context',
    ],
    [
      'no @context',
      (doc) => {
        delete doc['@context']
      },
      '@context',
    ],
    [
      'an id that is not a data: URL',
      (doc) => {
        doc.id = VC_JWT
      },
      'id',
    ],
    [
      'an https id',
      (doc) => {
        doc.id = 'https://example.com/vc.jwt'
      },
      'id',
    ],
    [
      'an extra type',
      (doc) => {
        doc.type = ['EnvelopedVerifiableCredential', 'VerifiableCredential']
      },
      'type',
    ],
    [
      'no type, with a data: URL id',
      (doc) => {
        delete doc.type
      },
      'type',
    ],
    [
      'type VerifiableCredential, with a data: URL id',
      (doc) => {
        doc.type = 'VerifiableCredential'
      },
      'type',
    ],
  ])('reports %s', (_name, change, path) => {
    expectOne(credentialDataModelIssues(mutated(envelopedCredential, change)), path, 'VC Data Model 2.0 §4.13.1')
  })
})

describe('credentialDataModelIssues: VC Data Model 1.1', () => {
  it.each<[string, (doc: Doc) => void]>([
    ['the spec example with expirationDate', () => {}],
    [
      'no expirationDate',
      (doc) => {
        delete doc.expirationDate
      },
    ],
    [
      'dates without time zone (xsd:dateTime)',
      (doc) => {
        doc.issuanceDate = '2010-01-01T19:23:24'
        doc.expirationDate = '2020-01-01T19:23:24.5'
      },
    ],
    [
      'a single type VerifiableCredential (VC-JWT example)',
      (doc) => {
        doc.type = 'VerifiableCredential'
      },
    ],
    [
      'credentialStatus, credentialSchema and refreshService with ids',
      (doc) => {
        doc.credentialStatus = { id: 'https://example.edu/status/24', type: 'CredentialStatusList2017' }
        doc.credentialSchema = [{ id: 'https://example.org/examples/degree.json', type: 'JsonSchemaValidator2018' }]
        doc.refreshService = { id: 'https://example.edu/refresh/3732', type: 'ManualRefreshService2018' }
      },
    ],
    [
      'an object @context item (example-1-object-context)',
      (doc) => {
        doc['@context'].push({ image: { '@id': 'schema:image', '@type': '@id' } })
      },
    ],
    [
      'a name object with other members (no language value object rule in 1.1)',
      (doc) => {
        doc.name = { '@value': 'x', url: 'y' }
      },
    ],
  ])('accepts %s', (_name, change) => {
    expect(credentialDataModelIssues(mutated(credential11, change))).toEqual([])
  })

  it.each<[string, (doc: Doc) => void, string, string]>([
    [
      'an empty @context (example-1-bad-cardinality)',
      (doc) => {
        doc['@context'] = []
      },
      '@context',
      '§4.3',
    ],
    [
      'the base context second (example-1-bad-url)',
      (doc) => {
        doc['@context'] = ['https://www.w3.org/2018/credentials/examples/v1', V1]
      },
      '@context[0]',
      '§4.1',
    ],
    [
      'an id list (example-2-bad-cardinality)',
      (doc) => {
        doc.id = ['http://example.edu/credentials/3731', 'http://example.edu/credentials/3732']
      },
      'id',
      'VC Data Model 1.1 §4.2',
    ],
    [
      'an empty type list (example-3-bad-cardinality)',
      (doc) => {
        doc.type = []
      },
      'type',
      'VC Data Model 1.1 §4.3',
    ],
    [
      'no VerifiableCredential type (example-3-bad-missing-type)',
      (doc) => {
        doc.type = ['UniversityDegreeCredential']
      },
      'type',
      'VC Data Model 1.1 §4.3',
    ],
    [
      'no credentialSubject (example-014-bad-no-credential-subject)',
      (doc) => {
        delete doc.credentialSubject
      },
      'credentialSubject',
      'VC Data Model 1.1 §4.4',
    ],
    [
      'no issuer (example-4-bad-missing-issuer)',
      (doc) => {
        delete doc.issuer
      },
      'issuer',
      'VC Data Model 1.1 §4.5',
    ],
    [
      'an issuer that is not a URI (example-4-bad-issuer-uri)',
      (doc) => {
        doc.issuer = 'example'
      },
      'issuer',
      'VC Data Model 1.1 §4.5',
    ],
    [
      'an issuer list (example-4-bad-issuer-cardinality)',
      (doc) => {
        doc.issuer = ['https://example.edu/issuers/14', 'https://example.edu/issuers/20']
      },
      'issuer',
      'VC Data Model 1.1 §4.5',
    ],
    [
      'no issuanceDate (example-4-bad-missing-issuanceDate)',
      (doc) => {
        delete doc.issuanceDate
      },
      'issuanceDate',
      'VC Data Model 1.1 §4.6',
    ],
    [
      'an issuanceDate that is not a date (example-4-bad-issuanceDate)',
      (doc) => {
        doc.issuanceDate = '01/01/2010'
      },
      'issuanceDate',
      'VC Data Model 1.1 §4.6',
    ],
    [
      'an issuanceDate list (example-4-bad-issuanceDate-cardinality)',
      (doc) => {
        doc.issuanceDate = ['2010-01-01T19:23:24Z', '2010-01-01T19:23:25Z']
      },
      'issuanceDate',
      'VC Data Model 1.1 §4.6',
    ],
    [
      'a proof without type (example-5-bad-proof-missing-type)',
      (doc) => {
        doc.proof = { created: '2017-06-18T21:19:10Z', jws: 'eyJ..x' }
      },
      'proof.type',
      'VC Data Model 1.1 §4.7',
    ],
    [
      'an expirationDate that is not a date (example-6-bad-expirationDate)',
      (doc) => {
        doc.expirationDate = '01/01/2020'
      },
      'expirationDate',
      'VC Data Model 1.1 §4.8',
    ],
    [
      'an expirationDate list (example-6-bad-cardinality)',
      (doc) => {
        doc.expirationDate = ['2020-01-01T19:23:24Z', '2021-01-01T19:23:24Z']
      },
      'expirationDate',
      'VC Data Model 1.1 §4.8',
    ],
    [
      'a status without id (example-7-bad-missing-id)',
      (doc) => {
        doc.credentialStatus = { type: 'CredentialStatusList2017' }
      },
      'credentialStatus.id',
      'VC Data Model 1.1 §4.9',
    ],
    [
      'a status without type (example-7-bad-missing-type)',
      (doc) => {
        doc.credentialStatus = { id: 'https://example.edu/status/24' }
      },
      'credentialStatus.type',
      'VC Data Model 1.1 §4.9',
    ],
    [
      'a schema without id (example-015-zkp-bad-no-credential-schema-id)',
      (doc) => {
        doc.credentialSchema = { type: 'did:example:schema:22KpkXgecryx9k7N6XN1QoN3gXwBkSU8SfyyYQG' }
      },
      'credentialSchema.id',
      'VC Data Model 1.1 §5.4',
    ],
    [
      'a schema without type (example-015-zkp-bad-no-credential-schema-type)',
      (doc) => {
        doc.credentialSchema = { id: 'did:example:cdf:35LB7w9ueWbagPL94T9bMLtyXDj9pX5o' }
      },
      'credentialSchema.type',
      'VC Data Model 1.1 §5.4',
    ],
    [
      'a refreshService without id',
      (doc) => {
        doc.refreshService = { type: 'ManualRefreshService2018' }
      },
      'refreshService.id',
      'VC Data Model 1.1 §5.5',
    ],
    [
      'termsOfUse without type',
      (doc) => {
        doc.termsOfUse = [{ id: 'http://example.com/policies/credential/4' }]
      },
      'termsOfUse[0].type',
      'VC Data Model 1.1 §5.6',
    ],
    [
      'evidence without type',
      (doc) => {
        doc.evidence = [{ id: 'https://example.edu/evidence/1' }]
      },
      'evidence[0].type',
      'VC Data Model 1.1 §5.7',
    ],
    [
      'an empty credentialSubject',
      (doc) => {
        doc.credentialSubject = {}
      },
      'credentialSubject',
      'VC Data Model 1.1 §4.4',
    ],
  ])('reports %s', (_name, change, path, section) => {
    expectOne(credentialDataModelIssues(mutated(credential11, change)), path, section)
  })

  it('differs from 2.0 where the specifications do', () => {
    // 2.0 needs no validFrom; 1.1 needs an issuanceDate.
    expect(
      credentialDataModelIssues(
        mutated(credential20, (doc) => {
          delete doc.validFrom
          delete doc.validUntil
        }),
      ),
    ).toEqual([])
    expect(
      credentialDataModelIssues(
        mutated(credential11, (doc) => {
          delete doc.issuanceDate
        }),
      ),
    ).toHaveLength(1)
    // 2.0 makes the status id optional; 1.1 requires it. The same for refreshService.
    const status = { type: 'CredentialStatusList2017' }
    expect(
      credentialDataModelIssues({
        ...clone(credential20),
        credentialStatus: status,
        refreshService: { type: 'ManualRefreshService2018' },
      }),
    ).toEqual([])
    expect(
      credentialDataModelIssues({ ...clone(credential11), credentialStatus: status }).map((issue) => issue.path),
    ).toEqual(['credentialStatus.id'])
    // 2.0 dateTimeStamp needs a time zone; 1.1 dateTime does not.
    expect(credentialDataModelIssues({ ...clone(credential20), validFrom: '2010-01-01T19:23:24' })).toHaveLength(1)
    expect(credentialDataModelIssues({ ...clone(credential11), issuanceDate: '2010-01-01T19:23:24' })).toEqual([])
    // The 1.1 context with 2.0's members is not a 2.0 credential (validFrom is JSON-LD's concern there, not a rule).
    expect(credentialDataModelIssues({ ...clone(credential11), validFrom: 'not checked in 1.1' })).toEqual([])
  })
})

describe('credentialDataModelIssues: Open Badges 3.0 and CLR 2.0 credentials are VCs', () => {
  const folders = [
    'test/vectors/spec/',
    'test/vectors/validator-fixtures/ob30/',
    'test/vectors/validator-fixtures/clr20/',
    'test/vectors/test-vectors/',
  ]
  const files = folders
    .flatMap((folder) => jsonFiles(folder).map((name) => `${folder}${name}`))
    .filter((file) => !file.includes('-err-') && !/(test-vector|-proof)\.json$/.test(file))

  it('has the vectors to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(25)
  })

  it.each(files)('%s has no data-model issue', (file) => {
    expect(credentialDataModelIssues(readJson(file))).toEqual([])
  })

  it.each([
    ['simple-err-context.json', '@context[0]'],
    ['simple-err-issuer.json', 'issuer'],
  ])('the validator fixture %s breaks the data model at %s', (name, path) => {
    expect(
      credentialDataModelIssues(readJson(`test/vectors/validator-fixtures/ob30/${name}`)).map((issue) => issue.path),
    ).toEqual([path])
  })
})

describe('presentationDataModelIssues: VC Data Model 2.0', () => {
  it.each<[string, (doc: Doc) => void]>([
    ['the spec example', () => {}],
    [
      'the smallest presentation (W3C suite: presentation-ok)',
      (doc) => {
        for (const key of Object.keys(doc)) if (key !== '@context' && key !== 'type') Reflect.deleteProperty(doc, key)
        doc.type = 'VerifiablePresentation'
      },
    ],
    [
      'a holder URL and a holder object (W3C suite: holder-ok, holder-object-ok)',
      (doc) => {
        doc.holder = { id: 'did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj', name: 'Pat' }
      },
    ],
    [
      'an enveloped credential (W3C suite: presentation-enveloped-vc-ok)',
      (doc) => {
        doc.verifiableCredential = [clone(envelopedCredential)]
      },
    ],
    [
      'a single credential object',
      (doc) => {
        doc.verifiableCredential = doc.verifiableCredential[0]
      },
    ],
    [
      'a self-asserted credential without proof, issuer = holder (W3C suite: self-asserted-vc-ok)',
      (doc) => {
        doc.holder = 'did:example:alice'
        doc.verifiableCredential.push({
          '@context': [V2],
          type: ['VerifiableCredential'],
          issuer: { id: 'did:example:alice' },
          credentialSubject: { id: 'did:example:alice', name: 'Alice' },
        })
      },
    ],
    [
      'termsOfUse and refreshService with types',
      (doc) => {
        doc.termsOfUse = { type: 'HolderPolicy' }
        doc.refreshService = { type: 'ExampleRefresh' }
      },
    ],
  ])('accepts %s', (_name, change) => {
    expect(presentationDataModelIssues(mutated(presentation20, change))).toEqual([])
  })

  it.each<[string, (doc: Doc) => void, string, string]>([
    [
      'no @context (W3C suite: presentation-no-context)',
      (doc) => {
        delete doc['@context']
      },
      '@context',
      '§4.3',
    ],
    [
      'a context object first (W3C suite: presentation-context-order)',
      (doc) => {
        doc['@context'] = [{ ExamplePresentation: 'https://example.org/#ExamplePresentation' }, V2]
      },
      '@context[0]',
      '§4.3',
    ],
    [
      'no base context (W3C suite: presentation-missing-base-context)',
      (doc) => {
        doc['@context'] = ['https://www.w3.org/ns/credentials/examples/v2']
      },
      '@context[0]',
      '§4.3',
    ],
    [
      'a further context that is not a URL',
      (doc) => {
        doc['@context'][1] = 'https ://not-a-url/contexts/example/v1'
      },
      '@context[1]',
      '§4.3',
    ],
    [
      'no type (W3C suite: presentation-no-type)',
      (doc) => {
        delete doc.type
      },
      'type',
      '§4.5',
    ],
    [
      'no VerifiablePresentation type (W3C suite: missing-required-type)',
      (doc) => {
        doc.type = ['CredentialManagerPresentation']
      },
      'type',
      '§4.5',
    ],
    [
      'an id that is not a URL',
      (doc) => {
        doc.id = '3978344f'
      },
      'id',
      '§4.4',
    ],
    [
      'a holder that is not a URL (W3C suite: presentation-holder-fail)',
      (doc) => {
        doc.holder = 'z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj'
      },
      'holder',
      '§4.13',
    ],
    [
      'a holder object without id (W3C suite: presentation-holder-name-fail)',
      (doc) => {
        doc.holder = { name: 'Acme' }
      },
      'holder.id',
      '§4.13',
    ],
    [
      'a holder object whose id is not a URL (W3C suite: holder-object-fail)',
      (doc) => {
        doc.holder = { id: 'z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj' }
      },
      'holder.id',
      '§4.13',
    ],
    [
      'a holder list',
      (doc) => {
        doc.holder = ['did:example:a']
      },
      'holder',
      '§4.13',
    ],
    [
      'a VC-JWT string (W3C suite: presentation-vc-as-string-fail)',
      (doc) => {
        doc.verifiableCredential = [VC_JWT]
      },
      'verifiableCredential[0]',
      '§4.13',
    ],
    [
      'a null credential',
      (doc) => {
        doc.verifiableCredential.push(null)
      },
      'verifiableCredential[1]',
      '§4.13',
    ],
    [
      'a URL credential',
      (doc) => {
        doc.verifiableCredential = 'https://example.com/vc/1'
      },
      'verifiableCredential',
      '§4.13',
    ],
    [
      'an empty credential list',
      (doc) => {
        doc.verifiableCredential = []
      },
      'verifiableCredential',
      '§4.13',
    ],
    [
      'an enveloped credential without type (W3C suite: presentation-enveloped-vc-missing-type)',
      (doc) => {
        doc.verifiableCredential = [{ '@context': V2, id: `data:application/vc-ld+jwt,${VC_JWT}` }]
      },
      'verifiableCredential[0].type',
      '§4.13.1',
    ],
    [
      'an enveloped credential whose id is not a data: URL',
      (doc) => {
        doc.verifiableCredential = [{ ...envelopedCredential, id: VC_JWT }]
      },
      'verifiableCredential[0].id',
      '§4.13.1',
    ],
    [
      'an enveloped credential without @context',
      (doc) => {
        const { '@context': _, ...rest } = envelopedCredential
        doc.verifiableCredential = [rest]
      },
      'verifiableCredential[0].@context',
      '§4.13.1',
    ],
    [
      'a credential without proof and no holder (W3C suite: self-asserted-vc-no-holder)',
      (doc) => {
        delete doc.verifiableCredential[0].proof
      },
      'holder',
      '§4.13.4',
    ],
    [
      'a credential without proof whose issuer is not the holder (W3C suite: self-asserted-vc-issuer-mismatch)',
      (doc) => {
        delete doc.verifiableCredential[0].proof
        doc.holder = 'did:example:alice'
      },
      'verifiableCredential[0].issuer',
      '§4.13.4',
    ],
    [
      'a proof without type',
      (doc) => {
        doc.proof = [{ type: 'DataIntegrityProof' }, { proofPurpose: 'authentication' }]
      },
      'proof[1].type',
      '§4.12',
    ],
    [
      'a termsOfUse without type',
      (doc) => {
        doc.termsOfUse = { id: 'https://example.com/tou' }
      },
      'termsOfUse.type',
      '§5.5',
    ],
  ])('reports %s', (_name, change, path, section) => {
    expectOne(presentationDataModelIssues(mutated(presentation20, change)), path, `VC Data Model 2.0 ${section}`)
  })

  it('leaves the credentials inside to their own check (an inner credential without type is not reported here)', () => {
    const doc = mutated(presentation20, (d) => {
      d.verifiableCredential[0].type = []
      d.verifiableCredential[0].issuer = 'not a url'
    })
    expect(presentationDataModelIssues(doc)).toEqual([])
  })

  const envelopedPresentation: Doc = {
    '@context': V2,
    type: 'EnvelopedVerifiablePresentation',
    id: `data:application/vp+jwt,${VC_JWT}`,
  }
  it('accepts an EnvelopedVerifiablePresentation (§4.13.2) and reports a broken one', () => {
    expect(presentationDataModelIssues(envelopedPresentation)).toEqual([])
    expectOne(presentationDataModelIssues({ ...envelopedPresentation, '@context': [] }), '@context', '§4.13.2')
    expectOne(
      presentationDataModelIssues({
        ...envelopedPresentation,
        '@context': ['https://www.w3.org/ns/credentials/examples/v2'],
      }),
      '@context',
      '§4.13.2',
    )
    expectOne(presentationDataModelIssues({ ...envelopedPresentation, id: VC_JWT }), 'id', '§4.13.2')
    expectOne(
      presentationDataModelIssues({ ...envelopedPresentation, type: ['VerifiablePresentation'] }),
      'type',
      '§4.13.2',
    )
  })
})

describe('presentationDataModelIssues: VC Data Model 1.1', () => {
  // VC Data Model 1.1 §4.10, Example 20 (abridged).
  const presentation11: Doc = {
    '@context': [V1, 'https://www.w3.org/2018/credentials/examples/v1'],
    id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5',
    type: ['VerifiablePresentation', 'CredentialManagerPresentation'],
    verifiableCredential: [clone(credential11)],
    proof: [{ type: 'RsaSignature2018' }],
  }

  it.each<[string, (doc: Doc) => void]>([
    ['the spec example (example-8)', () => {}],
    [
      'VC-JWT strings, and a holder (example-016-jwt-presentation)',
      (doc) => {
        doc.verifiableCredential = [VC_JWT]
        doc.holder = 'did:example:ebfeb1f712ebc6f1c276e12ec21'
      },
    ],
    [
      'no verifiableCredential (example-017)',
      (doc) => {
        delete doc.verifiableCredential
      },
    ],
    [
      'a credential without proof (no self-asserted rule in 1.1)',
      (doc) => {
        delete doc.verifiableCredential[0].proof
      },
    ],
  ])('accepts %s', (_name, change) => {
    expect(presentationDataModelIssues(mutated(presentation11, change))).toEqual([])
  })

  it.each<[string, (doc: Doc) => void, string, string]>([
    [
      'a proof without type (example-8-bad-missing-proof-type)',
      (doc) => {
        doc.proof = [{}]
      },
      'proof[0].type',
      'VC Data Model 1.1 §4.7',
    ],
    [
      'no VerifiablePresentation type (example-8-bad-type)',
      (doc) => {
        doc.type = ['VerifiablePreso']
      },
      'type',
      'VC Data Model 1.1 §4.3',
    ],
    [
      'a credential that is a number',
      (doc) => {
        doc.verifiableCredential = [42]
      },
      'verifiableCredential[0]',
      'VC Data Model 1.1 §4.10',
    ],
    [
      'an empty credential list',
      (doc) => {
        doc.verifiableCredential = []
      },
      'verifiableCredential',
      'VC Data Model 1.1 §4.10',
    ],
  ])('reports %s', (_name, change, path, section) => {
    expectOne(presentationDataModelIssues(mutated(presentation11, change)), path, section)
  })
})

describe('hostile inputs', () => {
  const odd: unknown[] = [
    null,
    0,
    -1,
    1e308,
    Number.NaN,
    true,
    '',
    ' ',
    'x'.repeat(100_000),
    [],
    [null],
    [[[]]],
    {},
    { id: {} },
    { type: [{}] },
    JSON.parse('{"__proto__": {"id": 1, "type": null}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    { '@value': null, '@language': {} },
    ['did:example:a', 42, { id: null }],
    { digestSRI: ['sha256-', null], digestMultibase: {} },
  ]
  const members = [
    '@context',
    'id',
    'type',
    'issuer',
    'credentialSubject',
    'validFrom',
    'validUntil',
    'issuanceDate',
    'expirationDate',
    'name',
    'description',
    'credentialStatus',
    'credentialSchema',
    'refreshService',
    'termsOfUse',
    'evidence',
    'proof',
    'relatedResource',
    'renderMethod',
    'holder',
    'verifiableCredential',
    '__proto__',
  ]

  it('never throws, whatever value a member has, in either version or as an envelope', () => {
    const bases = [credential20, credential11, presentation20, envelopedCredential]
    const options: DataModelOptions = { resourceDigest: () => new Uint8Array(32) }
    for (const base of bases) {
      for (const member of members) {
        for (const value of odd) {
          const doc = clone(base)
          ownMember(doc, member, value)
          expect(() => credentialDataModelIssues(doc, options)).not.toThrow()
          expect(() => presentationDataModelIssues(doc, options)).not.toThrow()
        }
      }
    }
  })

  it('walks deeply nested values without recursion', () => {
    let deep: unknown = { id: 'not a url' }
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { nested: deep }
    const issues = credentialDataModelIssues({
      ...clone(credential20),
      credentialSubject: { id: 'did:example:a', deep },
    })
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toMatch(/^credentialSubject\.deep(\.nested\[0\])+\.id$/)
  })

  it('handles huge lists (duplicate related resources, subjects, contexts) with bounded work: one digest lookup per resource, issues capped', () => {
    const n = 50_000
    const doc = clone(credential20)
    doc.relatedResource = Array.from({ length: n }, () => ({
      id: 'https://example.com/r',
      digestSRI: `sha256-${Buffer.alloc(32).toString('base64')}`,
    }))
    doc.credentialSubject = Array.from({ length: n }, (_, i) => ({ id: `did:example:${i}` }))
    doc['@context'] = [V2, ...Array.from({ length: n }, (_, i) => `https://example.com/c/${i}`)]
    let lookups = 0
    const issues = credentialDataModelIssues(doc, {
      resourceDigest: () => {
        lookups++
        return new Uint8Array(32)
      },
    })
    // No wall-clock bound (the machine may be loaded): the work that could grow with the list is counted instead.
    expect(lookups).toBeLessThanOrEqual(3)
    // n - 1 duplicate ids, capped.
    expect(issues.length).toBeLessThanOrEqual(1_001)
    expect(issues.at(-1)!.message).toContain('not listed')
  })

  it('ignores members inherited from a polluted prototype', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto['issuer'] = 'https://example.com/issuer'
    proto['credentialSubject'] = { id: 'did:example:a' }
    try {
      const doc = clone(credential20)
      delete doc.issuer
      delete doc.credentialSubject
      expect(credentialDataModelIssues(doc).map((issue) => issue.path)).toEqual(['credentialSubject', 'issuer'])
    } finally {
      delete proto['issuer']
      delete proto['credentialSubject']
    }
  })

  it('treats a caller passing no object as a programming mistake (TypeError)', () => {
    expect(() => credentialDataModelIssues(null as unknown as Doc)).toThrow(TypeError)
    expect(() => presentationDataModelIssues([] as unknown as Doc)).toThrow(TypeError)
    expect(() =>
      credentialDataModelIssues(clone(credential20), {
        resourceDigest: 'no' as unknown as DataModelOptions['resourceDigest'],
      }),
    ).toThrow(TypeError)
  })
})
