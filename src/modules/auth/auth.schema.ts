import { builder } from '../../schema/builder.ts';
import { AlreadyExistsError, InvalidCredentialsError, ValidationError } from '../../schema/errors.ts';
import type { AuthResult } from './auth.service.ts';

/** A person with a login. Only the user themself and platform staff see private fields. */
export const UserRef = builder.prismaNode('User', {
  description: 'A person with a login. Any user can buy; shop membership and creator accounts are granted on top.',
  id: { field: 'id', description: 'Global id of the user.' },
  nullable: true,
  fields: (t) => ({
    displayName: t.exposeString('displayName', { description: 'Name shown to others.' }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'Login email. Visible to the user themself and to platform staff; null for anyone else.',
      authScopes: (user, _args, context) => user.id === context.viewer?.userId || context.viewer?.isStaff === true,
      unauthorizedResolver: () => null,
    }),
    isStaff: t.boolean({
      description: 'Whether the user is platform staff (set by configuration or a command, never by a mutation).',
      resolve: (user, _args, context) => user.isStaff || context.services.auth.isStaffEmail(user.email),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the user signed up.' }),
  }),
});

const AuthPayload = builder.objectRef<AuthResult>('AuthPayload').implement({
  description: 'A signed-in user with fresh tokens.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The signed-in user.', resolve: (result) => result.user }),
    accessToken: t.string({
      description: 'Send as `Authorization: Bearer <accessToken>` on HTTP, or as `connectionParams.authorization` on WebSocket.',
      resolve: (result) => result.tokens.accessToken,
    }),
    accessTokenExpiresAt: t.field({
      type: 'DateTime',
      description: 'When the access token stops working; get a new one with `refreshAccessToken`.',
      resolve: (result) => result.tokens.accessTokenExpiresAt,
    }),
    refreshToken: t.string({
      description: 'Single-use token for `refreshAccessToken`. Keep it secret; it is never shown again.',
      resolve: (result) => result.tokens.refreshToken,
    }),
    refreshTokenExpiresAt: t.field({
      type: 'DateTime',
      description: 'When the refresh token expires.',
      resolve: (result) => result.tokens.refreshTokenExpiresAt,
    }),
  }),
});

const SignUpInput = builder.inputType('SignUpInput', {
  description: 'A new account.',
  fields: (t) => ({
    email: t.string({ description: 'Login email; unique, case-insensitive.' }),
    password: t.string({ description: 'At least 10 characters.' }),
    displayName: t.string({ description: 'Name shown to others, 1–80 characters.' }),
  }),
});

const LogInInput = builder.inputType('LogInInput', {
  description: 'Credentials.',
  fields: (t) => ({
    email: t.string({ description: 'Login email.' }),
    password: t.string({ description: 'Password.' }),
  }),
});

const RefreshTokenInput = builder.inputType('RefreshTokenInput', {
  description: 'A refresh token from `signUp`, `logIn` or a previous `refreshAccessToken`.',
  fields: (t) => ({
    refreshToken: t.string({ description: 'The refresh token.' }),
  }),
});

const LogOutPayload = builder.simpleObject('LogOutPayload', {
  description: 'The result of `logOut`.',
  fields: (t) => ({
    loggedOut: t.boolean({ description: 'Always true: an unknown or already revoked token is not an error.' }),
  }),
});

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The signed-in user; null for an anonymous request.',
    resolve: (query, _root, _args, context) => {
      // Read before the check: the prisma plugin reports a resolver that leaves its query unread.
      const selection = { ...query };
      return context.viewer ? context.services.prisma.user.findUnique({ ...selection, where: { id: context.viewer.userId } }) : null;
    },
  }),
);

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayload,
    description: 'Creates an account and signs it in.',
    args: { input: t.arg({ type: SignUpInput, description: 'The new account.' }) },
    errors: { types: [ValidationError, AlreadyExistsError] },
    resolve: (_root, { input }, context) => context.services.auth.signUp(context, input),
  }),
  logIn: t.field({
    type: AuthPayload,
    description: 'Signs in with email and password.',
    args: { input: t.arg({ type: LogInInput, description: 'Credentials.' }) },
    errors: { types: [ValidationError, InvalidCredentialsError] },
    resolve: (_root, { input }, context) => context.services.auth.logIn(context, input),
  }),
  refreshAccessToken: t.field({
    type: AuthPayload,
    description: 'Exchanges a refresh token for new tokens. The old refresh token stops working.',
    args: { input: t.arg({ type: RefreshTokenInput, description: 'The refresh token.' }) },
    errors: { types: [ValidationError, InvalidCredentialsError] },
    resolve: (_root, { input }, context) => context.services.auth.refresh(context, input),
  }),
  logOut: t.field({
    type: LogOutPayload,
    description: 'Revokes a refresh token. Access tokens already issued stay valid until they expire.',
    args: { input: t.arg({ type: RefreshTokenInput, description: 'The refresh token to revoke.' }) },
    errors: { types: [ValidationError] },
    resolve: async (_root, { input }, context) => {
      await context.services.auth.logOut(context, input);
      return { loggedOut: true };
    },
  }),
}));
