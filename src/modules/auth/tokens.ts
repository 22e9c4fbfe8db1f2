import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';

const ISSUER = 'seller-center-api';
const AUDIENCE = 'seller-center-api';

/** What a verified token says, kept until the token expires. */
interface VerifiedToken {
  userId: string;
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** Signs and verifies short-lived access tokens (HS256 JWTs whose subject is the user id). */
export class AccessTokens {
  private readonly key: Uint8Array<ArrayBuffer>;
  /**
   * The key imported into WebCrypto once: given raw bytes, jose imports them again on every call, which
   * doubles the cost of verifying the token that every signed-in request carries.
   */
  private readonly verifyingKey: Promise<CryptoKey>;
  /**
   * Tokens already verified, by their exact text (signature included, so only a token this key signed
   * can be found here), until their `exp`: checking the HMAC is the largest part of a small signed-in
   * request, and a client sends the same token for its whole life. An access token is not tied to a
   * session, so nothing but its expiry can make a verified token invalid; with the same secret, the
   * same text always verifies the same way. Null when the size is 0.
   */
  private readonly verified: LRUCache<string, VerifiedToken> | null;

  constructor(secret: string, private readonly ttlSeconds: number, verifiedCacheSize = 0) {
    this.key = new TextEncoder().encode(secret);
    this.verifyingKey = crypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    this.verified = verifiedCacheSize > 0 ? new LRUCache({ max: verifiedCacheSize }) : null;
  }

  async sign(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.ttlSeconds) * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The user id of a valid token, or null for an invalid or expired one. */
  async verify(token: string, now: Date): Promise<string | null> {
    // jose's rule: a token is expired once `exp` <= now in whole seconds.
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const known = this.verified?.get(token);
    if (known) {
      if (known.expiresAt > nowSeconds) return known.userId;
      this.verified?.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, await this.verifyingKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (!payload.sub) return null;
      // A token without an expiry, or not valid before some time, would need more than `exp` to be judged
      // again later: such a token (this class never signs one) is verified every time.
      if (typeof payload.exp === 'number' && payload.nbf === undefined) this.verified?.set(token, { userId: payload.sub, expiresAt: payload.exp });
      return payload.sub;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }

  /** How many verified tokens are kept right now. */
  get verifiedCount(): number {
    return this.verified?.size ?? 0;
  }
}
