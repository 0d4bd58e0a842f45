/** Runs the calls of `run` one after another, never two at once: an engine holds one connection, and
 * the statements of one query must not interleave with another's. */
export function serialized<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const result = tail.then(() => run(...args));
    tail = result.catch(() => undefined);
    return result;
  };
}
