import { publishShowcaseChanged } from './account.events.ts';
import { z } from 'zod';
import { requireViewer, type ServiceContext } from '../../context.ts';
import type { CreatorAccount } from '../../generated/prisma/client.ts';
import { Region } from '../../generated/prisma/enums.ts';
import { AlreadyExistsError, type FieldPath, isUniqueViolation, NotFoundError, PermissionDeniedError } from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';

/** Handles are what people type and see: lower-case letters, digits, dots and underscores. */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9._]{0,22}[a-z0-9])?$/;

const handle = z
  .string()
  .trim()
  .transform((value) => value.replace(/^@/, '').toLowerCase())
  .pipe(z.string().regex(HANDLE_PATTERN, 'Use 1 to 24 letters, digits, dots and underscores, not starting or ending with a dot or underscore'));

const displayName = z.string().trim().min(1, 'Must not be empty').max(60, 'Must be at most 60 characters');
const followerCount = z.number().int('Must be a whole number').min(0, 'Must not be negative').max(2_000_000_000, 'Must be at most 2000000000');
const avatarUrl = z
  .string()
  .trim()
  .max(2048, 'Must be at most 2048 characters')
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Must be an https:// URL' }));

const createInput = z.object({
  handle,
  displayName,
  region: z.enum(Region),
  followerCount: followerCount.default(0),
  avatarUrl: avatarUrl.nullish(),
});

/** Absent or null keeps a field; `avatarUrl: null` removes the avatar. */
const updateInput = z.object({
  displayName: displayName.nullish(),
  followerCount: followerCount.nullish(),
  avatarUrl: avatarUrl.nullish(),
});

/** Normalises a handle as typed ("@Siti.Style" → "siti.style"); null when it cannot be one. */
export function normaliseHandle(value: string): string | null {
  const result = handle.safeParse(value);
  return result.success ? result.data : null;
}

/** Creator accounts: the social accounts that have followers, a showcase, links to shops and plans. */
export class CreatorAccountService {
  constructor(private readonly deps: Dependencies) {}

  /** Creates a creator account held by the viewer. Handles are unique, whatever their case. */
  async create(ctx: ServiceContext, rawInput: unknown): Promise<CreatorAccount> {
    const userId = requireViewer(ctx);
    const input = parseInput(createInput, rawInput);
    try {
      return await this.deps.prisma.creatorAccount.create({
        data: {
          userId,
          handle: input.handle,
          displayName: input.displayName,
          region: input.region,
          followerCount: input.followerCount,
          avatarUrl: input.avatarUrl ?? null,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`The handle @${input.handle} is taken`, ['input', 'handle']);
      throw error;
    }
  }

  /** Edits the viewer's account. */
  async update(ctx: ServiceContext, accountId: string, rawInput: unknown): Promise<CreatorAccount> {
    await this.requireHolder(ctx, accountId);
    const input = parseInput(updateInput, rawInput);
    const account = await this.deps.prisma.creatorAccount.update({
      where: { id: accountId },
      data: {
        displayName: input.displayName ?? undefined,
        followerCount: input.followerCount ?? undefined,
        avatarUrl: input.avatarUrl === undefined ? undefined : input.avatarUrl,
      },
    });
    await publishShowcaseChanged(this.deps, accountId);
    return account;
  }

  /**
   * The account, when the viewer holds it. Accounts are public, so someone else's is PERMISSION_DENIED
   * rather than not found.
   */
  async requireHolder(ctx: ServiceContext, accountId: string, field: FieldPath = ['input', 'accountId']): Promise<CreatorAccount> {
    const userId = requireViewer(ctx);
    const account = await this.deps.prisma.creatorAccount.findUnique({ where: { id: accountId } });
    if (!account) throw new NotFoundError('CreatorAccount', field);
    if (account.userId !== userId) throw new PermissionDeniedError('Only the holder of the account can do this');
    return account;
  }

  /** An account by handle (with or without "@", any case), for actions of others on it. */
  async findByHandle(handleAsTyped: string, field: FieldPath): Promise<CreatorAccount> {
    const normalised = normaliseHandle(handleAsTyped);
    const account = normalised ? await this.deps.prisma.creatorAccount.findUnique({ where: { handle: normalised } }) : null;
    if (!account) throw new NotFoundError('CreatorAccount', field);
    return account;
  }
}
