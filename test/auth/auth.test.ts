import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { CreateCategory } from '../catalog/helpers.ts';
import { expectTypename, sqlStatementsOf, type GraphQLTestClient } from '../support/client.ts';
import { TestClock } from '../support/clock.ts';
import { PASSWORD, signUp } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on AuthPayload { accessToken refreshToken accessTokenExpiresAt user { id displayName email } }
      ... on ValidationError { code field issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

const LogIn = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      __typename
      ... on AuthPayload { accessToken refreshToken }
      ... on UserError { code message field }
    }
  }
`);

const Refresh = graphql(`
  mutation Refresh($input: RefreshTokenInput!) {
    refreshAccessToken(input: $input) {
      __typename
      ... on AuthPayload { accessToken refreshToken }
      ... on UserError { code }
    }
  }
`);

const LogOut = graphql(`
  mutation LogOut($input: RefreshTokenInput!) {
    logOut(input: $input) { __typename ... on LogOutPayload { loggedOut } }
  }
`);

const Me = graphql(`
  query Me {
    me { id email displayName isStaff }
  }
`);

const UserById = graphql(`
  query UserById($id: ID!) {
    node(id: $id) { __typename ... on User { displayName email } }
  }
`);

/** What creating a category (staff only) answers for this client. */
async function categoryCreatedBy(client: GraphQLTestClient): Promise<string | undefined> {
  const slug = `auth-${randomUUID().slice(0, 8)}`;
  return (await client.request(CreateCategory, { input: { slug, name: 'Auth', platformCommissionBps: 800 } })).data?.createCategory.__typename;
}

describe('authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('signs up, returns tokens and stores only a slow salted hash of the password', async () => {
    const email = `Mixed.Case-${Date.now()}@Example.com`;
    const result = await server.client.request(SignUp, { input: { email, password: PASSWORD, displayName: 'Ana' } });
    const payload = expectTypename(result.data?.signUp, 'AuthPayload');
    const me = await server.client.as(payload.accessToken).request(Me);
    expect(me.data?.me?.email).toBe(email.toLowerCase());
    expect(payload.accessToken.split('.')).toHaveLength(3);
    const row = await server.running.services.prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const user = await signUp(server.client);
    const result = await server.client.request(SignUp, {
      input: { email: user.email.toUpperCase(), password: PASSWORD, displayName: 'Twin' },
    });
    const error = expectTypename(result.data?.signUp, 'AlreadyExistsError');
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', field: ['input', 'email'] });
  });

  it('reports every invalid field of a sign-up at once', async () => {
    const result = await server.client.request(SignUp, { input: { email: 'not-an-email', password: 'short', displayName: ' ' } });
    const error = expectTypename(result.data?.signUp, 'ValidationError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.field.join('.')).sort()).toEqual(['input.displayName', 'input.email', 'input.password']);
  });

  it('logs in with the right password only, without telling which part was wrong', async () => {
    const user = await signUp(server.client);
    const good = await server.client.request(LogIn, { input: { email: user.email, password: PASSWORD } });
    expectTypename(good.data?.logIn, 'AuthPayload');
    const wrongPassword = await server.client.request(LogIn, { input: { email: user.email, password: 'wrong-password-1' } });
    const unknownEmail = await server.client.request(LogIn, { input: { email: 'nobody@example.com', password: PASSWORD } });
    expect(expectTypename(wrongPassword.data?.logIn, 'InvalidCredentialsError').message).toBe(
      expectTypename(unknownEmail.data?.logIn, 'InvalidCredentialsError').message,
    );
  });

  it('answers `me` for a bearer token and null for an anonymous request', async () => {
    const user = await signUp(server.client, 'me');
    const signedIn = await user.client.request(Me);
    expect(signedIn.data?.me).toMatchObject({ id: user.userId, email: user.email, isStaff: false });
    const anonymous = await server.client.request(Me);
    expect(anonymous.data?.me).toBeNull();
  });

  it('rejects an invalid or malformed token with a 401 UNAUTHENTICATED error', async () => {
    const forged = await server.client.as('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl').request(Me);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const malformed = await server.client.raw({ query: '{ me { id } }' }, { authorization: 'Token abc' });
    expect(malformed.status).toBe(401);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('hides a user’s email from everyone but the user', async () => {
    const ana = await signUp(server.client, 'ana');
    const ben = await signUp(server.client, 'ben');
    const seenByBen = await ben.client.request(UserById, { id: ana.userId });
    expect(seenByBen.data?.node).toEqual({ __typename: 'User', displayName: 'ana', email: null });
    const seenByAna = await ana.client.request(UserById, { id: ana.userId });
    expect(seenByAna.data?.node).toMatchObject({ email: ana.email });
  });

  it('rotates refresh tokens: each works once, and of concurrent uses exactly one wins', async () => {
    const user = await signUp(server.client);
    const first = await server.client.request(Refresh, { input: { refreshToken: user.refreshToken } });
    const rotated = expectTypename(first.data?.refreshAccessToken, 'AuthPayload');
    const replay = await server.client.request(Refresh, { input: { refreshToken: user.refreshToken } });
    expect(replay.data?.refreshAccessToken).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const racers = await Promise.all(
      Array.from({ length: 8 }, () => server.client.request(Refresh, { input: { refreshToken: rotated.refreshToken } })),
    );
    const winners = racers.filter((result) => result.data?.refreshAccessToken.__typename === 'AuthPayload');
    expect(winners).toHaveLength(1);
  });

  it('logs out by revoking the refresh token', async () => {
    const user = await signUp(server.client);
    const result = await user.client.request(LogOut, { input: { refreshToken: user.refreshToken } });
    expect(result.data?.logOut).toEqual({ __typename: 'LogOutPayload', loggedOut: true });
    const after = await server.client.request(Refresh, { input: { refreshToken: user.refreshToken } });
    expect(after.data?.refreshAccessToken).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});

describe('staff rights changed by another process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_VIEWER_CACHE_SECONDS: '1' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reach a signed-in user’s requests within AUTH_VIEWER_CACHE_SECONDS', async () => {
    const user = await signUp(server.client, 'granted');
    expect(await categoryCreatedBy(user.client)).toBe('PermissionDeniedError');
    // As the staff:grant command does, from its own process: this instance is not told.
    await server.running.services.prisma.user.update({ where: { email: user.email }, data: { isStaff: true } });
    await expect.poll(() => categoryCreatedBy(user.client), { timeout: 10_000 }).toBe('CreateCategoryPayload');
  });
});

describe('the viewer cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_VIEWER_CACHE_SECONDS: '300' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads a signed-in user once for many requests, and sees a staff grant made through the service at once', async () => {
    const user = await signUp(server.client, 'cached');
    const typename = () => user.client.raw({ query: '{ __typename }' });
    expect(sqlStatementsOf(await typename())).toBe(1);
    expect(sqlStatementsOf(await typename())).toBe(0);
    expect(await categoryCreatedBy(user.client)).toBe('PermissionDeniedError');
    await server.running.services.auth.setStaff(user.email, true);
    expect(await categoryCreatedBy(user.client)).toBe('CreateCategoryPayload');
    await server.running.services.auth.setStaff(user.email, false);
    expect(await categoryCreatedBy(user.client)).toBe('PermissionDeniedError');
  });

  it('reads a user once for many requests sent at once before the user is known', async () => {
    const user = await signUp(server.client, 'burst');
    // Opens the connections first, so that the requests below reach the server together. (On PGlite a
    // read can end before the next request is even verified; on PostgreSQL they overlap.)
    await Promise.all(Array.from({ length: 20 }, () => server.client.raw({ query: '{ __typename }' })));
    const responses = await Promise.all(Array.from({ length: 20 }, () => user.client.raw({ query: '{ __typename }' })));
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    expect(responses.reduce((sum, response) => sum + sqlStatementsOf(response), 0)).toBe(1);
  });
});

describe('the verified-token cache', () => {
  const clock = new TestClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_TOKEN_CACHE_SIZE: '2', ACCESS_TOKEN_TTL_SECONDS: '60' }, { clock });
  });
  afterAll(async () => {
    await server?.close();
  });
  const kept = () => server.running.services.auth.verifiedTokenCount;

  it('keeps a verified token until its expiry, and refuses it from then on', async () => {
    const user = await signUp(server.client, 'expiring');
    expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    expect(kept()).toBeGreaterThan(0);
    clock.advance(55_000);
    expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    clock.advance(6_000);
    const expired = await user.client.request(Me);
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A token refreshed from the same session works again.
    const refreshed = expectTypename((await server.client.request(Refresh, { input: { refreshToken: user.refreshToken } })).data?.refreshAccessToken, 'AuthPayload');
    expect((await server.client.as(refreshed.accessToken).request(Me)).data?.me?.id).toBe(user.userId);
  });

  it('keeps at most AUTH_TOKEN_CACHE_SIZE tokens, and refuses a forged one whatever it keeps', async () => {
    const users = await Promise.all(['first', 'second', 'third'].map((name) => signUp(server.client, name)));
    for (const user of users) expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    expect(kept()).toBe(2);
    // The same claims under another signature: kept tokens are found by their whole text.
    const [header, payload] = (users[2]?.token ?? '').split('.');
    const forged = await server.client.as(`${header}.${payload}.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXI`).request(Me);
    expect(forged.status).toBe(401);
  });

  it('refuses a signed-out session’s refresh token while its access token is kept', async () => {
    const user = await signUp(server.client, 'leaving');
    expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    await user.client.request(LogOut, { input: { refreshToken: user.refreshToken } });
    const after = await server.client.request(Refresh, { input: { refreshToken: user.refreshToken } });
    expect(after.data?.refreshAccessToken).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});

describe('the verified-token cache turned off', () => {
  const clock = new TestClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_TOKEN_CACHE_SIZE: '0', ACCESS_TOKEN_TTL_SECONDS: '60' }, { clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('checks every token’s signature and expiry on every request', async () => {
    const user = await signUp(server.client, 'uncached');
    expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    expect((await user.client.request(Me)).data?.me?.id).toBe(user.userId);
    expect(server.running.services.auth.verifiedTokenCount).toBe(0);
    clock.advance(61_000);
    expect((await user.client.request(Me)).status).toBe(401);
  });
});
