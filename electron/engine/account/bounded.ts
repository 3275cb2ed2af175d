// A promise that gives up when a signal fires. The AWS SDK honours an abort signal while a
// request is on the wire, but not in every stage before it (credential resolution, config
// loading): racing the whole call against the signal makes the time limit hold regardless.

/** `work`, or the signal's reason once it fires first. `work` itself is left to settle unobserved. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
