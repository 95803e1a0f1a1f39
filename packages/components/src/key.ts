/**
 * `components_sdk_key` = `<p0>-<p1>-<hostId>-<publicKey>-<signature>` (components-protocol.md §1.1).
 * The browser's only credential is `p0-p1`; the public key and its pinning signature are
 * forwarded to the secure card fields, which verify them before encrypting anything.
 */
export interface SdkKey {
  sessionAuthKey: string;
  hostId: string;
  publicKey: string;
  signature: string;
}

export function parseSdkKey(key: unknown): SdkKey {
  const parts = typeof key === 'string' ? key.split('-') : [];
  if (parts.length < 5 || parts.slice(0, 5).some((part) => part === '')) {
    throw new Error('The componentsSdkKey option has the wrong format: pass the components_sdk_key your server received from POST /sessions, unchanged.');
  }
  return { sessionAuthKey: `${parts[0]}-${parts[1]}`, hostId: parts[2]!, publicKey: parts[3]!, signature: parts[4]! };
}
