/** HTTP calls to a service under test, over real HTTP on 127.0.0.1. */

/** A response: its status, content type, parsed JSON body (`undefined` when empty) and headers. */
export interface CallResult {
  status: number
  type: string | null
  body: any
  headers: Headers
}

/** POSTs `body` as JSON (or `raw` as is) to `base + path`, with a bearer `token` when given. */
export async function call(
  base: string,
  path: string,
  body: unknown,
  token?: string,
  raw?: string,
): Promise<CallResult> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: raw ?? JSON.stringify(body),
  })
  return read(response)
}

/** GETs `base + path`. */
export async function get(base: string, path: string): Promise<CallResult> {
  return read(await fetch(`${base}${path}`))
}

/** A response as a {@link CallResult}: its body parsed as JSON. */
export async function read(response: Response): Promise<CallResult> {
  const text = await response.text()
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers,
  }
}
