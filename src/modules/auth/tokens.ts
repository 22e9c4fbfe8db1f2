import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';

const ISSUER = 'seller-center-api';
const AUDIENCE = 'seller-center-api';

/** Signs and verifies short-lived access tokens (HS256 JWTs whose subject is the user id). */
export class AccessTokens {
  private readonly key: Uint8Array<ArrayBuffer>;
  /**
   * The key imported into WebCrypto once: given raw bytes, jose imports them again on every call, which
   * doubles the cost of verifying the token that every signed-in request carries.
   */
  private readonly verifyingKey: Promise<CryptoKey>;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
    this.verifyingKey = crypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
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
    try {
      const { payload } = await jwtVerify(token, await this.verifyingKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: now,
      });
      return payload.sub ?? null;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}
