/**
 * The built `microcred` binary, end to end, as an issuing officer and a verifier use it: keygen → issue → bake →
 * verify, and every way it must refuse (exit 1 for a credential that fails, 2 for unusable input, with a
 * one-line message and no stack trace).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/index.js'
import { extractFromPng, extractFromSvg } from '../../src/entries/bake.js'
import { FileStatusListStore } from '../../src/entries/status.js'
import { fullInput } from '../fixtures/inputs.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { serveDocuments } from '../helpers/fetch.js'
import { ROOT } from '../helpers/files.js'

let dir: string
const cli = (...args: string[]): CliResult => runCli(args, { cwd: dir })
const read = (file: string): string => readFileSync(join(dir, file), 'utf8')
const json = (file: string): Record<string, any> => JSON.parse(read(file))

/** The full builder input without the issuer id and `issued`: the CLI fills both in (key controller, now). */
function builderInput(): Record<string, unknown> {
  const { issuer, issued: _issued, validUntil: _until, ...rest } = fullInput()
  const { id: _id, ...issuerWithoutId } = issuer
  return { ...rest, issuer: issuerWithoutId }
}

/** stderr is one line, names the problem, and shows no stack trace. */
function expectOneLineError(result: CliResult, text: string | RegExp): void {
  expect(result.code).toBe(2)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^microcred: /)
  expect(lines[0]).toMatch(text)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#039"/></svg>\n'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-cli-'))
  writeFileSync(join(dir, 'input.json'), JSON.stringify(builderInput(), null, 2))
  writeFileSync(join(dir, 'badge.svg'), SVG)
  writeFileSync(join(dir, 'badge.png'), readFileSync(join(ROOT, 'assets', 'badge.png')))
  // What several tests start from: a key (and its public half), a credential signed with it, the same unsigned,
  // and the credential baked into the PNG.
  expect(cli('keygen', '--out', 'key.json', '--public', 'key.public.json').code).toBe(0)
  expect(cli('issue', 'input.json', '--key', 'key.json', '--out', 'credential.json').code).toBe(0)
  const { proof: _proof, ...unsigned } = json('credential.json')
  writeFileSync(join(dir, 'unsigned.json'), JSON.stringify(unsigned))
  expect(cli('bake', 'badge.png', 'credential.json', '--out', 'baked.png').code).toBe(0)
  expect(cli('bake', 'badge.svg', 'credential.json', '--out', 'baked.svg').code).toBe(0)
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('microcred keygen', () => {
  it('writes the secret key with mode 0600, prints only public facts, and never overwrites without --force', () => {
    const first = cli('keygen', '--out', 'k1.json')
    expect(first.code).toBe(0)
    const secret = json('k1.json')
    expect(secret['secretKeyMultibase']).toMatch(/^z/)
    expect(statSync(join(dir, 'k1.json')).mode & 0o777).toBe(0o600)
    expect(first.stdout).toContain(`controller  ${secret['controller']}`)
    expect(first.stdout + first.stderr).not.toContain(secret['secretKeyMultibase'])

    expectOneLineError(cli('keygen', '--out', 'k1.json'), /k1\.json exists; pass --force/)
    expect(json('k1.json')['secretKeyMultibase']).toBe(secret['secretKeyMultibase'])

    expect(cli('keygen', '--out', 'k1.json', '--force').code).toBe(0)
    expect(json('k1.json')['secretKeyMultibase']).not.toBe(secret['secretKeyMultibase'])
    expect(statSync(join(dir, 'k1.json')).mode & 0o777).toBe(0o600)
  })

  it('--json prints the public key only; --public writes it; ES256 and RS256 keys', () => {
    const result = cli('keygen', '--out', 'k2.json', '--json', '--public', 'k2.public.json')
    expect(JSON.parse(result.stdout)).toEqual(json('k2.public.json'))
    expect(result.stdout).not.toContain('secretKeyMultibase')
    expect(cli('keygen', '--out', 'p256.json', '--algorithm', 'ES256').stdout).toContain('algorithm   ES256')
    expect(json('p256.json')['publicKeyMultibase']).toMatch(/^zDn/)
    expect(cli('keygen', '--out', 'rsa.json', '--algorithm', 'RS256').stdout).toContain('controller  did:jwk:')
    expect(json('rsa.json')['d']).toEqual(expect.any(String))
    expectOneLineError(
      cli('keygen', '--out', 'x.json', '--algorithm', 'DSA'),
      /--algorithm must be Ed25519, ES256, RS256/,
    )
  })
})

describe('keygen → issue → bake → verify', () => {
  it('issues from builder input (issuer id and issued filled in), bakes into PNG and SVG, and every form verifies (exit 0)', () => {
    const issued = cli('issue', 'input.json', '--key', 'key.json', '--out', 'issued.json')
    expect(issued.code).toBe(0)
    const credential = json('issued.json')
    expect(credential['issuer'].id).toBe(json('key.json')['controller'])
    expect(Math.abs(Date.parse(credential['validFrom']) - Date.now())).toBeLessThan(120_000)
    expect(credential['proof'][0].cryptosuite).toBe('eddsa-rdfc-2022')

    const verified = cli('verify', 'issued.json')
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain('VERIFIED')

    expect(cli('bake', 'badge.png', 'issued.json', '--out', 'issued.png').code).toBe(0)
    expect(cli('verify', 'issued.png').code).toBe(0)
    const fromPng = extractFromPng(readFileSync(join(dir, 'issued.png')))
    expect(fromPng).toMatchObject({ version: 'ob3', format: 'ldp', credential })

    expect(cli('bake', 'badge.svg', 'issued.json', '--out', 'issued.svg').code).toBe(0)
    expect(cli('verify', 'issued.svg').code).toBe(0)
    expect(extractFromSvg(read('issued.svg'))).toMatchObject({ version: 'ob3', format: 'ldp', credential })

    const extracted = cli('extract', 'issued.png')
    expect(extracted.code).toBe(0)
    expect(JSON.parse(extracted.stdout)).toEqual(credential)
  })

  it('bakes a UTF-16 SVG and writes it back as UTF-16', () => {
    writeFileSync(
      join(dir, 'utf16.svg'),
      Buffer.from(`\uFEFF<?xml version="1.0" encoding="UTF-16"?>\n${SVG}`, 'utf16le'),
    )
    expect(cli('bake', 'utf16.svg', 'credential.json', '--out', 'utf16-baked.svg').code).toBe(0)
    const baked = readFileSync(join(dir, 'utf16-baked.svg'))
    expect([...baked.subarray(0, 2)]).toEqual([0xff, 0xfe])
    expect(baked.toString('utf16le')).toContain('<openbadges:credential>')
    expect(cli('verify', 'utf16-baked.svg').code).toBe(0)
  })

  it('--proof vc-jwt: a VC-JWT file, baked into an SVG; both verify', () => {
    expect(cli('issue', 'input.json', '--key', 'key.json', '--proof', 'vc-jwt', '--out', 'credential.jwt').code).toBe(0)
    expect(read('credential.jwt').trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const report = cli('verify', 'credential.jwt', '--json')
    expect(report.code).toBe(0)
    expect(JSON.parse(report.stdout)).toMatchObject({ verified: true, format: 'jwt' })
    expect(cli('bake', 'badge.svg', 'credential.jwt', '--out', 'jwt.svg').code).toBe(0)
    expect(cli('verify', 'jwt.svg').code).toBe(0)
    expect(cli('extract', 'jwt.svg').stdout.trim()).toBe(read('credential.jwt').trim())
  })

  it('issues an unsigned credential as given, and with Ed25519Signature2020', () => {
    const signed = cli('issue', 'unsigned.json', '--key', 'key.json', '--proof', 'Ed25519Signature2020')
    expect(signed.code).toBe(0)
    expect(signed.stderr).toBe('')
    expect(JSON.parse(signed.stdout).proof[0].type).toBe('Ed25519Signature2020')
  })

  it('an already signed credential gets one more proof (a proof set), said in one line on stderr; both proofs verify', () => {
    const second = cli('issue', 'credential.json', '--key', 'key.json', '--out', 'two-proofs.json')
    expect(second.code).toBe(0)
    expect(second.stderr).toBe('note: the input already had 1 proof; one more was added (a proof set)\n')
    const signed = json('two-proofs.json')
    expect(signed['proof']).toHaveLength(2)
    expect(signed['proof'][0]).toEqual(json('credential.json')['proof'][0])
    // An Ed25519Signature2020 proof needs its suite context, which cannot be added to a signed credential unseen.
    expectOneLineError(
      cli('issue', 'two-proofs.json', '--key', 'key.json', '--proof', 'Ed25519Signature2020', '--out', 'refused.json'),
      /ERR_CONTEXT_INVALID.*ed25519-2020/,
    )
    const third = cli('issue', 'two-proofs.json', '--key', 'key.json', '--out', 'three-proofs.json')
    expect(third.stderr).toBe('note: the input already had 2 proofs; one more was added (a proof set)\n')
    const report = cli('verify', 'three-proofs.json', '--json')
    expect(report.code).toBe(0)
    expect(JSON.parse(report.stdout).proofs.map((p: { status: string }) => p.status)).toEqual([
      'verified',
      'verified',
      'verified',
    ])
    // What would break the proofs already there, or cannot join a proof set, is refused before anything is signed.
    expectOneLineError(
      cli('issue', 'credential.json', '--key', 'key.json', '--proof', 'vc-jwt'),
      /--proof vc-jwt: the input already has a proof/,
    )
    expectOneLineError(
      cli(
        'issue',
        'credential.json',
        '--key',
        'key.json',
        '--status-store',
        'lists',
        '--status-list',
        'https://uni.example/status/1',
      ),
      /--status-store: the input already has a proof/,
    )
  })

  it('verifies from stdin', () => {
    const result = runCli(['verify'], { cwd: dir, input: read('credential.json') })
    expect(result.code).toBe(0)
    const baked = runCli(['verify', '-'], { cwd: dir, input: readFileSync(join(dir, 'baked.png')) })
    expect(baked.code).toBe(0)
  })
})

describe('refusals', () => {
  it('a tampered credential: exit 1, the report names ERR_PROOF_INVALID', () => {
    const tampered = json('credential.json')
    tampered['credentialSubject'].identifier[0].identityHash = 'Mallory'
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered))
    const result = cli('verify', 'tampered.json')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('NOT VERIFIED')
    expect(result.stdout).toContain('ERR_PROOF_INVALID')
  })

  it('a tampered baked PNG: exit 1', () => {
    const tampered = json('credential.json')
    tampered['name'] = 'Something else'
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered))
    expect(cli('bake', 'badge.png', 'tampered.json', '--out', 'tampered.png').code).toBe(0)
    expect(cli('verify', 'tampered.png').code).toBe(1)
  })

  it('a missing file: exit 2, one line, no stack trace', () => {
    expectOneLineError(cli('verify', 'nope.json'), /nope\.json: no such file/)
    expectOneLineError(cli('issue', 'nope.json', '--key', 'key.json'), /nope\.json: no such file/)
    expectOneLineError(cli('issue', 'input.json', '--key', 'nokey.json'), /nokey\.json: no such file/)
    expectOneLineError(cli('bake', 'nope.png', 'credential.json', '--out', 'x.png'), /nope\.png: no such file/)
  })

  it('unusable input: exit 2 with the error code and the field', () => {
    writeFileSync(join(dir, 'no-title.json'), JSON.stringify({ ...builderInput(), title: undefined }))
    expectOneLineError(cli('issue', 'no-title.json', '--key', 'key.json'), /ERR_EU_ELEMENT_MISSING at title/)
    writeFileSync(join(dir, 'not-json.json'), '{ "title": ')
    expectOneLineError(cli('issue', 'not-json.json', '--key', 'key.json'), /not-json\.json: not JSON/)
    expectOneLineError(
      cli('issue', 'input.json', '--key', 'key.json', '--format', 'jwt'),
      /--format was replaced by --proof: --proof vc-jwt for a VC-JWT/,
    )
    expectOneLineError(
      cli('issue', 'input.json', '--key', 'key.json', '--proof', 'jwt'),
      /--proof must be eddsa-rdfc-2022, Ed25519Signature2020, vc-jwt, not "jwt" \(a VC-JWT is --proof vc-jwt\)/,
    )
    expectOneLineError(
      cli('issue', 'input.json', '--key', 'key.json', '--jwt-algorithm', 'EdDSA'),
      /--jwt-algorithm goes with --proof vc-jwt/,
    )
    expectOneLineError(cli('issue', 'input.json', '--key', 'key.public.json'), /only a public key/)
    expectOneLineError(
      cli('bake', 'input.json', 'credential.json', '--out', 'x.png'),
      /input\.json: not a PNG or SVG image/,
    )
    expectOneLineError(cli('bake', 'badge.png', 'unsigned.json', '--out', 'x.png'), /ERR_PROOF_MISSING/)
    expectOneLineError(cli('bake', 'badge.png', 'input.json', '--out', 'x.png'), /ERR_INVALID_INPUT at @context/)
    expectOneLineError(
      cli('bake', 'badge.png', 'credential.json', '--out', 'baked.png'),
      /baked\.png exists; pass --force/,
    )
    expectOneLineError(cli('verify', 'credential.json', '--now', 'yesterday'), /--now: "yesterday" is not a date-time/)
  })

  it('an unknown command or option, a missing required option: exit 2, one line pointing at --help', () => {
    expectOneLineError(cli('sign', 'credential.json'), /unknown command 'sign' \(see --help\)/)
    expectOneLineError(cli('verify', 'credential.json', '--offline'), /unknown option '--offline'.*\(see --help\)/)
    expectOneLineError(cli('issue', 'input.json'), /required option '-k, --key <file>' not specified \(see --help\)/)
    expectOneLineError(cli('status', 'revoke', 'credential.json'), /required option '--store <dir>' not specified/)
  })

  it('a credential over the size cap: exit 2, and the message names no library option the CLI cannot set', () => {
    const big = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: { id: 'did:example:learner' },
      description: 'x'.repeat(1_100_000),
    }
    writeFileSync(join(dir, 'big.json'), JSON.stringify(big))
    expectOneLineError(
      cli('issue', 'big.json', '--key', 'key.json'),
      /^microcred: ERR_INPUT_TOO_LARGE: the credential is \d+ bytes of JSON, over the 1048576-byte cap$/,
    )
  })

  it('a key file that is not JSON: exit 2 without quoting any of it (it may hold a secret)', () => {
    const secret = json('key.json')['secretKeyMultibase'] as string
    writeFileSync(join(dir, 'broken-key.json'), read('key.json').replace(`"${secret}"`, secret))
    const result = cli('issue', 'input.json', '--key', 'broken-key.json')
    expectOneLineError(result, /broken-key\.json: not a key file \(not valid JSON\)/)
    expect(result.stderr).not.toContain(secret.slice(0, 8))
  })

  it('a file that is not UTF-8 (a spreadsheet export in Windows-1252): exit 2, nothing issued', () => {
    writeFileSync(
      join(dir, 'latin1.json'),
      Buffer.concat([Buffer.from('{"title": "Kurt G'), Buffer.from([0xf6]), Buffer.from('del"}')]),
    )
    expectOneLineError(
      cli('issue', 'latin1.json', '--key', 'key.json'),
      /latin1\.json: not UTF-8 text; save it as UTF-8/,
    )
  })

  it('extract: exit 1 for an image without a credential, 2 for a broken one', () => {
    const plain = cli('extract', 'badge.png')
    expect(plain.code).toBe(1)
    expect(plain.stderr).toMatch(/^microcred: badge\.png: /)
    writeFileSync(join(dir, 'truncated.png'), readFileSync(join(dir, 'baked.png')).subarray(0, 200))
    expectOneLineError(cli('extract', 'truncated.png'), /ERR_IMAGE_INVALID/)
  })
})

describe('validate', () => {
  it('exit 0 for a valid credential (JSON or baked), 1 with the issues for an invalid one', () => {
    expect(cli('validate', 'credential.json')).toMatchObject({ code: 0, stdout: '1 file valid\n' })
    expect(cli('validate', 'baked.svg').code).toBe(0)
    const invalid = json('credential.json')
    delete invalid['credentialSubject'].achievement.name
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalid))
    const result = cli('validate', 'invalid.json')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^invalid\.json:credentialSubject\.achievement\.name: ERR_(SCHEMA_REQUIRED|EU_ELEMENT_MISSING) /m,
    )
    expectOneLineError(
      cli('validate', 'input.json', '--profile', 'ob4'),
      /--profile must be auto, vc, ob3 or eu, not "ob4"/,
    )
  })
})

describe('plain W3C credentials, --profile, --strict, --context', () => {
  const UNI_CONTEXT_URL = 'https://uni.example/contexts/transcript/v1'

  beforeAll(() => {
    const issuer = json('key.json')['controller'] as string
    const plain = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      issuer,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
        alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' },
      },
    }
    writeFileSync(join(dir, 'plain.json'), JSON.stringify(plain))
    writeFileSync(
      join(dir, 'plain-vc11.json'),
      JSON.stringify({
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000101',
        type: ['VerifiableCredential'],
        issuer,
        issuanceDate: '2025-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
      }),
    )
    // A related resource whose digest cannot be checked offline: a warning, and the only finding.
    writeFileSync(
      join(dir, 'related.json'),
      JSON.stringify({
        ...plain,
        relatedResource: [{ id: 'https://university.example/logo.png', digestSRI: `sha384-${'A'.repeat(64)}` }],
      }),
    )
    writeFileSync(
      join(dir, 'uni-context.json'),
      JSON.stringify({ '@context': { '@protected': true, gpa: 'https://uni.example/vocab#gpa' } }),
    )
    writeFileSync(
      join(dir, 'transcript.json'),
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2', UNI_CONTEXT_URL],
        type: ['VerifiableCredential'],
        issuer,
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', gpa: '3.9' },
      }),
    )
    writeFileSync(join(dir, 'array.json'), '[1, 2]')
    writeFileSync(join(dir, 'no-at-context.json'), JSON.stringify({ gpa: 'https://uni.example/vocab#gpa' }))
    // Signed copies several tests verify.
    expect(cli('issue', 'plain.json', '--key', 'key.json', '--out', 'plain-signed.json').code).toBe(0)
    expect(cli('issue', 'related.json', '--key', 'key.json', '--out', 'related-signed.json').code).toBe(0)
  })

  it('issues plain VC 2.0 and VC 1.1 credentials, which verify; --profile ob3 holds them to the OB 3.0 schema', () => {
    const plain = cli('issue', 'plain.json', '--key', 'key.json')
    expect(plain).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(plain.stdout)).toMatchObject({
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      proof: [{ cryptosuite: 'eddsa-rdfc-2022' }],
    })
    expect(cli('verify', 'plain-signed.json').code).toBe(0)
    expect(cli('issue', 'plain-vc11.json', '--key', 'key.json', '--out', 'plain-vc11-signed.json').code).toBe(0)
    expect(cli('verify', 'plain-vc11-signed.json').code).toBe(0)
    const ob3 = cli('issue', 'plain.json', '--key', 'key.json', '--profile', 'ob3')
    expect(ob3.code).toBe(2)
    expect(ob3.stderr).toMatch(/^microcred: ERR_SCHEMA_REQUIRED/)
    expect(ob3.stdout).toBe('')
    expectOneLineError(
      cli('issue', 'plain.json', '--key', 'key.json', '--profile', 'ob4'),
      /--profile must be auto, vc, ob3 or eu, not "ob4"/,
    )
  })

  it('a VC 1.1 credential given a status entry also gets the status list context its terms need', () => {
    const listUrl = 'https://uni.example/status/plain'
    expect(cli('status', 'create', '--store', 'lists-plain', '--id', listUrl, '--length', '16').code).toBe(0)
    expect(
      cli(
        'issue',
        'plain-vc11.json',
        '--key',
        'key.json',
        '--status-store',
        'lists-plain',
        '--status-list',
        listUrl,
        '--out',
        'plain-vc11-status.json',
      ).code,
    ).toBe(0)
    const signed = json('plain-vc11-status.json')
    expect(signed['@context'].slice(0, 2)).toEqual([
      'https://www.w3.org/2018/credentials/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ])
    expect(signed['credentialStatus']).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusListCredential: listUrl,
    })
    // Offline the list cannot be fetched (status fails closed), but the proof is good.
    const report = JSON.parse(cli('verify', 'plain-vc11-status.json', '--json').stdout)
    expect(report.proofs).toEqual([expect.objectContaining({ status: 'verified', bound: true })])
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_UNAVAILABLE' })])
  })

  it('verify --strict: a warning fails the credential (exit 1); without --strict it verifies (exit 0)', () => {
    const lenient = cli('verify', 'related-signed.json', '--json')
    expect(lenient.code).toBe(0)
    expect(JSON.parse(lenient.stdout)).toMatchObject({
      verified: true,
      policy: 'default',
      issues: [{ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' }],
    })
    expect(cli('verify', 'related-signed.json').stdout).toContain('ERR_RELATED_RESOURCE_UNVERIFIED')
    const strict = cli('verify', 'related-signed.json', '--strict', '--json')
    expect(strict.code).toBe(1)
    expect(JSON.parse(strict.stdout)).toMatchObject({
      verified: false,
      policy: 'strict',
      issues: [{ code: 'ERR_RELATED_RESOURCE_UNVERIFIED' }],
    })
    const text = cli('verify', 'related-signed.json', '--strict')
    expect(text.code).toBe(1)
    expect(text.stdout).toContain('NOT VERIFIED')
    expect(cli('verify', 'plain-signed.json', '--strict').code).toBe(0)
  })

  it('verify --profile: ob3 applies the OB 3.0 schema to a plain credential (warnings, failures if --strict); vc skips it for an Open Badge', () => {
    const ob3 = cli('verify', 'plain-signed.json', '--profile', 'ob3', '--json')
    expect(ob3.code).toBe(0)
    const report = JSON.parse(ob3.stdout)
    expect(report.checks).toContainEqual(expect.objectContaining({ id: 'schema', status: 'passed' }))
    expect(report.issues.length).toBeGreaterThan(0)
    expect(
      report.issues.every(
        (issue: { check: string; severity?: string }) => issue.check === 'schema' && issue.severity === 'warning',
      ),
    ).toBe(true)
    expect(cli('verify', 'plain-signed.json', '--profile', 'ob3', '--strict').code).toBe(1)
    const vc = JSON.parse(cli('verify', 'credential.json', '--profile', 'vc', '--json').stdout)
    expect(vc).toMatchObject({ verified: true })
    expect(vc.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'schema', status: 'skipped' }),
        expect.objectContaining({ id: 'eu-profile', status: 'skipped' }),
      ]),
    )
    expectOneLineError(
      cli('verify', 'credential.json', '--profile', 'OB3'),
      /--profile must be auto, vc, ob3 or eu, not "OB3"/,
    )
  })

  it('--context: a credential using an extra context issues, verifies and validates only when the context is given', () => {
    const context = `${UNI_CONTEXT_URL}=uni-context.json`
    const refused = cli('issue', 'transcript.json', '--key', 'key.json')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/ERR_CONTEXT_UNKNOWN/)
    expect(
      cli('issue', 'transcript.json', '--key', 'key.json', '--context', context, '--out', 'transcript-signed.json')
        .code,
    ).toBe(0)

    const without = cli('verify', 'transcript-signed.json')
    expect(without.code).toBe(1)
    expect(without.stdout).toContain('ERR_CONTEXT_UNKNOWN')
    expect(cli('verify', 'transcript-signed.json', '--context', context).code).toBe(0)
    // Any other context given alongside changes nothing.
    writeFileSync(
      join(dir, 'other-context.json'),
      JSON.stringify({ '@context': { note: 'https://other.example/vocab#note' } }),
    )
    expect(
      cli(
        'verify',
        'transcript-signed.json',
        '--context',
        'https://other.example/ctx=other-context.json',
        '--context',
        context,
      ).code,
    ).toBe(0)

    expect(cli('validate', 'transcript.json').code).toBe(1)
    expect(cli('validate', 'transcript.json', '--context', context)).toMatchObject({
      code: 0,
      stdout: '1 file valid\n',
    })
  })

  it.each([
    [['uni-context.json'], /--context "uni-context\.json": give it as <url>=<file>/],
    [['https://uni.example/ctx='], /give it as <url>=<file>/],
    [['transcript-v1=uni-context.json'], /"transcript-v1" is not an absolute URL/],
    [['https://www.w3.org/ns/credentials/v2=uni-context.json'], /--context: .*bundled/],
    [['https://uni.example/ctx=array.json'], /array\.json: expected a JSON-LD context document \(a JSON object\)/],
    [
      ['https://uni.example/ctx=no-at-context.json'],
      /no-at-context\.json: not a JSON-LD context document \(no "@context" member\)/,
    ],
    [['https://uni.example/ctx=missing.json'], /missing\.json: no such file/],
    [
      ['https://uni.example/ctx=uni-context.json', 'https://uni.example/ctx=uni-context.json'],
      /--context: https:\/\/uni\.example\/ctx is given twice/,
    ],
  ])('--context %j: exit 2, one line, for verify, validate and issue', (specs, message) => {
    const flags = specs.flatMap((spec) => ['--context', spec])
    expectOneLineError(cli('verify', 'plain-signed.json', ...flags), message)
    expectOneLineError(cli('validate', 'plain.json', ...flags), message)
    expectOneLineError(cli('issue', 'plain.json', '--key', 'key.json', ...flags), message)
  })

  it('validate: warnings are marked and alone do not fail (exit 0); --profile accepts vc', () => {
    const result = cli('validate', 'related.json')
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^related\.json:relatedResource\[0\]: warning: ERR_RELATED_RESOURCE_UNVERIFIED /)
    expect(lines[1]).toBe('1 file valid, with 1 warning')
    expect(JSON.parse(cli('validate', 'related.json', '--json').stdout).files[0].issues).toEqual([
      expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' }),
    ])
    expect(cli('validate', 'plain.json', '--profile', 'vc')).toMatchObject({ code: 0, stdout: '1 file valid\n' })
    expect(cli('validate', 'credential.json', '--profile', 'vc')).toMatchObject({ code: 0, stdout: '1 file valid\n' })
    const ob3 = cli('validate', 'plain.json', '--profile', 'ob3')
    expect(ob3.code).toBe(1)
    expect(ob3.stdout).toMatch(/^plain\.json(:\S+)?: ERR_SCHEMA_REQUIRED /m)
    expect(ob3.stdout).not.toContain(': warning: ')
    expect(ob3.stdout).toMatch(/\n1 of 1 file invalid: \d+ errors?, 0 warnings\n$/)
  })
})

describe('status lists', () => {
  it('create → issue with an entry → revoke → publish: the published list revokes exactly that credential', async () => {
    const listUrl = 'https://uni.example/status/1'
    expect(cli('status', 'create', '--store', 'lists', '--id', listUrl).stdout).toContain('created revocation list')
    expectOneLineError(cli('status', 'create', '--store', 'lists', '--id', listUrl), /already exists/)
    expect(
      cli(
        'issue',
        'input.json',
        '--key',
        'key.json',
        '--status-store',
        'lists',
        '--status-list',
        listUrl,
        '--out',
        'revocable.json',
      ).code,
    ).toBe(0)
    expect(
      cli(
        'issue',
        'input.json',
        '--key',
        'key.json',
        '--status-store',
        'lists',
        '--status-list',
        listUrl,
        '--out',
        'other.json',
      ).code,
    ).toBe(0)
    expect(cli('status', 'show', 'revocable.json', '--store', 'lists').stdout).toBe(
      `revocation ${listUrl} index ${json('revocable.json')['credentialStatus'].statusListIndex}: clear\n`,
    )

    expect(cli('status', 'revoke', 'revocable.json', '--store', 'lists').code).toBe(0)
    expect(cli('status', 'show', 'revocable.json', '--store', 'lists').stdout).toContain(': revoked')
    expect(cli('status', 'show', 'other.json', '--store', 'lists').stdout).toContain(': clear')
    expect(
      cli('status', 'publish', '--store', 'lists', '--id', listUrl, '--key', 'key.json', '--out', 'list.json').code,
    ).toBe(0)

    const fetch = serveDocuments({ [listUrl]: json('list.json') })
    expect((await verify(read('revocable.json'), { fetch })).issues).toEqual([
      expect.objectContaining({ code: 'ERR_REVOKED' }),
    ])
    expect((await verify(read('other.json'), { fetch })).verified).toBe(true)

    // Offline, the CLI cannot fetch the list: it fails closed and says so.
    const offline = cli('verify', 'other.json')
    expect(offline.code).toBe(1)
    expect(offline.stdout).toContain('ERR_STATUS_UNAVAILABLE')
  })

  it('issue refuses an existing --out before it takes a status index', async () => {
    const listUrl = 'https://uni.example/status/small'
    expect(cli('status', 'create', '--store', 'lists', '--id', listUrl, '--length', '16').code).toBe(0)
    expectOneLineError(
      cli(
        'issue',
        'input.json',
        '--key',
        'key.json',
        '--status-store',
        'lists',
        '--status-list',
        listUrl,
        '--out',
        'credential.json',
      ),
      /credential\.json exists/,
    )
    const store = new FileStatusListStore(join(dir, 'lists'))
    for (let index = 0; index < 16; index++) expect(await store.isAllocated(listUrl, index)).toBe(false)
  })

  it('suspend and unsuspend by list and index; refuses a credential without an entry in the store', () => {
    const listUrl = 'https://uni.example/status/suspensions'
    expect(
      cli('status', 'create', '--store', 'lists', '--id', listUrl, '--purpose', 'suspension', '--length', '16').code,
    ).toBe(0)
    expect(
      cli(
        'issue',
        'input.json',
        '--key',
        'key.json',
        '--status-store',
        'lists',
        '--status-list',
        listUrl,
        '--out',
        'suspendable.json',
      ).code,
    ).toBe(0)
    const index = json('suspendable.json')['credentialStatus'].statusListIndex as string
    expect(cli('status', 'suspend', '--store', 'lists', '--list', listUrl, '--index', index).code).toBe(0)
    expect(cli('status', 'show', 'suspendable.json', '--store', 'lists').stdout).toContain(': suspended')
    expect(cli('status', 'unsuspend', 'suspendable.json', '--store', 'lists').code).toBe(0)
    expect(cli('status', 'show', 'suspendable.json', '--store', 'lists').stdout).toContain(': clear')

    expectOneLineError(
      cli('status', 'revoke', 'credential.json', '--store', 'lists'),
      /has no revocation entry in a list of lists/,
    )
    expectOneLineError(
      cli('status', 'revoke', '--store', 'lists', '--list', 'https://uni.example/none', '--index', '1'),
      /no status list https:\/\/uni\.example\/none in lists/,
    )
    expectOneLineError(
      cli('status', 'suspend', '--store', 'lists', '--list', listUrl, '--index', '-1'),
      /--index must be a non-negative integer/,
    )
  })
})

describe('microcred did-web', () => {
  it("writes the did.json of a did:web issuer's keys and says where to host it; refuses other controllers", () => {
    expect(
      cli('keygen', '--controller', 'did:web:uni.example', '--id', 'did:web:uni.example#key-1', '--out', 'web-key.json')
        .code,
    ).toBe(0)
    const result = cli('did-web', '--key', 'web-key.json', '--out', 'did.json')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('host it at https://uni.example/.well-known/did.json\n')
    const document = json('did.json')
    expect(document).toMatchObject({ id: 'did:web:uni.example', assertionMethod: ['did:web:uni.example#key-1'] })
    expect(read('did.json')).not.toContain('secretKeyMultibase')
    expectOneLineError(cli('did-web', '--key', 'key.json'), /not a did:web/)
  })
})

describe('--help', () => {
  const commands = [
    ['keygen'],
    ['issue'],
    ['template'],
    ['vocabularies'],
    ['verify'],
    ['validate'],
    ['bake'],
    ['extract'],
    ['did-web'],
    ['batch'],
    ['status'],
    ['status', 'create'],
    ['status', 'revoke'],
    ['status', 'suspend'],
    ['status', 'unsuspend'],
    ['status', 'show'],
    ['status', 'publish'],
  ]
  it.each(commands.map((command) => [command.join(' '), command] as const))(
    'microcred %s --help: usage and exit 0',
    (_name, command) => {
      const result = cli(...command, '--help')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Usage: microcred ${command.join(' ')}`)
    },
  )

  it('microcred --help lists every command', () => {
    const result = cli('--help')
    for (const name of ['keygen', 'issue', 'verify', 'validate', 'bake', 'extract', 'status', 'did-web', 'batch'])
      expect(result.stdout).toContain(`  ${name}`)
  })
})
