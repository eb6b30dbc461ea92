/**
 * The budget of one `verify()` call: how many fetches it may make, how long it may work, and how many credentials
 * inside the credential it may verify. One budget is shared by the credential and everything verified through it
 * (endorsements, bundled credentials, status lists), so no credential can multiply the work by nesting.
 */
import { MicrocredError } from '../errors.js'
import type { FetchLike } from '../net/fetch-json.js'

/** What one verification may still spend. */
export class VerificationBudget {
  readonly #deadline: number
  #fetchesLeft: number
  #nestedLeft: number

  constructor(
    readonly limits: { readonly maxFetches: number; readonly maxWorkMs: number; readonly maxNested: number },
    /** The caller's signal: aborting it spends the budget at once. */
    readonly signal?: AbortSignal,
    startedAt = performance.now(),
  ) {
    this.#deadline = startedAt + limits.maxWorkMs
    this.#fetchesLeft = limits.maxFetches
    this.#nestedLeft = limits.maxNested
  }

  /** Milliseconds of work left (0 once spent, or once the caller's signal aborted). */
  remainingMs(): number {
    return this.signal?.aborted === true ? 0 : Math.max(0, this.#deadline - performance.now())
  }

  /** True once the time is spent: nothing more may start. */
  get timeSpent(): boolean {
    return this.remainingMs() <= 0
  }

  /** Takes one nested verification from the budget; false when none is left. */
  takeNested(): boolean {
    if (this.#nestedLeft <= 0) return false
    this.#nestedLeft--
    return true
  }

  /** Why a step was not taken (`what` says which), as the error every caller reports. */
  timeError(what: string): MicrocredError {
    if (this.signal?.aborted === true)
      return new MicrocredError('ERR_BUDGET_EXCEEDED', `${what}: the verification was stopped (options.signal)`)
    return new MicrocredError(
      'ERR_BUDGET_EXCEEDED',
      `${what}: the verification's time budget of ${this.limits.maxWorkMs} ms (options.maxWorkMs) is spent`,
    )
  }

  /**
   * `fetch` limited by this budget: at most `maxFetches` calls, none once the time is spent, and each cut off when the
   * time runs out (whatever timeout the fetch has of its own).
   */
  limitFetch(fetch: FetchLike): FetchLike {
    return async (url, init) => {
      if (this.timeSpent) throw this.timeError(`${url} was not fetched`)
      if (this.#fetchesLeft <= 0) {
        throw new MicrocredError(
          'ERR_BUDGET_EXCEEDED',
          `${url} was not fetched: the verification's budget of ${this.limits.maxFetches} fetches (options.maxFetches) is spent`,
        )
      }
      this.#fetchesLeft--
      const timeUp = AbortSignal.timeout(Math.max(1, Math.ceil(this.remainingMs())))
      const deadline = this.signal === undefined ? timeUp : AbortSignal.any([this.signal, timeUp])
      const signal = init?.signal == null ? deadline : AbortSignal.any([init.signal, deadline])
      // Raced as well as signalled: the budget holds even for a fetch that ignores its signal.
      const cutOff = new Promise<never>((_, reject) => {
        const onAbort = (): void => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as fetch does: with the caller's abort reason, whatever it is
          reject(deadline.aborted ? this.timeError(`fetching ${url} was cut off`) : signal.reason)
        }
        if (signal.aborted) onAbort()
        else signal.addEventListener('abort', onAbort, { once: true })
      })
      cutOff.catch(() => undefined)
      return Promise.race([fetch(url, { ...init, signal }), cutOff])
    }
  }
}
