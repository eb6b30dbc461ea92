import jsonld from 'jsonld'
import { describe, expect, it, vi } from 'vitest'
import { createDocumentLoader, isMicrocredError, type DocumentLoader } from '../../../src/index.js'

describe('createDocumentLoader', () => {
  it('serves bundled contexts without any fetch', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const result = await createDocumentLoader()('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')
    expect(result.documentUrl).toBe('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')
    expect(result.contextUrl).toBeNull()
    expect(
      (result.document as { '@context': Record<string, unknown> })['@context']['OpenBadgeCredential'],
    ).toBeDefined()
    expect(fetchSpy).not.toHaveBeenCalled()
    fetchSpy.mockRestore()
  })

  it('serves an alias URL with the same document as its canonical URL', async () => {
    const loader = createDocumentLoader()
    const alias = await loader('https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld')
    const canonical = await loader('https://purl.imsglobal.org/spec/ob/v3p0/context.json')
    expect(alias.document).toBe(canonical.document)
  })

  it('serves contexts that import others by URL as fresh copies (jsonld.js writes into them), all others frozen and shared', async () => {
    const loader = createDocumentLoader()
    for (const url of ['https://w3id.org/security/v2', 'https://www.w3.org/2018/credentials/examples/v1']) {
      const first = (await loader(url)).document as { '@context': unknown[] }
      const second = (await loader(url)).document
      expect(first).toEqual(second)
      expect(first).not.toBe(second)
      expect(Object.isFrozen(first['@context'])).toBe(false)
      first['@context'][1] = 'https://example.org/elsewhere'
      expect(((await loader(url)).document as { '@context': unknown[] })['@context']).not.toContain(
        'https://example.org/elsewhere',
      )
    }
    for (const url of [
      'https://w3id.org/security/v1',
      'https://w3id.org/security/suites/ed25519-2018/v1',
      'https://www.w3.org/ns/odrl.jsonld',
    ]) {
      const { document } = await loader(url)
      expect(Object.isFrozen(document)).toBe(true)
      expect((await loader(url)).document).toBe(document)
    }
  })

  it('serves a caller context that imports another by URL as a copy too, so jsonld.js can load it', async () => {
    const mine = { '@context': ['https://www.w3.org/2018/credentials/v1', { gpa: 'https://example.edu/vocab#gpa' }] }
    const loader = createDocumentLoader({ contexts: { 'https://example.edu/ctx/v1': mine } })
    const document = { '@context': 'https://example.edu/ctx/v1', '@id': 'urn:x', gpa: '3.9' }
    const expanded = await jsonld.expand(document, { documentLoader: loader, safe: true } as jsonld.Options.Expand)
    expect(expanded).toEqual([{ '@id': 'urn:x', 'https://example.edu/vocab#gpa': [{ '@value': '3.9' }] }])
  })

  it('rejects any other URL with ERR_CONTEXT_UNKNOWN and fetches nothing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const error = await createDocumentLoader()('https://example.com/context.json').catch((e: unknown) => e)
    expect(isMicrocredError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_CONTEXT_UNKNOWN' })
    expect((error as Error).message).toContain('https://example.com/context.json')
    expect(fetchSpy).not.toHaveBeenCalled()
    fetchSpy.mockRestore()
  })

  it('serves caller contexts, as frozen copies', async () => {
    const mine = { '@context': { gpa: 'https://example.edu/vocab#gpa' } }
    const loader = createDocumentLoader({ contexts: { 'https://example.edu/ctx/v1': mine } })
    const { document } = await loader('https://example.edu/ctx/v1')
    expect(document).toEqual(mine)
    expect(document).not.toBe(mine)
    expect(Object.isFrozen(document)).toBe(true)
  })

  it('refuses to remap a bundled (pinned) URL', () => {
    expect(() =>
      createDocumentLoader({ contexts: { 'https://www.w3.org/ns/credentials/v2': { '@context': {} } } }),
    ).toThrow(TypeError)
  })

  it('asks the fallback only for URLs it does not have', async () => {
    const fallback = vi.fn<DocumentLoader>(async (url) => ({
      contextUrl: null,
      documentUrl: url,
      document: { '@context': {} },
    }))
    const loader = createDocumentLoader({ fallback })
    await loader('https://www.w3.org/ns/credentials/v2')
    expect(fallback).not.toHaveBeenCalled()
    await loader('https://example.org/other')
    expect(fallback).toHaveBeenCalledWith('https://example.org/other')
  })

  it('treats wrong argument types as programming mistakes (TypeError)', () => {
    expect(() => createDocumentLoader({ fallback: 'yes' as unknown as DocumentLoader })).toThrow(TypeError)
    expect(() =>
      createDocumentLoader({ contexts: { 'https://x.example/': 'not an object' as unknown as object } }),
    ).toThrow(TypeError)
    expect(() => createDocumentLoader('nope' as unknown as object)).toThrow(TypeError)
  })
})
