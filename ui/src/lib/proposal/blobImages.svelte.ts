// Images of documents, shown from this laptop's blobs: a `data:` URL per SHA-256, fetched once when first
// asked for (`undefined` until it arrives, or while the blob has not reached this laptop).

import { api } from "../api";

export function blobImages(): (sha256: string) => string | undefined {
  const urls = $state<Record<string, string | null>>({});
  return (sha256: string) => {
    const known = urls[sha256];
    if (known !== undefined) return known ?? undefined;
    urls[sha256] = null;
    api
      .proposalImage(sha256)
      .then((url) => (urls[sha256] = url))
      .catch(() => (urls[sha256] = null));
    return undefined;
  };
}
