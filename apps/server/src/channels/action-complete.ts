import { createHash } from 'node:crypto';
import { ACTION_COMPLETE } from '@lunas/protocol/messages';

/**
 * The Components SDK shows 3DS and redirect pages in an "action iframe" and waits for this
 * message from it (components-protocol.md §4) before it polls for the outcome. The SDK checks
 * the message's source window, not its origin, and the message carries no secret, hence '*'.
 * Outside an iframe the script does nothing.
 */
export const ACTION_COMPLETE_SCRIPT = `if (window.parent !== window) { window.parent.postMessage({ type: '${ACTION_COMPLETE}' }, '*'); }`;
export const ACTION_COMPLETE_SCRIPT_HASH = `sha256-${createHash('sha256').update(ACTION_COMPLETE_SCRIPT).digest('base64')}`;
