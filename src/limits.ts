/** Default caps on input, shared by `issue()` and `verify()`. All are overridable per call. */

/** Default cap on the size of a credential to sign or verify: 1 MiB of JSON. */
export const DEFAULT_MAX_BYTES = 1024 * 1024

/** Default maximum JSON nesting depth (the OB 3.0 complete example nests 9 levels deep). */
export const DEFAULT_MAX_DEPTH = 64
