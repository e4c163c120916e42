/**
 * Composes a function's clients and adapters once per container, on its first invocation: importing an
 * entry (a test, the bundle-size report) constructs nothing, and a compose that failed (a throttled secret
 * read) is tried again on the next invocation instead of poisoning the container.
 */
export function onColdStart<T>(compose: () => T | Promise<T>): () => Promise<T> {
  let composed: Promise<T> | undefined;
  return () => {
    composed ??= Promise.resolve()
      .then(compose)
      .catch((error: unknown) => {
        composed = undefined;
        throw error;
      });
    return composed;
  };
}
