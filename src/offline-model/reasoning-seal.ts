import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 32;

/**
 * The `encrypted_content` of reasoning items: opaque to clients, verifiable only by the server
 * that issued it, as the API's is. It binds the item's id under a per-server key, so a stateless
 * client can hand a reasoning item back without the server remembering anything, and content
 * that was altered, invented or issued by another server is rejected.
 */
export class ReasoningSeal {
  private readonly key = randomBytes(32);

  seal(itemId: string): string {
    const payload = Buffer.from(itemId, 'utf8');
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** Whether `content` is what this server issued for the reasoning item `itemId`. */
  verify(content: string, itemId: string): boolean {
    const bytes = Buffer.from(content, 'base64url');
    if (bytes.length <= MAC_BYTES) return false;
    const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
    return timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), this.mac(payload)) && payload.toString('utf8') === itemId;
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
