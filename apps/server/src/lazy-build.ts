/**
 * Something built at first use and then kept for the life of the process: the esbuild bundles
 * Lunas serves (SDK, secure iframe, hosted-checkout script). Requests that arrive together at
 * start (a card form loads three secure iframes at once) share one build; a failed build is not
 * kept, so the next request tries again; a new key (a pinning key rotated in) replaces the old build.
 */
export function lazyBuild<T>(): (key: string, build: () => Promise<T>) => Promise<T> {
  let current: { key: string; value: Promise<T> } | undefined;
  return (key, build) => {
    if (current?.key === key) return current.value;
    const entry = { key, value: build() };
    current = entry;
    entry.value.catch(() => {
      if (current === entry) current = undefined;
    });
    return entry.value;
  };
}
