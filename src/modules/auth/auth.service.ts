import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ServiceContext, Viewer } from '../../context.ts';
import type { User } from '../../generated/prisma/client.ts';
import { sha256Hex } from '../../infra/crypto.ts';
import { AlreadyExistsError, InvalidCredentialsError, isUniqueViolation } from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { AccessTokens } from './tokens.ts';

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Must be a valid email address'))
  .transform((value) => value.toLowerCase());

const signUpInput = z.object({
  email,
  password: z
    .string()
    .min(10, 'Must be at least 10 characters')
    .max(200, 'Must be at most 200 characters'),
  displayName: z.string().trim().min(1, 'Must not be empty').max(80),
});

const logInInput = z.object({ email, password: z.string().max(200) });
const refreshInput = z.object({ refreshToken: z.string().min(1).max(200) });

/** A new pair of tokens: a short-lived signed access token and a long-lived, single-use refresh token. */
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface AuthResult {
  user: User;
  tokens: TokenPair;
}

/**
 * Sign-up, log-in and token handling. Refresh tokens rotate: each use revokes the old session and opens a
 * new one, so a stolen refresh token works at most once.
 */
export class AuthService {
  private readonly accessTokens: AccessTokens;
  /**
   * Viewers by user id, for AUTH_VIEWER_CACHE_SECONDS: every signed-in request would otherwise read its
   * user, which costs more than the rest of a small request. Users are never deleted, so what can go
   * stale is the staff flag: changed here, it is dropped at once; changed by another process (the
   * `staff:grant` command), it reaches this instance within that time.
   */
  private readonly viewers: LRUCache<string, Viewer> | null;
  /**
   * The reads of users in flight, shared by the requests that miss `viewers` meanwhile: a client that
   * sends many requests at once, as a flash sale's buyers do when the entry has just expired, would
   * otherwise read its user once per request until the first read comes back. (lru-cache's `fetch` would
   * share them too, but a `delete` during one makes it reject, and `setStaff` deletes.)
   */
  private readonly viewerReads = new Map<string, Promise<Viewer | null>>();

  constructor(private readonly deps: Dependencies) {
    this.accessTokens = new AccessTokens(deps.config.JWT_SECRET, deps.config.ACCESS_TOKEN_TTL_SECONDS, deps.config.AUTH_TOKEN_CACHE_SIZE);
    const ttl = deps.config.AUTH_VIEWER_CACHE_SECONDS * 1000;
    this.viewers = ttl > 0 ? new LRUCache({ max: 50_000, ttl }) : null;
  }

  async signUp(_ctx: ServiceContext, rawInput: z.input<typeof signUpInput>): Promise<AuthResult> {
    const input = parseInput(signUpInput, rawInput);
    const passwordHash = await hashPassword(input.password);
    const existing = await this.deps.prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw new AlreadyExistsError('An account with this email exists already', ['input', 'email']);
    try {
      const user = await this.deps.prisma.user.create({
        data: { email: input.email, passwordHash, displayName: input.displayName },
      });
      return { user, tokens: await this.openSession(user.id) };
    } catch (error) {
      // Two sign-ups with one email racing past the check above: the unique index decides.
      if (isUniqueViolation(error)) throw new AlreadyExistsError('An account with this email exists already', ['input', 'email']);
      throw error;
    }
  }

  async logIn(_ctx: ServiceContext, rawInput: z.input<typeof logInInput>): Promise<AuthResult> {
    const input = parseInput(logInInput, rawInput);
    const user = await this.deps.prisma.user.findUnique({ where: { email: input.email } });
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid) throw new InvalidCredentialsError();
    return { user, tokens: await this.openSession(user.id) };
  }

  async refresh(_ctx: ServiceContext, rawInput: z.input<typeof refreshInput>): Promise<AuthResult> {
    const input = parseInput(refreshInput, rawInput);
    const now = this.deps.clock.now();
    // Revoking with a conditional update makes concurrent uses of one token yield exactly one winner.
    const revoked = await this.deps.prisma.session.updateManyAndReturn({
      where: { tokenHash: sha256Hex(input.refreshToken), revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now, lastUsedAt: now },
      select: { userId: true },
    });
    const session = revoked[0];
    if (!session) throw new InvalidCredentialsError();
    const user = await this.deps.prisma.user.findUniqueOrThrow({ where: { id: session.userId } });
    return { user, tokens: await this.openSession(user.id) };
  }

  /** Revokes the session of a refresh token. Unknown tokens are ignored: logging out twice is harmless. */
  async logOut(ctx: ServiceContext, rawInput: z.input<typeof refreshInput>): Promise<void> {
    const input = parseInput(refreshInput, rawInput);
    await this.deps.prisma.session.updateMany({
      where: { tokenHash: sha256Hex(input.refreshToken), revokedAt: null, ...(ctx.viewer ? { userId: ctx.viewer.userId } : {}) },
      data: { revokedAt: this.deps.clock.now() },
    });
  }

  /**
   * The viewer of a bearer token: null for a token that is invalid, expired or names a user that does
   * not exist. A token's signature is checked once per instance while the token is kept
   * (AUTH_TOKEN_CACHE_SIZE), its expiry on every request. Staff rights come from the user row or from
   * the STAFF_EMAILS setting; the row is read at most once per AUTH_VIEWER_CACHE_SECONDS per user and
   * instance (see `viewers`).
   */
  async authenticate(accessToken: string): Promise<Viewer | null> {
    const userId = await this.accessTokens.verify(accessToken, this.deps.clock.now());
    if (!userId) return null;
    if (!this.viewers) return this.readViewer(userId);
    const known = this.viewers.get(userId);
    if (known) return known;
    let read = this.viewerReads.get(userId);
    if (!read) {
      read = this.readViewer(userId).then(
        (viewer) => {
          // Unless setStaff dropped this read meanwhile: what it read may predate the change.
          if (this.viewerReads.get(userId) === read) {
            this.viewerReads.delete(userId);
            if (viewer) this.viewers?.set(userId, viewer);
          }
          return viewer;
        },
        (error: unknown) => {
          if (this.viewerReads.get(userId) === read) this.viewerReads.delete(userId);
          throw error;
        },
      );
      this.viewerReads.set(userId, read);
    }
    return read;
  }

  private async readViewer(userId: string): Promise<Viewer | null> {
    const user = await this.deps.prisma.user.findUnique({ where: { id: userId }, select: { id: true, isStaff: true, email: true } });
    // Frozen: one object serves many requests.
    return user ? Object.freeze({ userId: user.id, isStaff: user.isStaff || this.isStaffEmail(user.email) }) : null;
  }

  /** How many verified access tokens this instance keeps (see AUTH_TOKEN_CACHE_SIZE). */
  get verifiedTokenCount(): number {
    return this.accessTokens.verifiedCount;
  }

  /** Whether configuration (STAFF_EMAILS) makes the owner of this email platform staff. */
  isStaffEmail(emailAddress: string): boolean {
    return this.deps.config.STAFF_EMAILS.includes(emailAddress.toLowerCase());
  }

  /** Grants or revokes platform staff rights. Only for the command line: no mutation calls it. */
  async setStaff(emailAddress: string, isStaff: boolean): Promise<User> {
    const user = await this.deps.prisma.user.update({ where: { email: emailAddress.toLowerCase() }, data: { isStaff } });
    this.viewers?.delete(user.id);
    this.viewerReads.delete(user.id);
    return user;
  }

  private async openSession(userId: string): Promise<TokenPair> {
    const now = this.deps.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(now.getTime() + this.deps.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await this.deps.prisma.session.create({
      data: { userId, tokenHash: sha256Hex(refreshToken), expiresAt: refreshTokenExpiresAt },
    });
    const access = await this.accessTokens.sign(userId, now);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt };
  }
}
