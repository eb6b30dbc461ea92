import { createHash } from 'node:crypto'
import * as base58 from 'base58-universal'
import { describe, expect, it } from 'vitest'
import {
  digestIssues,
  isUrl,
  parseDigestMultibase,
  parseDigestSri,
  relatedResourceIssues,
  type DigestAlgorithm,
  type ResourceDigest,
} from '../../../src/schema/related-resource.js'

// A resource microcred "has": its digests are computed over these bytes, as the bundled contexts' would be.
const RESOURCE_URL = 'https://www.w3.org/ns/credentials/v2'
const BYTES = new TextEncoder().encode('{"@context":{"@protected":true,"id":"@id","type":"@type"}}\n')
const OTHER = new TextEncoder().encode('something else')
const digest = (algorithm: DigestAlgorithm, bytes: Uint8Array = BYTES): Buffer =>
  createHash(algorithm).update(bytes).digest()
const sri = (algorithm: DigestAlgorithm, bytes: Uint8Array = BYTES): string =>
  `${algorithm}-${digest(algorithm, bytes).toString('base64')}`
const multihash = (code: number, bytes: Buffer): Uint8Array => Uint8Array.from([code, bytes.length, ...bytes])
const resourceDigest: ResourceDigest = (url, algorithm) =>
  url === RESOURCE_URL ? new Uint8Array(digest(algorithm)) : undefined
const base = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] }
const issuesOf = (relatedResource: unknown, digests: ResourceDigest = resourceDigest) =>
  relatedResourceIssues({ ...base, relatedResource }, { resourceDigest: digests })

describe('parseDigestSri (SRI §3.5 hash-expression)', () => {
  it.each(['sha256', 'sha384', 'sha512'] as const)('reads a %s hash expression and its digest', (algorithm) => {
    expect(parseDigestSri(sri(algorithm))).toEqual({
      ok: true,
      digests: [{ algorithm, bytes: new Uint8Array(digest(algorithm)) }],
    })
  })

  it('reads several space-separated expressions, an unpadded value and an upper-case algorithm name', () => {
    const unpadded = sri('sha256').replace(/=+$/, '')
    const parsed = parseDigestSri(`  ${sri('sha384')} \t${unpadded.replace('sha256', 'SHA256')} `)
    expect(parsed.ok && parsed.digests.map((d) => d.algorithm)).toEqual(['sha384', 'sha256'])
  })

  it.each([
    [
      "base64url characters (the W3C suite's wrong digest)",
      'sha384-_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P',
    ],
    ['an unknown algorithm', `sha1-${createHash('sha1').update(BYTES).digest('base64')}`],
    ['a digest of the wrong length', `sha384-${digest('sha256').toString('base64')}`],
    ['no separator', 'sha256'],
    ['options, which are not part of a hash expression', `${sri('sha256')}?ct=application/ld+json`],
    ['an empty value', ''],
    ['a newline between expressions (only spaces and tabs separate)', `${sri('sha256')}\n${sri('sha384')}`],
    ['a hex digest', `sha256-${digest('sha256').toString('hex')}`],
    ['a very long value', `${sri('sha256')} `.repeat(100)],
  ])('rejects %s', (_name, value) => {
    expect(parseDigestSri(value).ok).toBe(false)
  })
})

describe('parseDigestMultibase (VC Data Integrity: multibase of a multihash, or the raw digest)', () => {
  it.each([
    ["u + raw SHA-256 (the W3C suite's form)", `u${digest('sha256').toString('base64url')}`, 'sha256'],
    ['u + raw SHA-384', `u${digest('sha384').toString('base64url')}`, 'sha384'],
    ['u + raw SHA-512', `u${digest('sha512').toString('base64url')}`, 'sha512'],
    ['z + sha2-256 multihash', `z${base58.encode(multihash(0x12, digest('sha256')))}`, 'sha256'],
    [
      'u + sha2-384 multihash (code 0x20)',
      `u${Buffer.from(multihash(0x20, digest('sha384'))).toString('base64url')}`,
      'sha384',
    ],
    ['z + sha2-512 multihash (code 0x13)', `z${base58.encode(multihash(0x13, digest('sha512')))}`, 'sha512'],
    ['z + raw SHA-256', `z${base58.encode(digest('sha256'))}`, 'sha256'],
  ])('reads %s', (_name, value, algorithm) => {
    const parsed = parseDigestMultibase(value)
    expect(parsed.ok).toBe(true)
    if (parsed.ok) {
      expect(parsed.digests).toHaveLength(1)
      expect(parsed.digests[0]!.algorithm).toBe(algorithm)
      expect(Buffer.from(parsed.digests[0]!.bytes).equals(digest(algorithm as DigestAlgorithm))).toBe(true)
    }
  })

  it('reads the Data Integrity spec example (a base58btc sha2-256 multihash) and a SHA3 multihash', () => {
    expect(parseDigestMultibase('zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n')).toMatchObject({
      ok: true,
      digests: [{ algorithm: 'sha256' }],
    })
    const sha3 = createHash('sha3-256').update(BYTES).digest()
    expect(parseDigestMultibase(`u${Buffer.from(multihash(0x16, sha3)).toString('base64url')}`)).toMatchObject({
      ok: true,
      digests: [{ algorithm: 'sha3-256' }],
    })
  })

  it.each([
    ['another multibase prefix (m, base64)', `m${digest('sha256').toString('base64').replace(/=+$/, '')}`],
    ['padding after u', `u${digest('sha256').toString('base64url')}=`],
    [
      'standard base64 characters after u',
      `u${digest('sha256')
        .toString('base64')
        .replace(/=+$/, '')
        .replace(/[A-Za-z0-9]/g, '+')
        .slice(0, 43)}`,
    ],
    ['base58 letters that are not in the alphabet (0, O, I, l)', `z0OIl${base58.encode(digest('sha256')).slice(4)}`],
    ['a digest of no SHA-2 length', `u${Buffer.alloc(20, 7).toString('base64url')}`],
    [
      'a truncated multihash',
      `u${Buffer.from(multihash(0x12, digest('sha256').subarray(0, 20))).toString('base64url')}`,
    ],
    ['a multihash whose length byte lies', `u${Buffer.from([0x12, 0x30, ...digest('sha256')]).toString('base64url')}`],
    ['an unknown multihash code', `u${Buffer.from(multihash(0x11, digest('sha256'))).toString('base64url')}`],
    ['a non-canonical base64url ending', `u${digest('sha256').toString('base64url').slice(0, -1)}l`],
    ['the prefix alone', 'u'],
    ['a very long value', `z${'2'.repeat(5000)}`],
  ])('rejects %s', (_name, value) => {
    expect(parseDigestMultibase(value).ok).toBe(false)
  })
})

describe('relatedResourceIssues (VC Data Model 2.0 §5.3)', () => {
  it.each([
    ['one object with digestSRI', { id: RESOURCE_URL, digestSRI: sri('sha384') }],
    [
      'one object with digestMultibase',
      { id: RESOURCE_URL, digestMultibase: `u${digest('sha256').toString('base64url')}` },
    ],
    ['a list with mediaType', [{ id: RESOURCE_URL, mediaType: 'application/ld+json', digestSRI: sri('sha512') }]],
    [
      'both digests, several SRI expressions and a list of multibase digests',
      [
        {
          id: RESOURCE_URL,
          digestSRI: `${sri('sha256')} ${sri('sha384')}`,
          digestMultibase: [
            `z${base58.encode(multihash(0x12, digest('sha256')))}`,
            `u${digest('sha512').toString('base64url')}`,
          ],
        },
      ],
    ],
    [
      'a media type with a parameter',
      {
        id: RESOURCE_URL,
        mediaType: 'application/ld+json; profile="https://www.w3.org/ns/json-ld#compacted"',
        digestSRI: sri('sha256'),
      },
    ],
  ])('accepts %s whose digests match the resource', (_name, value) => {
    expect(issuesOf(value)).toEqual([])
  })

  it.each([
    ['a list of strings (W3C suite)', [RESOURCE_URL], 'relatedResource[0]', 'must be an object'],
    ['an empty list', [], 'relatedResource', 'one or more objects'],
    ['null', null, 'relatedResource', 'must be an object'],
    ['an object without id (W3C suite)', [{ digestSRI: sri('sha256') }], 'relatedResource[0].id', 'must have an id'],
    ['an id that is not a URL', [{ id: 'v2', digestSRI: sri('sha256') }], 'relatedResource[0].id', 'single URL'],
    ['an id that is a list', [{ id: [RESOURCE_URL], digestSRI: sri('sha256') }], 'relatedResource[0].id', 'single URL'],
    [
      'an object without digest (W3C suite)',
      [{ id: RESOURCE_URL }],
      'relatedResource[0]',
      'digestSRI or a digestMultibase',
    ],
    [
      'a media type that is not one',
      [{ id: RESOURCE_URL, mediaType: 'json', digestSRI: sri('sha256') }],
      'relatedResource[0].mediaType',
      'media type',
    ],
    [
      'a media type that is not a string',
      [{ id: RESOURCE_URL, mediaType: 7, digestSRI: sri('sha256') }],
      'relatedResource[0].mediaType',
      'media type',
    ],
    [
      'a malformed digestSRI (W3C suite: base64url)',
      [{ id: RESOURCE_URL, digestSRI: 'sha384-_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P' }],
      'relatedResource[0].digestSRI',
      'SRI hash expression',
    ],
    [
      'a digestSRI that is not a string',
      [{ id: RESOURCE_URL, digestSRI: 42 }],
      'relatedResource[0].digestSRI',
      'must be a string',
    ],
    [
      'a malformed entry in a digestMultibase list',
      [{ id: RESOURCE_URL, digestMultibase: [`u${digest('sha256').toString('base64url')}`, 'nope'] }],
      'relatedResource[0].digestMultibase[1]',
      'multibase prefix',
    ],
    [
      'an empty digestMultibase list',
      [{ id: RESOURCE_URL, digestMultibase: [] }],
      'relatedResource[0].digestMultibase',
      'one or more digests',
    ],
  ])('reports %s', (_name, value, path, text) => {
    const issues = issuesOf(value)
    expect(issues).toEqual([expect.objectContaining({ code: 'ERR_DATA_MODEL', check: 'data-model', path })])
    expect(issues[0]!.message).toContain('VC Data Model 2.0 §5.3')
    expect(issues[0]!.message).toContain(text)
  })

  it('reports a duplicate id once, at the second entry, naming the first (W3C suite)', () => {
    const issues = issuesOf(
      [
        { id: RESOURCE_URL, digestSRI: sri('sha384') },
        { id: 'https://example.com/other', digestSRI: sri('sha384', OTHER) },
        { id: RESOURCE_URL, digestMultibase: `u${digest('sha256').toString('base64url')}` },
      ],
      (url, algorithm) => new Uint8Array(digest(algorithm, url === RESOURCE_URL ? BYTES : OTHER)),
    )
    expect(issues).toEqual([expect.objectContaining({ code: 'ERR_DATA_MODEL', path: 'relatedResource[2].id' })])
    expect(issues[0]!.message).toContain('relatedResource[0]')
  })

  it("reports a digest that differs from the resource's as ERR_DIGEST_MISMATCH (W3C suite's wrong digestMultibase)", () => {
    const issues = issuesOf([{ id: RESOURCE_URL, digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' }])
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'ERR_DIGEST_MISMATCH',
        check: 'data-model',
        path: 'relatedResource[0].digestMultibase',
      }),
    ])
    expect(issues[0]!.severity).toBeUndefined()
    expect(issues[0]!.message).toContain('SHA-256')
  })

  it.each([
    ['an SRI digest of other bytes', { digestSRI: sri('sha384', OTHER) }, 'relatedResource[0].digestSRI'],
    [
      'one wrong expression among right ones',
      { digestSRI: `${sri('sha256')} ${sri('sha512', OTHER)}` },
      'relatedResource[0].digestSRI',
    ],
    [
      'a multihash of other bytes',
      {
        digestMultibase: [
          `u${digest('sha256').toString('base64url')}`,
          `z${base58.encode(multihash(0x13, digest('sha512', OTHER)))}`,
        ],
      },
      'relatedResource[0].digestMultibase[1]',
    ],
  ])('reports %s', (_name, digests, path) => {
    expect(issuesOf([{ id: RESOURCE_URL, ...digests }])).toEqual([
      expect.objectContaining({ code: 'ERR_DIGEST_MISMATCH', path }),
    ])
  })

  it('reads an SRI string as SRI does: only the strongest algorithm counts, and any of its hashes matching is a match', () => {
    expect(issuesOf({ id: RESOURCE_URL, digestSRI: `${sri('sha384')} ${sri('sha384', OTHER)}` })).toEqual([])
    expect(issuesOf({ id: RESOURCE_URL, digestSRI: `${sri('sha384', OTHER)} ${sri('sha384')}` })).toEqual([])
    expect(issuesOf({ id: RESOURCE_URL, digestSRI: `${sri('sha256', OTHER)} ${sri('sha384')}` })).toEqual([])
    expect(
      issuesOf({ id: RESOURCE_URL, digestSRI: `${sri('sha384', OTHER)} ${sri('sha384', new Uint8Array([1]))}` }),
    ).toEqual([expect.objectContaining({ code: 'ERR_DIGEST_MISMATCH', path: 'relatedResource.digestSRI' })])
  })

  it('matches any of several known digests of a resource (several published versions)', () => {
    const versions: ResourceDigest = (_url, algorithm) => [
      new Uint8Array(digest(algorithm, OTHER)),
      new Uint8Array(digest(algorithm)),
    ]
    expect(issuesOf({ id: RESOURCE_URL, digestSRI: sri('sha384') }, versions)).toEqual([])
    expect(issuesOf({ id: RESOURCE_URL, digestSRI: sri('sha384', new Uint8Array([1])) }, versions)).toEqual([
      expect.objectContaining({ code: 'ERR_DIGEST_MISMATCH' }),
    ])
  })

  it('warns, once per resource, when the resource is not available to check', () => {
    const issues = issuesOf([
      {
        id: 'https://example.com/unknown',
        digestSRI: `${sri('sha256')} ${sri('sha384')}`,
        digestMultibase: `u${digest('sha256').toString('base64url')}`,
      },
    ])
    expect(issues).toEqual([
      {
        code: 'ERR_RELATED_RESOURCE_UNVERIFIED',
        check: 'data-model',
        severity: 'warning',
        path: 'relatedResource[0]',
        message: expect.stringContaining('https://example.com/unknown'),
      },
    ])
  })

  it('warns when no resourceDigest is given, and when a digest uses SHA-3', () => {
    expect(relatedResourceIssues({ ...base, relatedResource: { id: RESOURCE_URL, digestSRI: sri('sha256') } })).toEqual(
      [expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' })],
    )
    const sha3 = `u${Buffer.from(multihash(0x14, createHash('sha3-512').update(BYTES).digest())).toString('base64url')}`
    const issues = issuesOf({ id: RESOURCE_URL, digestMultibase: sha3 })
    expect(issues).toEqual([expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' })])
    expect(issues[0]!.message).toContain('SHA3-512')
  })

  it('asks resourceDigest for each resource with the algorithm of the digest', () => {
    const asked: string[] = []
    issuesOf(
      [
        { id: RESOURCE_URL, digestSRI: sri('sha512') },
        { id: 'https://example.com/x', digestMultibase: `u${digest('sha384').toString('base64url')}` },
      ],
      (url, algorithm) => {
        asked.push(`${algorithm} ${url}`)
        return undefined
      },
    )
    expect(asked).toEqual([`sha512 ${RESOURCE_URL}`, 'sha384 https://example.com/x'])
  })

  it('gives nothing for a document without relatedResource, and ignores an inherited one', () => {
    expect(relatedResourceIssues({ ...base })).toEqual([])
    const inherited = Object.create({ relatedResource: [RESOURCE_URL] }) as Record<string, unknown>
    expect(relatedResourceIssues(inherited)).toEqual([])
  })
})

describe('digestIssues (any object with an id may carry a digest)', () => {
  it('checks the digests of an object against its id', () => {
    expect(
      digestIssues({ id: RESOURCE_URL, digestSRI: sri('sha256') }, ['credentialSchema'], { resourceDigest }),
    ).toEqual([])
    expect(
      digestIssues({ id: RESOURCE_URL, digestSRI: sri('sha256', OTHER) }, ['credentialSchema', 0], { resourceDigest }),
    ).toEqual([expect.objectContaining({ code: 'ERR_DIGEST_MISMATCH', path: 'credentialSchema[0].digestSRI' })])
  })

  it('warns when a digest has no id naming its resource, and reports a malformed one', () => {
    expect(digestIssues({ digestSRI: sri('sha256') }, ['evidence'], { resourceDigest })).toEqual([
      expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', path: 'evidence' }),
    ])
    expect(digestIssues({ id: RESOURCE_URL, digestMultibase: 'zzz' }, ['image'], { resourceDigest })).toEqual([
      expect.objectContaining({ code: 'ERR_DATA_MODEL', path: 'image.digestMultibase' }),
    ])
  })

  it('gives nothing for an object without digests', () => {
    expect(digestIssues({ id: RESOURCE_URL }, [], { resourceDigest })).toEqual([])
  })
})

describe('isUrl (VC Data Model 2.0 §4.4)', () => {
  it.each([
    'https://example.com/credentials/1',
    'http://example.edu/credentials/3732',
    'urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873',
    'did:example:ebfeb1f712ebc6f1c276e12ec21',
    'did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj#z6Mk',
    'did:example:refresh/1',
    'data:application/vc+jwt,eyJhbGciOiJFUzI1NiJ9.e30.sig',
    'https://example.com/a%20b',
    'https://例え.jp/パス',
    'mailto:someone@example.com',
  ])('accepts %s', (value) => {
    expect(isUrl(value)).toBe(true)
  })

  it.each([
    'https ://not-a-url/vcs/1',
    'fake-issuer',
    'z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj',
    '/relative/path',
    '#fragment',
    '',
    'https://',
    'did:',
    ' https://example.com',
    'https://example.com/a b',
    'https://example.com/%zz',
    'https://example.com/{x}',
    '1http://example.com',
    'https://example.com/\n',
  ])('rejects %j', (value) => {
    expect(isUrl(value)).toBe(false)
  })

  it.each([null, undefined, 42, ['https://example.com'], { id: 'https://example.com' }])(
    'rejects the non-string %j',
    (value) => {
      expect(isUrl(value)).toBe(false)
    },
  )
})
