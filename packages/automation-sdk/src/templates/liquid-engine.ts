import { Liquid, LiquidError, type Template } from 'liquidjs';
import type { z } from 'zod';
import { type TemplateProblem, TemplateRenderError } from './errors';
import { htmlToText } from './html-to-text';
import {
  ANY_RENDER_CONTEXT,
  formatMoney,
  RENDER_CONTEXTS,
  type RenderContext,
  type TemplateContextKind,
} from './render-context';

/** The Liquid parts of a template. Email needs `subject` and `html` or `text`; a missing `text` is derived. */
export interface TemplateSource {
  context: TemplateContextKind;
  subject: string | null;
  html: string | null;
  text: string | null;
}

/** Content block bodies by name. */
export type BlockSources = ReadonlyMap<string, string>;

export interface RenderedTemplate {
  subject: string | null;
  html: string | null;
  text: string | null;
}

type Part = 'subject' | 'html' | 'text' | 'body';

const REFERENCE = /\{%-?\s*(render|include)\s+(?:'([^']*)'|"([^"]*)"|([^\s%,]+))/g;

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Names of the blocks a source renders, with where (only quoted names: dynamic names are refused). */
export function blockReferences(source: string): { name: string | null; line: number; column: number }[] {
  return [...source.matchAll(REFERENCE)].map((m) => ({
    name: m[2] ?? m[3] ?? null,
    ...lineAndColumn(source, m.index ?? 0),
  }));
}

function moneyFilter(this: { context: { globals: unknown } }, value: unknown): string {
  if (value && typeof value === 'object' && 'amount' in value && 'currency' in value) {
    const money = value as { amount: unknown; currency: unknown };
    const globals = this.context.globals as { customer?: { locale?: string | null } } | undefined;
    return formatMoney(String(money.amount), String(money.currency), globals?.customer?.locale ?? null);
  }
  return value === null || value === undefined ? '' : String(value);
}

function engine(blocks: BlockSources, mode: 'html' | 'text'): Liquid {
  const templates: Record<string, string> = {};
  for (const [name, body] of blocks) templates[name] = mode === 'text' ? htmlToText(body) : body;
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // Templates are tenant-authored: a runaway loop must fail the render, not stall a worker.
    parseLimit: 1_000_000,
    renderLimit: 2_000,
    memoryLimit: 64_000_000,
    templates,
    ...(mode === 'html' ? { outputEscape: 'escape' as const } : {}),
  });
  liquid.registerFilter('money', moneyFilter);
  return liquid;
}

function problemOf(part: Part, error: unknown, fallback: TemplateProblem['code']): TemplateProblem {
  if (error instanceof LiquidError && error.token) {
    const [line = 1, column = 1] = error.token.getPosition();
    const file = error.token.file;
    // The message ends with ", line:2, col:5" (and the source excerpt on render errors): keep the reason.
    const message = (error.message.split('\n')[0] ?? error.message).replace(
      /, (file:\S+, )?line:\d+, col:\d+$/,
      '',
    );
    return { part, block: file || null, line, column, code: fallback, message };
  }
  return {
    part,
    block: null,
    line: 1,
    column: 1,
    code: fallback,
    message: String((error as Error)?.message ?? error),
  };
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, string>;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'nullable' || def.type === 'optional' || def.type === 'default') && def.innerType) {
      current = def.innerType;
    } else return current;
  }
}

type Segment = string | number | Segment[];

/** Why `segments` is not a path of `schema`, or null when it is (Liquid's size/first/last included). */
export function pathProblem(schema: z.ZodType, segments: readonly Segment[]): string | null {
  let current = schema;
  const walked: string[] = [];
  for (const segment of segments) {
    const def = defOf(unwrap(current));
    const label = walked.length === 0 ? String(segment) : `${walked.join('.')}.${String(segment)}`;
    if (def.type === 'object' && def.shape) {
      if (Array.isArray(segment)) return null; // a computed key: checked when rendering
      const next = def.shape[String(segment)];
      if (!next) {
        return walked.length === 0
          ? `unknown variable "${segment}"`
          : `"${walked.join('.')}" has no "${segment}" (it has ${Object.keys(def.shape).join(', ')})`;
      }
      current = next;
    } else if (def.type === 'array' && def.element) {
      if (segment === 'size') return null;
      if (
        typeof segment === 'number' ||
        Array.isArray(segment) ||
        segment === 'first' ||
        segment === 'last'
      ) {
        current = def.element;
      } else
        return `"${walked.join('.')}" is a list; "${segment}" is not one of its properties (use first, last, size or an index)`;
    } else {
      if (segment === 'size') return null;
      return `"${walked.join('.')}" is a ${def.type}; it has no "${label.split('.').at(-1)}"`;
    }
    walked.push(String(segment));
  }
  return null;
}

/** A value for every path of a schema (one element per list, no nulls), to try-render a template with. */
export function sampleOf(schema: z.ZodType): unknown {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([key, value]) => [key, sampleOf(value)]),
      );
    case 'array':
      return def.element ? [sampleOf(def.element)] : [];
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0] ?? 'sample';
    default:
      return 'sample';
  }
}

function checkSource(
  part: Part,
  source: string,
  schema: z.ZodType,
  blocks: BlockSources,
  mode: 'html' | 'text',
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const known = new Map(blocks);
  for (const ref of blockReferences(source)) {
    if (ref.name === null) {
      problems.push({
        part,
        block: null,
        line: ref.line,
        column: ref.column,
        code: 'unknown_block',
        message: "content blocks are rendered by a quoted name, e.g. {% render 'product_grid' %}",
      });
    } else if (!blocks.has(ref.name)) {
      problems.push({
        part,
        block: null,
        line: ref.line,
        column: ref.column,
        code: 'unknown_block',
        message: `no content block named "${ref.name}"`,
      });
      known.set(ref.name, ''); // lets the rest of the template be analysed
    }
  }
  const liquid = engine(known, mode);
  let parsed: Template[];
  try {
    parsed = liquid.parse(source);
  } catch (error) {
    return [...problems, problemOf(part, error, 'syntax')];
  }
  let globals: Record<
    string,
    { toArray(): Segment[]; location: { row: number; col: number; file?: string } }[]
  >;
  try {
    globals = liquid.analyzeSync(parsed, { partials: true }).globals;
  } catch (error) {
    return [...problems, problemOf(part, error, 'syntax')];
  }
  for (const variables of Object.values(globals)) {
    for (const variable of variables) {
      const message = pathProblem(schema, variable.toArray());
      if (message) {
        problems.push({
          part,
          block: variable.location.file || null,
          line: variable.location.row,
          column: variable.location.col,
          code: 'unknown_variable',
          message,
        });
      }
    }
  }
  if (problems.length > 0) return problems;
  // Paths through loop variables (`{% for line in cart.lines %}{{ line.nope }}`) are not visible to the
  // static analysis: a strict render with a value for every known path finds them.
  try {
    liquid.renderSync(parsed, {}, { globals: sampleOf(schema) as object });
  } catch (error) {
    return [problemOf(part, error, 'render_error')];
  }
  return [];
}

/**
 * Every problem of a template for its context: Liquid syntax, variables the context does not have, content
 * blocks that do not exist (inside rendered blocks too), with line and column. Empty when it is valid.
 */
export function checkTemplate(template: TemplateSource, blocks: BlockSources): TemplateProblem[] {
  const schema = RENDER_CONTEXTS[template.context];
  const problems: TemplateProblem[] = [];
  for (const part of ['subject', 'html', 'text'] as const) {
    const source = template[part];
    if (source !== null)
      problems.push(...checkSource(part, source, schema, blocks, part === 'html' ? 'html' : 'text'));
  }
  return problems;
}

/** Problems of a content block body, checked against every variable any context offers. */
export function checkBlock(body: string, blocks: BlockSources): TemplateProblem[] {
  return checkSource('body', body, ANY_RENDER_CONTEXT, blocks, 'html');
}

/**
 * Renders a template strictly: a variable undefined in this render is a `TemplateRenderError`, never a
 * blank. The HTML part escapes output; a template without a text part gets one derived from the HTML.
 */
export function renderTemplate(
  name: string,
  template: TemplateSource,
  blocks: BlockSources,
  context: RenderContext,
): RenderedTemplate {
  const render = (part: 'subject' | 'html' | 'text', mode: 'html' | 'text'): string | null => {
    const source = template[part];
    if (source === null) return null;
    try {
      return engine(blocks, mode).parseAndRenderSync(source, {}, { globals: context });
    } catch (error) {
      throw new TemplateRenderError(name, problemOf(part, error, 'render_error'));
    }
  };
  const subject = render('subject', 'text');
  const html = render('html', 'html');
  const text = render('text', 'text') ?? (html === null ? null : htmlToText(html));
  return { subject: subject === null ? null : subject.replace(/\s+/g, ' ').trim(), html, text };
}
