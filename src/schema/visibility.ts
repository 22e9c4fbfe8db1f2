import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import DataLoader from 'dataloader';
import type { GraphQLFieldResolver } from 'graphql';
import type { GraphQLContext, Viewer } from '../context.ts';

/**
 * Who may read an object of a type, as a Prisma filter for the viewer: `{}` when they may read every
 * object of the type, `NOTHING` when none. The same filter is used to look objects up by id (`node`,
 * `nodes`), to filter lists, and, through this plugin, to check every object any field returns, so that
 * an object reached through another one (a plan's products, a SKU's product, a link's shop) is never
 * shown to a viewer who could not fetch it with `node`. `at` is the request's moment by the server's
 * clock, for rules that follow a time window (a promotion is public while it runs).
 */
export type VisibilityRule = (viewer: Viewer | null, at: Date) => object;

/** A filter no row matches, for viewers who may see nothing of a type. */
export const NOTHING = { id: { in: [] as string[] } } as const;

/** Shortcuts that spare the query when the answer is already known. */
export interface VisibilityOptions {
  /**
   * Decides from the object's own columns when they suffice (true or false), or undefined when only
   * the rule's query can tell. Must agree with the rule.
   */
  decide?: (object: never, viewer: Viewer | null) => boolean | undefined;
  /**
   * Parent types whose visible objects imply this type's: fields of those types that return this type
   * are not checked again (a visible product's SKUs are visible).
   */
  impliedBy?: readonly string[];
}

interface Registered extends VisibilityOptions {
  /** The Prisma model's client property, e.g. `affiliatePlan`. */
  delegate: string;
  rule: VisibilityRule;
}

const rules = new Map<string, Registered>();

/**
 * Declares the visibility rule of a GraphQL object type backed by the Prisma model `model`. Types
 * without a rule are public.
 */
export function defineVisibility<Rule extends VisibilityRule>(typeName: string, model: string, rule: Rule, options: VisibilityOptions = {}): Rule {
  rules.set(typeName, { ...options, delegate: `${model.charAt(0).toLowerCase()}${model.slice(1)}`, rule });
  return rule;
}

/** The lookup-by-id filter of a type with a rule: `findUnique` of a node type. */
export function visibleById<Where extends object>(rule: (viewer: Viewer | null, at: Date) => Where) {
  return (id: string, context: GraphQLContext): { id: string; AND: Where[] } => ({ id, AND: [rule(context.viewer, context.services.clock.now())] });
}

interface FindIds {
  findMany(args: { where: object; select: { id: true } }): Promise<{ id: string }[]>;
}

/** Per request and type, a loader that answers whether an object id is visible, batching the checks of a page into one query. */
const loaders = new WeakMap<object, Map<string, DataLoader<string, boolean>>>();

function visibleLoader(context: GraphQLContext, typeName: string, registered: Registered): DataLoader<string, boolean> {
  let byType = loaders.get(context);
  if (!byType) {
    byType = new Map();
    loaders.set(context, byType);
  }
  let loader = byType.get(typeName);
  if (!loader) {
    const delegate = (context.services.prisma as unknown as Record<string, FindIds>)[registered.delegate];
    if (!delegate) throw new Error(`No Prisma model for the visibility of ${typeName}`);
    loader = new DataLoader(async (ids) => {
      const rows = await delegate.findMany({
        where: { AND: [{ id: { in: [...ids] } }, registered.rule(context.viewer, context.services.clock.now())] },
        select: { id: true },
      });
      const visible = new Set(rows.map((row) => row.id));
      return ids.map((id) => visible.has(id));
    });
    byType.set(typeName, loader);
  }
  return loader;
}

/** Per request, the objects already known to pass their type's rule (see {@link vouchVisible}). */
const vouched = new WeakMap<object, WeakSet<object>>();

/**
 * Records that `objects` were loaded through a filter that includes their type's visibility rule for
 * this request's viewer (a page of buyable products: every viewer may see those), so the plugin does not
 * check them again with a query of its own. Only for rows of the same request, loaded by a filter that
 * implies the rule: anything else must go through the check.
 */
export function vouchVisible(context: GraphQLContext, objects: Iterable<object>): void {
  let known = vouched.get(context);
  if (!known) {
    known = new WeakSet();
    vouched.set(context, known);
  }
  for (const object of objects) known.add(object);
}

/** Whether a rule lets the viewer see every object of its type (staff, or a public type), so nothing needs checking. */
function seesAll(rule: VisibilityRule, context: GraphQLContext): boolean {
  return Object.keys(rule(context.viewer, context.services.clock.now())).length === 0;
}

/**
 * The value with what the viewer may not see taken out. Synchronous when every object is vouched for or
 * decided from its own columns (a page of buyable products), so that such fields add no promise.
 */
function keepVisible(value: unknown, context: GraphQLContext, typeName: string, registered: Registered): unknown {
  if (value === null || value === undefined) return value;
  const known = vouched.get(context);
  const decided = (object: unknown): boolean | undefined =>
    !object || known?.has(object as object) ? true : registered.decide?.(object as never, context.viewer);
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const decisions = items.map(decided);
  const keep = (visible: readonly (boolean | undefined)[]) =>
    Array.isArray(value) ? value.filter((_item, index) => visible[index]) : visible[0] ? value : null;
  if (!decisions.includes(undefined)) return keep(decisions);
  const loader = visibleLoader(context, typeName, registered);
  return Promise.all(items.map((item, index) => decisions[index] ?? loader.load(idOf(item)))).then(keep);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function idOf(object: unknown): string {
  const id = (object as { id?: unknown }).id;
  if (typeof id !== 'string') throw new Error('An object with a visibility rule has no id');
  return id;
}

/**
 * Applies the visibility rules to what fields return: a field whose type has a rule resolves to null
 * (a list: without the item) for an object the viewer may not see, exactly as `node` answers null.
 * Written as a plugin rather than as options on each field so that no field returning a ruled type,
 * present or future, can forget it. Fields of `Query` that look objects up by id already filter them
 * (the node loaders) and are left alone.
 */
export class PothosVisibilityPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const type = fieldConfig.type.kind === 'List' ? fieldConfig.type.type : fieldConfig.type;
    if (type.kind !== 'Object') return resolver;
    const typeName = this.buildCache.getTypeConfig(type.ref).name;
    const registered = rules.get(typeName);
    if (!registered || registered.impliedBy?.includes(fieldConfig.parentType)) return resolver;
    const check = (value: unknown, context: GraphQLContext) =>
      seesAll(registered.rule, context) ? value : keepVisible(value, context, typeName, registered);
    return (parent, args, context, info) => {
      const value: unknown = resolver(parent, args, context, info);
      const ctx = context as unknown as GraphQLContext;
      return isPromiseLike(value) ? Promise.resolve(value).then((resolved) => check(resolved, ctx)) : check(value, ctx);
    };
  }
}

const pluginName = 'visibility';
SchemaBuilder.registerPlugin(pluginName, PothosVisibilityPlugin);
export default pluginName;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      visibility: PothosVisibilityPlugin<Types>;
    }
  }
}
