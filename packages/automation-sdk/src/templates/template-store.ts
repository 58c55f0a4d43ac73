import { newId } from '@cartwire/model';
import { contentBlocks, type Db, messageTemplates, messagingSettings } from '@cartwire/storage';
import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { ChannelKind } from '../governance/policy';
import { UtmStandard } from '../utm/utm';
import {
  ContentBlockConflictError,
  ContentBlockInUseError,
  ContentBlockNotFoundError,
  InvalidTemplateError,
  InvalidTemplateInputError,
  TemplateKeyConflictError,
  TemplateNotFoundError,
  type TemplateProblem,
} from './errors';
import {
  type BlockSources,
  blockReferences,
  checkBlock,
  checkTemplate,
  type RenderedTemplate,
  renderTemplate,
  type TemplateSource,
} from './liquid-engine';
import { type RenderContext, TemplateContextKind } from './render-context';

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "-" and "_", at most 64');

const Liquid = (max: number) => z.string().max(max).nullable();

function partsRule(
  value: { channel?: ChannelKind; subject?: string | null; html?: string | null; text?: string | null },
  ctx: z.RefinementCtx,
) {
  if (value.channel === 'email') {
    if (!value.subject)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an email needs a subject' });
    if (!value.html && !value.text) {
      ctx.addIssue({ code: 'custom', path: ['html'], message: 'an email needs an html or a text part' });
    }
  } else if (value.channel !== undefined && !value.text) {
    ctx.addIssue({ code: 'custom', path: ['text'], message: `a ${value.channel} message needs a text part` });
  }
}

const templateFields = {
  name: z.string().trim().min(1).max(200),
  channel: ChannelKind.default('email'),
  context: TemplateContextKind,
  subject: Liquid(1000).default(null).describe('Liquid; required for email.'),
  html: Liquid(500_000).default(null).describe('Liquid; output is HTML-escaped.'),
  text: Liquid(200_000).default(null).describe('Liquid; for email, derived from the HTML when null.'),
};

/** A new template. `key` is what send nodes name (`send({ template: 'abandoned-cart' })`). */
export const TemplateInput = z
  .object({ key: Slug, ...templateFields })
  .strict()
  .superRefine(partsRule);
export type TemplateInput = z.input<typeof TemplateInput>;

/** Changes to a template; the key stays (workflows reference it). */
export const TemplatePatch = z
  .object({
    name: templateFields.name.optional(),
    context: TemplateContextKind.optional(),
    subject: Liquid(1000).optional(),
    html: Liquid(500_000).optional(),
    text: Liquid(200_000).optional(),
  })
  .strict();
export type TemplatePatch = z.input<typeof TemplatePatch>;

export const ContentBlockInput = z
  .object({
    name: Slug.describe("What templates render: `{% render 'product_grid' %}`."),
    description: z.string().max(2000).nullable().default(null),
    body: z
      .string()
      .min(1)
      .max(200_000)
      .describe('Liquid (HTML); the text part gets a plain-text rendition.'),
  })
  .strict();
export type ContentBlockInput = z.input<typeof ContentBlockInput>;

export const ContentBlockPatch = z
  .object({
    description: z.string().max(2000).nullable().optional(),
    body: z.string().min(1).max(200_000).optional(),
  })
  .strict();
export type ContentBlockPatch = z.input<typeof ContentBlockPatch>;

const Mailbox = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(
    /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
    'expected "Name <address@domain>" or an address',
  );

/**
 * How a tenant's email goes out: sender, replies, the unsubscribe addresses of the List-Unsubscribe header
 * (RFC 2369 mailto and RFC 8058 one-click https; `{token}` in either becomes the recipient's signed token)
 * and the shop shown in messages.
 */
export const EmailSettings = z
  .object({
    from: Mailbox.describe('From, e.g. "Acme Shop <news@acme.example>".'),
    replyTo: Mailbox.nullable().default(null),
    unsubscribeMailto: z
      .email()
      .describe('Mailbox that receives mailto unsubscribes (the subject carries the token).'),
    unsubscribeUrl: z
      .url({ protocol: /^https$/ })
      .refine((url) => url.includes('{token}'), 'must contain {token}')
      .describe(
        'One-click unsubscribe endpoint (POST, RFC 8058), e.g. https://acme.example/unsubscribe/{token}.',
      ),
    shopName: z.string().trim().min(1).max(200),
    shopUrl: z.url().nullable().default(null),
  })
  .strict();
export type EmailSettings = z.infer<typeof EmailSettings>;
export type EmailSettingsInput = z.input<typeof EmailSettings>;

export interface MessagingSettings {
  /** Null until the tenant configured email. */
  email: EmailSettings | null;
  utm: UtmStandard;
}

export interface TemplateRecord extends TemplateSource {
  id: string;
  tenantId: string;
  key: string;
  name: string;
  channel: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContentBlockRecord {
  tenantId: string;
  name: string;
  description: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateStoreOptions {
  db: Db;
  /** @default () => new Date() */
  now?: () => Date;
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidTemplateInputError(
      `Invalid ${what}`,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

type TemplateRow = typeof messageTemplates.$inferSelect;
type BlockRow = typeof contentBlocks.$inferSelect;

function toTemplate(row: TemplateRow): TemplateRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    key: row.key,
    name: row.name,
    channel: row.channel,
    context: row.context,
    subject: row.subject,
    html: row.html,
    text: row.text,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toBlock(row: BlockRow): ContentBlockRecord {
  return {
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    body: row.body,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

function referencesOf(source: TemplateSource | { body: string }): Set<string> {
  const sources = 'body' in source ? [source.body] : [source.subject, source.html, source.text];
  return new Set(
    sources.flatMap((s) => (s === null ? [] : blockReferences(s).flatMap((r) => (r.name ? [r.name] : [])))),
  );
}

export interface TemplateStore {
  /** @throws InvalidTemplateInputError, InvalidTemplateError (every problem), TemplateKeyConflictError */
  createTemplate(tenantId: string, input: TemplateInput): Promise<TemplateRecord>;
  /** @throws TemplateNotFoundError, InvalidTemplateInputError, InvalidTemplateError */
  updateTemplate(tenantId: string, idOrKey: string, patch: TemplatePatch): Promise<TemplateRecord>;
  /** By id (`tpl_…`) or key. */
  getTemplate(tenantId: string, idOrKey: string): Promise<TemplateRecord | null>;
  listTemplates(tenantId: string): Promise<TemplateRecord[]>;
  deleteTemplate(tenantId: string, idOrKey: string): Promise<boolean>;
  /** The problems an unsaved template would have (empty when valid). @throws InvalidTemplateInputError */
  checkTemplate(
    tenantId: string,
    input: unknown,
  ): Promise<{ template: TemplateSource; problems: TemplateProblem[] }>;
  /** @throws InvalidTemplateInputError, InvalidTemplateError, ContentBlockConflictError */
  createBlock(tenantId: string, input: ContentBlockInput): Promise<ContentBlockRecord>;
  /**
   * @throws ContentBlockNotFoundError, InvalidTemplateError (the block's own problems, or those it would
   * cause in templates that render it)
   */
  updateBlock(tenantId: string, name: string, patch: ContentBlockPatch): Promise<ContentBlockRecord>;
  getBlock(tenantId: string, name: string): Promise<ContentBlockRecord | null>;
  listBlocks(tenantId: string): Promise<ContentBlockRecord[]>;
  /** @throws ContentBlockInUseError when a template or another block renders it */
  deleteBlock(tenantId: string, name: string): Promise<boolean>;
  blockSources(tenantId: string): Promise<BlockSources>;
  /** Renders strictly. @throws TemplateRenderError */
  render(
    tenantId: string,
    template: TemplateSource & { key: string },
    context: RenderContext,
  ): Promise<RenderedTemplate>;
  getSettings(tenantId: string): Promise<MessagingSettings>;
  /** @throws InvalidTemplateInputError */
  setEmailSettings(tenantId: string, input: EmailSettingsInput): Promise<EmailSettings>;
  /** @throws InvalidTemplateInputError */
  setUtmStandard(tenantId: string, input: unknown): Promise<UtmStandard>;
}

/**
 * Templates, content blocks and messaging settings per tenant. Saving validates the Liquid against the
 * template's render context and the tenant's blocks, so a template that would fail at send time is refused
 * with every problem and its line and column.
 * @example const templates = createTemplateStore({ db: database.db })
 */
export function createTemplateStore(options: TemplateStoreOptions): TemplateStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  const byIdOrKey = (tenantId: string, idOrKey: string) =>
    and(
      eq(messageTemplates.tenantId, tenantId),
      or(eq(messageTemplates.id, idOrKey), eq(messageTemplates.key, idOrKey)),
    );

  async function getTemplate(tenantId: string, idOrKey: string) {
    const [row] = await db.select().from(messageTemplates).where(byIdOrKey(tenantId, idOrKey)).limit(1);
    return row ? toTemplate(row) : null;
  }

  async function blockSources(tenantId: string): Promise<BlockSources> {
    const rows = await db
      .select({ name: contentBlocks.name, body: contentBlocks.body })
      .from(contentBlocks)
      .where(eq(contentBlocks.tenantId, tenantId));
    return new Map(rows.map((r) => [r.name, r.body]));
  }

  async function listTemplates(tenantId: string) {
    const rows = await db
      .select()
      .from(messageTemplates)
      .where(eq(messageTemplates.tenantId, tenantId))
      .orderBy(asc(messageTemplates.key));
    return rows.map(toTemplate);
  }

  async function listBlocks(tenantId: string) {
    const rows = await db
      .select()
      .from(contentBlocks)
      .where(eq(contentBlocks.tenantId, tenantId))
      .orderBy(asc(contentBlocks.name));
    return rows.map(toBlock);
  }

  function assertValid(problems: TemplateProblem[]) {
    if (problems.length > 0) throw new InvalidTemplateError(problems);
  }

  return {
    getTemplate,
    listTemplates,
    blockSources,
    listBlocks,

    async createTemplate(tenantId, input) {
      const value = parseInput(TemplateInput, input, 'template');
      assertValid(checkTemplate(value, await blockSources(tenantId)));
      const at = now();
      try {
        const [row] = await db
          .insert(messageTemplates)
          .values({ id: newId('tpl_'), tenantId, ...value, createdAt: at, updatedAt: at })
          .returning();
        if (!row) throw new Error('message_templates insert returned no row');
        return toTemplate(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new TemplateKeyConflictError(value.key);
        throw error;
      }
    },

    async updateTemplate(tenantId, idOrKey, patch) {
      const changes = parseInput(TemplatePatch, patch, 'template change');
      const current = await getTemplate(tenantId, idOrKey);
      if (!current) throw new TemplateNotFoundError(idOrKey);
      const next = { ...current, ...changes };
      const checked = TemplateInput.safeParse({
        key: next.key,
        name: next.name,
        channel: next.channel,
        context: next.context,
        subject: next.subject,
        html: next.html,
        text: next.text,
      });
      if (!checked.success) {
        throw new InvalidTemplateInputError(
          'Invalid template change',
          checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        );
      }
      assertValid(checkTemplate(next, await blockSources(tenantId)));
      const [row] = await db
        .update(messageTemplates)
        .set({ ...changes, updatedAt: now() })
        .where(and(eq(messageTemplates.tenantId, tenantId), eq(messageTemplates.id, current.id)))
        .returning();
      if (!row) throw new TemplateNotFoundError(idOrKey);
      return toTemplate(row);
    },

    async deleteTemplate(tenantId, idOrKey) {
      const deleted = await db
        .delete(messageTemplates)
        .where(byIdOrKey(tenantId, idOrKey))
        .returning({ id: messageTemplates.id });
      return deleted.length > 0;
    },

    async checkTemplate(tenantId, input) {
      const value = parseInput(TemplateInput, input, 'template');
      return { template: value, problems: checkTemplate(value, await blockSources(tenantId)) };
    },

    async createBlock(tenantId, input) {
      const value = parseInput(ContentBlockInput, input, 'content block');
      const blocks = await blockSources(tenantId);
      if (blocks.has(value.name)) throw new ContentBlockConflictError(value.name);
      assertValid(checkBlock(value.body, blocks));
      const at = now();
      try {
        const [row] = await db
          .insert(contentBlocks)
          .values({ tenantId, ...value, createdAt: at, updatedAt: at })
          .returning();
        if (!row) throw new Error('content_blocks insert returned no row');
        return toBlock(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ContentBlockConflictError(value.name);
        throw error;
      }
    },

    async updateBlock(tenantId, name, patch) {
      const changes = parseInput(ContentBlockPatch, patch, 'content block change');
      const blocks = new Map(await blockSources(tenantId));
      if (!blocks.has(name)) throw new ContentBlockNotFoundError(name);
      if (changes.body !== undefined) {
        assertValid(checkBlock(changes.body, blocks));
        blocks.set(name, changes.body);
        // The new body must keep every template that renders it valid (in its own context).
        const broken: TemplateProblem[] = [];
        for (const template of await listTemplates(tenantId)) {
          for (const problem of checkTemplate(template, blocks)) {
            broken.push({ ...problem, message: `template "${template.key}": ${problem.message}` });
          }
        }
        assertValid(broken);
      }
      const [row] = await db
        .update(contentBlocks)
        .set({ ...changes, updatedAt: now() })
        .where(and(eq(contentBlocks.tenantId, tenantId), eq(contentBlocks.name, name)))
        .returning();
      if (!row) throw new ContentBlockNotFoundError(name);
      return toBlock(row);
    },

    async getBlock(tenantId, name) {
      const [row] = await db
        .select()
        .from(contentBlocks)
        .where(and(eq(contentBlocks.tenantId, tenantId), eq(contentBlocks.name, name)));
      return row ? toBlock(row) : null;
    },

    async deleteBlock(tenantId, name) {
      const users = [
        ...(await listTemplates(tenantId)).filter((t) => referencesOf(t).has(name)).map((t) => t.key),
        ...(await listBlocks(tenantId))
          .filter((b) => b.name !== name && referencesOf(b).has(name))
          .map((b) => `block ${b.name}`),
      ];
      if (users.length > 0) throw new ContentBlockInUseError(name, users);
      const deleted = await db
        .delete(contentBlocks)
        .where(and(eq(contentBlocks.tenantId, tenantId), eq(contentBlocks.name, name)))
        .returning({ name: contentBlocks.name });
      return deleted.length > 0;
    },

    async render(tenantId, template, context) {
      return renderTemplate(template.key, template, await blockSources(tenantId), context);
    },

    async getSettings(tenantId) {
      const [row] = await db.select().from(messagingSettings).where(eq(messagingSettings.tenantId, tenantId));
      return {
        email: row?.email ? EmailSettings.parse(row.email) : null,
        utm: UtmStandard.parse(row?.utm ?? {}),
      };
    },

    async setEmailSettings(tenantId, input) {
      const email = parseInput(EmailSettings, input, 'email settings');
      const at = now();
      await db
        .insert(messagingSettings)
        .values({ tenantId, email, updatedAt: at })
        .onConflictDoUpdate({ target: messagingSettings.tenantId, set: { email, updatedAt: at } });
      return email;
    },

    async setUtmStandard(tenantId, input) {
      const utm = parseInput(UtmStandard, input, 'UTM standard');
      const at = now();
      await db
        .insert(messagingSettings)
        .values({ tenantId, utm, updatedAt: at })
        .onConflictDoUpdate({ target: messagingSettings.tenantId, set: { utm, updatedAt: at } });
      return utm;
    },
  };
}
