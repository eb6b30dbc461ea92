/**
 * isPublicAddress(): which addresses a server may connect to on a stranger's say-so. The expected values come
 * from the IANA IPv4 / IPv6 special-purpose address registries (RFC 6890 and successors), not from the code.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPublicAddress } from '../../../src/index.js'

describe('isPublicAddress(): public unicast addresses', () => {
  it.each([
    ['8.8.8.8', 'Google DNS'],
    ['1.1.1.1', 'Cloudflare DNS'],
    ['93.184.216.34', 'an ordinary public address'],
    ['9.255.255.255', 'just below 10.0.0.0/8'],
    ['11.0.0.1', 'just above 10.0.0.0/8'],
    ['172.15.255.255', 'just below 172.16.0.0/12'],
    ['172.32.0.1', 'just above 172.16.0.0/12'],
    ['192.167.255.255', 'just below 192.168.0.0/16'],
    ['192.169.0.1', 'just above 192.168.0.0/16'],
    ['100.63.255.255', 'just below 100.64.0.0/10 (CGNAT)'],
    ['100.128.0.1', 'just above 100.64.0.0/10 (CGNAT)'],
    ['169.253.255.255', 'just below 169.254.0.0/16'],
    ['169.255.0.1', 'just above 169.254.0.0/16'],
    ['126.255.255.255', 'just below 127.0.0.0/8'],
    ['128.0.0.1', 'just above 127.0.0.0/8'],
    ['223.255.255.254', 'just below multicast'],
    ['2001:4860:4860::8888', 'Google DNS over IPv6'],
    ['2606:4700:4700::1111', 'Cloudflare DNS over IPv6'],
    ['2a00:1450:4001:80b::200e', 'a global unicast IPv6 address'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6 of a public IPv4 address (judged as the IPv4 it carries)'],
  ])('%s is public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })
})

describe('isPublicAddress(): non-public addresses are refused', () => {
  it.each([
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback (whole /8)'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 (end)'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12 (end)'],
    ['192.168.0.1', 'private 192.168/16'],
    ['192.168.255.254', 'private 192.168/16 (end)'],
    ['169.254.169.254', 'link-local: cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT (end)'],
    ['0.0.0.0', 'unspecified (reaches the local host on Linux)'],
    ['0.1.2.3', '"this network" 0/8'],
    ['255.255.255.255', 'limited broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast (SSDP)'],
    ['192.0.2.1', 'documentation TEST-NET-1'],
    ['198.51.100.7', 'documentation TEST-NET-2'],
    ['203.0.113.9', 'documentation TEST-NET-3'],
    ['198.18.0.1', 'benchmarking 198.18/15'],
    ['240.0.0.1', 'reserved 240/4'],
    // IPv6
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique local (fc00::/7)'],
    ['fd12:3456:789a::1', 'unique local (fd00::/8)'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    // IPv4-mapped IPv6: judged as the IPv4 address they carry
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:a00:1', 'IPv4-mapped private, hex form'],
    ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
    ['::ffff:100.64.0.1', 'IPv4-mapped CGNAT'],
    ['::ffff:192.168.1.1', 'IPv4-mapped private'],
    // IPv6 prefixes that embed an IPv4 address (NAT64, 6to4): not plain public unicast
    ['64:ff9b::7f00:1', 'NAT64 (RFC 6052) of 127.0.0.1'],
    ['64:ff9b::a00:1', 'NAT64 (RFC 6052) of 10.0.0.1'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
  ])('%s is not public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): IPv4 spellings that name the loopback address', () => {
  // inet_aton-style forms: a decimal long, short forms, octal, hex. Whatever a parser makes of them, they
  // must never be judged public (they all mean 127.0.0.1).
  it.each(['2130706433', '127.1', '0x7f000001', '0177.0.0.1', '0x7f.0.0.1'])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): what is not an IP address is not public', () => {
  it.each([
    '',
    'example.com',
    'localhost',
    '256.1.1.1',
    '1.2.3.4.5',
    '[::1]',
    '::ffff:999.0.0.1',
    'not an address',
    ' 8.8.8.8',
    '8.8.8.8/32',
  ])('%j is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------
// IPv6 forms that carry an IPv4 address. The embedded address is written out by hand in each case (and in hex
// where the form needs it), from the RFC that defines the form; the helpers below only place 32 bits.

/** The two 16-bit groups of an IPv4 address, in hex (`10.0.0.1` → `a00:1`), inverted when `inverted` (Teredo). */
function groupsOf(ipv4: string, inverted = false): string {
  const octets = ipv4.split('.').map((octet) => Number(octet) ^ (inverted ? 0xff : 0))
  return `${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`
}

/** IPv4 addresses the IANA IPv4 special-purpose registry calls not globally reachable (or that reach this host). */
const NON_PUBLIC_IPV4 = [
  '127.0.0.1',
  '10.0.0.1',
  '172.16.0.1',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '224.0.0.1',
  '192.0.2.45',
  '192.88.99.1',
  '240.0.0.1',
]
/** Ordinary public addresses. */
const PUBLIC_IPV4 = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '65.54.227.120']

describe('groupsOf() (test helper): places an IPv4 address as RFC 4291 §2.2 writes it', () => {
  it('10.0.0.1 → a00:1, 169.254.169.254 → a9fe:a9fe; inverted 8.8.8.8 → f7f7:f7f7, 127.0.0.1 → 80ff:fffe', () => {
    expect(groupsOf('10.0.0.1')).toBe('a00:1')
    expect(groupsOf('169.254.169.254')).toBe('a9fe:a9fe')
    expect(groupsOf('8.8.8.8', true)).toBe('f7f7:f7f7')
    expect(groupsOf('127.0.0.1', true)).toBe('80ff:fffe')
  })
})

describe('isPublicAddress(): IPv4-compatible addresses (::/96, RFC 4291 §2.5.5.1, deprecated) are always refused', () => {
  it.each([
    ['::7f00:1', '127.0.0.1'],
    ['::127.0.0.1', '127.0.0.1, dotted (a parser reading it as ::ffff:127.0.0.1 would misjudge its public twin)'],
    ['::a00:1', '10.0.0.1'],
    ['::10.0.0.1', '10.0.0.1, dotted'],
    ['::a9fe:a9fe', '169.254.169.254 (cloud metadata)'],
    ['::169.254.169.254', '169.254.169.254, dotted'],
    ['::c0a8:101', '192.168.1.1'],
    ['::6440:1', '100.64.0.1 (CGNAT)'],
    ['::0.0.0.2', '0.0.0.2'],
    ['::ffff', '0.0.255.255'],
    ['::', 'the unspecified address, 0.0.0.0 as IPv4-compatible'],
    ['::1', 'the loopback address, 0.0.0.1 as IPv4-compatible'],
    ['0:0:0:0:0:0:0:1', 'the loopback address, uncompressed'],
    ['::0:0:1', 'the loopback address, another spelling'],
    // A public embedded address is refused too: the form is deprecated and nothing legitimate resolves to it.
    ['::808:808', '8.8.8.8'],
    ['::8.8.8.8', '8.8.8.8, dotted'],
    ['::5db8:d822', '93.184.216.34'],
  ])('%s is not public (embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): IPv4-mapped addresses (::ffff:0:0/96) are judged as the IPv4 address', () => {
  it.each([
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['::ffff:0.0.0.0', '0.0.0.0'],
    ['::ffff:0:0', '0.0.0.0, hex'],
    ['::ffff:c058:6301', '192.88.99.1 (6to4 relay anycast)'],
    ['0:0:0:0:0:ffff:7f00:1', '127.0.0.1, uncompressed'],
    ['::FFFF:7F00:1', '127.0.0.1, upper case'],
  ])('%s is not public (embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each([
    ['::ffff:808:808', '8.8.8.8'],
    ['::ffff:1.1.1.1', '1.1.1.1'],
    ['::ffff:5db8:d822', '93.184.216.34'],
  ])('%s is public (embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })

  it('the SIIT IPv4-translated form ::ffff:0:0:0/96 (RFC 6145 / RFC 7915) is refused, whatever it carries', () => {
    expect(isPublicAddress('::ffff:0:808:808')).toBe(false)
    expect(isPublicAddress('::ffff:0:a00:1')).toBe(false)
  })
})

describe('isPublicAddress(): NAT64 (RFC 6052) addresses', () => {
  it.each([
    ['64:ff9b::7f00:1', '127.0.0.1'],
    ['64:ff9b::127.0.0.1', '127.0.0.1, dotted'],
    ['64:ff9b::a00:1', '10.0.0.1'],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254 (cloud metadata)'],
    ['64:ff9b::169.254.169.254', '169.254.169.254, dotted'],
    ['64:ff9b::c0a8:101', '192.168.1.1'],
    ['64:ff9b::ac10:1', '172.16.0.1'],
    ['64:ff9b::6440:1', '100.64.0.1 (CGNAT)'],
    ['64:ff9b::', '0.0.0.0'],
    ['64:ff9b::ffff:ffff', '255.255.255.255'],
  ])('well-known prefix 64:ff9b::/96: %s is not public (embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each([
    ['64:ff9b::808:808', '8.8.8.8'],
    ['64:ff9b::8.8.8.8', '8.8.8.8, dotted'],
    ['64:ff9b::101:101', '1.1.1.1'],
    ['64:ff9b::5db8:d822', '93.184.216.34'],
  ])(
    'well-known prefix 64:ff9b::/96: %s is public (embeds %s; an IPv6-only network reaches it through its NAT64)',
    (address) => {
      expect(isPublicAddress(address)).toBe(true)
    },
  )

  it.each([
    ['64:ff9b:1::a00:1', '10.0.0.1 in the last 32 bits'],
    ['64:ff9b:1::808:808', '8.8.8.8 in the last 32 bits'],
    ['64:ff9b:1:a00:0:100::', '10.0.0.1 in the /48 layout (bits 48-63 and 72-87, RFC 6052 §2.2)'],
    ['64:ff9b:1:808:8:800::', '8.8.8.8 in the /48 layout'],
  ])(
    'local-use prefix 64:ff9b:1::/48 (RFC 8215): %s is refused (%s): the operator decides where the IPv4 address sits',
    (address) => {
      expect(isPublicAddress(address)).toBe(false)
    },
  )

  it('64:ff9b:0:0:1::808:808 is in neither NAT64 prefix, and outside 2000::/3: refused', () => {
    expect(isPublicAddress('64:ff9b:0:0:1::808:808')).toBe(false)
  })
})

describe('isPublicAddress(): 6to4 addresses (2002::/16, RFC 3056: the IPv4 address in bits 16-47)', () => {
  it.each([
    ['2002:7f00:1::1', '127.0.0.1'],
    ['2002:a00:1::1', '10.0.0.1'],
    ['2002:a9fe:a9fe::1', '169.254.169.254 (cloud metadata)'],
    ['2002:c0a8:101:1::1', '192.168.1.1'],
    ['2002:6440:1::1', '100.64.0.1 (CGNAT)'],
    ['2002:c058:6301::1', '192.88.99.1 (the 6to4 relay anycast address)'],
    ['2002::1', '0.0.0.0'],
    ['2002:e000:1::1', '224.0.0.1 (multicast)'],
  ])('%s is not public (embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each([
    ['2002:808:808::1', '8.8.8.8'],
    ['2002:5db8:d822:1::abcd', '93.184.216.34'],
  ])('%s is public (embeds %s: the packets are tunnelled to that public router)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })
})

describe('isPublicAddress(): Teredo addresses (2001::/32, RFC 4380 §4: server IPv4 in bits 32-63, client IPv4 inverted in the last 32)', () => {
  it.each([
    // RFC 4380 §4's own example: server 65.54.227.120 (public), client 192.0.2.45 (documentation, not public)
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'client 192.0.2.45 (RFC 4380 example)'],
    [`2001:0:4136:e378:8000:63bf:${groupsOf('127.0.0.1', true)}`, 'client 127.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'client 127.0.0.1 (written out)'],
    [`2001:0:4136:e378:8000:63bf:${groupsOf('169.254.169.254', true)}`, 'client 169.254.169.254'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'client 169.254.169.254 (written out)'],
    [`2001:0:4136:e378:8000:63bf:${groupsOf('10.0.0.1', true)}`, 'client 10.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:ffff:ffff', 'client 0.0.0.0'],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'server 10.0.0.1, client 8.8.8.8'],
    ['2001:0:7f00:1:8000:63bf:f7f7:f7f7', 'server 127.0.0.1, client 8.8.8.8'],
    ['2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7', 'server 169.254.169.254, client 8.8.8.8'],
    ['2001::1', 'server 0.0.0.0, client 255.255.255.254'],
  ])('%s is not public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each([
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'server 65.54.227.120, client 8.8.8.8'],
    [`2001:0:808:808:0:1:${groupsOf('93.184.216.34', true)}`, 'server 8.8.8.8, client 93.184.216.34'],
  ])('%s is public (%s: both ends are public)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })
})

describe('isPublicAddress(): ISATAP interface ids (RFC 5214 §6.1: …:0:5efe:a.b.c.d, …:200:5efe:a.b.c.d)', () => {
  it.each([
    ['2001:4860:1::5efe:a00:1', '10.0.0.1'],
    ['2001:4860:1::5efe:10.0.0.1', '10.0.0.1, dotted'],
    ['2001:4860:1::200:5efe:7f00:1', '127.0.0.1, u bit set'],
    ['2001:4860:1:0:200:5efe:169.254.169.254', '169.254.169.254, u bit set, dotted'],
    ['2001:4860:1:0:100:5efe:c0a8:101', '192.168.1.1, g bit set'],
    ['2001:4860:1:0:300:5efe:6440:1', '100.64.0.1, u and g bits set'],
    ['2002:808:808:1:0:5efe:a00:1', '10.0.0.1 behind a public 6to4 prefix'],
  ])('%s is not public (interface id embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each([
    ['2001:4860:1::5efe:808:808', '8.8.8.8'],
    ['2001:4860:1::200:5efe:8.8.8.8', '8.8.8.8, u bit set, dotted'],
  ])('%s is public (a global prefix, and the interface id embeds %s)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })

  it('an ISATAP interface id with a public IPv4 address under a non-public prefix is still refused', () => {
    expect(isPublicAddress('fe80::5efe:808:808')).toBe(false)
    expect(isPublicAddress('fd00::5efe:808:808')).toBe(false)
  })

  it('an interface id that is not ISATAP (another value in bits 64-79) is judged by its prefix alone', () => {
    expect(isPublicAddress('2001:4860:1:0:400:5efe:a00:1')).toBe(true)
    expect(isPublicAddress('2001:4860:1::5eff:a00:1')).toBe(true)
  })
})

describe('isPublicAddress(): IPv6 outside global unicast 2000::/3 (RFC 4291 §2.4) is refused', () => {
  it.each([
    ['4000::1', 'unassigned'],
    ['100::1', 'discard-only 100::/64 (RFC 6666)'],
    ['5f00::1', 'SRv6 SIDs 5f00::/16 (RFC 9602)'],
    ['1::1', 'reserved by the IETF'],
    ['3fff::1', 'documentation 3fff::/20 (RFC 9637)'],
    ['2001:2::1', 'benchmarking 2001:2::/48'],
  ])('%s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): every embedding of an IPv4 address from the registries, both ways', () => {
  const judgedByEmbedded: [string, (ipv4: string) => string][] = [
    ['IPv4-mapped', (ipv4) => `::ffff:${groupsOf(ipv4)}`],
    ['NAT64 well-known prefix', (ipv4) => `64:ff9b::${groupsOf(ipv4)}`],
    ['6to4', (ipv4) => `2002:${groupsOf(ipv4)}::1`],
    ['Teredo server (client 8.8.8.8)', (ipv4) => `2001:0:${groupsOf(ipv4)}:8000:63bf:${groupsOf('8.8.8.8', true)}`],
    ['Teredo client (server 65.54.227.120)', (ipv4) => `2001:0:4136:e378:8000:63bf:${groupsOf(ipv4, true)}`],
    ['ISATAP under 2001:4860:1::/64', (ipv4) => `2001:4860:1::5efe:${groupsOf(ipv4)}`],
  ]
  it.each(
    judgedByEmbedded.flatMap(([form, embed]) => NON_PUBLIC_IPV4.map((ipv4) => [form, ipv4, embed(ipv4)] as const)),
  )('%s of %s (%s) is not public', (_form, _ipv4, address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
  it.each(judgedByEmbedded.flatMap(([form, embed]) => PUBLIC_IPV4.map((ipv4) => [form, ipv4, embed(ipv4)] as const)))(
    '%s of %s (%s) is public',
    (_form, _ipv4, address) => {
      expect(isPublicAddress(address)).toBe(true)
    },
  )
  it.each([...NON_PUBLIC_IPV4, ...PUBLIC_IPV4])('IPv4-compatible ::%s is not public, whatever it embeds', (ipv4) => {
    expect(isPublicAddress(`::${groupsOf(ipv4)}`)).toBe(false)
    expect(isPublicAddress(`::${ipv4}`)).toBe(false)
  })

  it('for any IPv4 address, each form is public exactly when the IPv4 address is (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ipv4) => {
        const expected = isPublicAddress(ipv4)
        for (const [, embed] of judgedByEmbedded) expect(isPublicAddress(embed(ipv4))).toBe(expected)
        expect(isPublicAddress(`::${groupsOf(ipv4)}`)).toBe(false)
        expect(isPublicAddress(`64:ff9b:1::${groupsOf(ipv4)}`)).toBe(false)
      }),
      { seed: 17, numRuns: 2_000 },
    )
  })
})
