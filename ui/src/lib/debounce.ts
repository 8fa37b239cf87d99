/** Call `fn` once `ms` after the last call; `cancel()` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/**
 * Keeps only the newest of overlapping requests: `begin()` returns a token, `isCurrent(token)` tells whether
 * no later request started since. Stops a slow search for "ab" from overwriting the results for "abc".
 */
export function latestOnly() {
  let seq = 0;
  return {
    begin: () => ++seq,
    isCurrent: (token: number) => token === seq,
  };
}
