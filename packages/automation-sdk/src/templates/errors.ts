/** Stable codes of the template, content block and email errors; the gateway maps them to problem+json. */
export type TemplateErrorCode =
  | 'invalid_template'
  | 'invalid_template_input'
  | 'template_not_found'
  | 'template_key_conflict'
  | 'content_block_not_found'
  | 'content_block_conflict'
  | 'content_block_in_use'
  | 'template_render_failed'
  | 'missing_render_record'
  | 'preview_record_not_found';

export abstract class TemplateError extends Error {
  abstract readonly code: TemplateErrorCode;
}

/** Where in a template (or in a content block it renders) a problem is. */
export interface TemplateProblem {
  /** `subject`, `html` or `text` of the template, or `block` for a content block's body. */
  part: 'subject' | 'html' | 'text' | 'body';
  /** Set when the problem is inside a content block the template renders. */
  block: string | null;
  line: number;
  column: number;
  code: 'syntax' | 'unknown_variable' | 'unknown_block' | 'render_error';
  message: string;
}

/** A template or content block with problems found at save time; `problems` lists every one. */
export class InvalidTemplateError extends TemplateError {
  readonly code = 'invalid_template';
  override readonly name = 'InvalidTemplateError';
  constructor(readonly problems: readonly TemplateProblem[]) {
    const first = problems[0];
    super(
      first
        ? `Invalid template (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${
            first.block ? `block ${first.block}, ` : ''
          }${first.part} line ${first.line} column ${first.column}: ${first.message}`
        : 'Invalid template',
    );
  }
}

/** Fields of a template, block or settings that do not have the expected shape (before any Liquid is read). */
export class InvalidTemplateInputError extends TemplateError {
  readonly code = 'invalid_template_input';
  override readonly name = 'InvalidTemplateInputError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      issues[0] ? `${message}: ${issues[0].path ? `${issues[0].path}: ` : ''}${issues[0].message}` : message,
    );
  }
}

export class TemplateNotFoundError extends TemplateError {
  readonly code = 'template_not_found';
  override readonly name = 'TemplateNotFoundError';
  constructor(readonly template: string) {
    super(`Template ${JSON.stringify(template)} not found`);
  }
}

export class TemplateKeyConflictError extends TemplateError {
  readonly code = 'template_key_conflict';
  override readonly name = 'TemplateKeyConflictError';
  constructor(readonly key: string) {
    super(`A template with key ${JSON.stringify(key)} already exists`);
  }
}

export class ContentBlockNotFoundError extends TemplateError {
  readonly code = 'content_block_not_found';
  override readonly name = 'ContentBlockNotFoundError';
  constructor(readonly block: string) {
    super(`Content block ${JSON.stringify(block)} not found`);
  }
}

export class ContentBlockConflictError extends TemplateError {
  readonly code = 'content_block_conflict';
  override readonly name = 'ContentBlockConflictError';
  constructor(readonly block: string) {
    super(`A content block named ${JSON.stringify(block)} already exists`);
  }
}

/** A block that templates render cannot be deleted; `templates` lists their keys. */
export class ContentBlockInUseError extends TemplateError {
  readonly code = 'content_block_in_use';
  override readonly name = 'ContentBlockInUseError';
  constructor(
    readonly block: string,
    readonly templates: readonly string[],
  ) {
    super(`Content block ${JSON.stringify(block)} is rendered by template(s) ${templates.join(', ')}`);
  }
}

/** Rendering failed at send or preview time (a variable undefined in this render, a filter error). */
export class TemplateRenderError extends TemplateError {
  readonly code = 'template_render_failed';
  override readonly name = 'TemplateRenderError';
  constructor(
    readonly template: string,
    readonly problem: TemplateProblem,
  ) {
    super(
      `Template ${JSON.stringify(template)} failed to render: ${problem.part} line ${problem.line}: ${problem.message}`,
    );
  }
}

/** The message is not about the record the template's context needs (a cart template for an order). */
export class MissingRenderRecordError extends TemplateError {
  readonly code = 'missing_render_record';
  override readonly name = 'MissingRenderRecordError';
  constructor(readonly record: 'cart' | 'order' | 'product') {
    super(`The template renders a ${record}, but the message is about no ${record} that could be read`);
  }
}

/** A preview names a customer, cart, order or product the tenant does not have. */
export class PreviewRecordNotFoundError extends TemplateError {
  readonly code = 'preview_record_not_found';
  override readonly name = 'PreviewRecordNotFoundError';
  constructor(
    readonly record: 'customer' | 'cart' | 'order' | 'product',
    readonly id: string,
  ) {
    super(`No ${record} ${id} for this tenant`);
  }
}
