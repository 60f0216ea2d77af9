/**
 * Cursors and selections of co-editors (Yjs awareness updates) are relayed, never stored. The
 * server rewrites who each entry claims to be from the sender's session, so nobody can show a
 * cursor under someone else's name, and refuses what is not an awareness update.
 */
import { badRequest } from '../../http/errors';
import { decoding, encoding } from './yjs';

/** Enough for a cursor, a selection and a name; an awareness update is small. */
export const AWARENESS_MAX_BYTES = 4 * 1024;
const COLOR = /^#[0-9a-f]{6}$/i;

interface Sender {
  userId: string;
  name: string;
}

export function stampAwareness(update: Uint8Array, sender: Sender): Uint8Array {
  if (update.byteLength > AWARENESS_MAX_BYTES) throw badRequest('validation_failed', 'Cursor updates are at most 4 KiB');
  try {
    const decoder = decoding.createDecoder(update);
    const encoder = encoding.createEncoder();
    const entries = decoding.readVarUint(decoder);
    encoding.writeVarUint(encoder, entries);
    for (let i = 0; i < entries; i += 1) {
      encoding.writeVarUint(encoder, decoding.readVarUint(decoder)); // client id
      encoding.writeVarUint(encoder, decoding.readVarUint(decoder)); // clock
      const state = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown> | null;
      encoding.writeVarString(encoder, JSON.stringify(state === null ? null : stamped(state, sender)));
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return encoding.toUint8Array(encoder);
  } catch {
    throw badRequest('validation_failed', 'Not a Yjs awareness update');
  }
}

function stamped(state: Record<string, unknown>, sender: Sender): Record<string, unknown> {
  const claimed = (state.user ?? {}) as { color?: unknown };
  const color = typeof claimed.color === 'string' && COLOR.test(claimed.color) ? claimed.color : '#1971c2';
  return { ...state, user: { id: sender.userId, name: sender.name, color } };
}
