import {
  ContentBlockConflictError,
  ContentBlockInUseError,
  ContentBlockNotFoundError,
  InvalidTemplateError,
  InvalidTemplateInputError,
  MissingRenderRecordError,
  PreviewRecordNotFoundError,
  TemplateKeyConflictError,
  TemplateNotFoundError,
  type TemplateProblem,
  TemplateRenderError,
} from '@cartwire/automation-sdk';
import { type FieldError, NotFoundError, ProblemError } from '../../http/problem';

function templateProblems(problems: readonly TemplateProblem[], prefix: string): never {
  const errors: FieldError[] = problems.map((p) => ({
    in: 'body',
    path: `${prefix}${p.part}`,
    message: `${p.block ? `in block ${p.block}, ` : ''}line ${p.line}, column ${p.column}: ${p.message}`,
    code: p.code,
  }));
  throw new ProblemError('validation_failed', {
    detail: `The template has ${problems.length} problem(s).`,
    extensions: { errors, problems },
  });
}

/**
 * Template and content block errors of the SDK → problem+json: every Liquid problem with its line and
 * column (`problems`, and `errors` per part), unknown records 404, name clashes and blocks in use 409.
 * `prefix` is where the template sits in the body (`template.` for an unsaved preview).
 */
export function asTemplateProblem(error: unknown, prefix = ''): never {
  if (error instanceof InvalidTemplateError) return templateProblems(error.problems, prefix);
  if (error instanceof TemplateRenderError) return templateProblems([error.problem], prefix);
  if (error instanceof InvalidTemplateInputError) {
    throw new ProblemError('validation_failed', {
      detail: error.message,
      extensions: {
        errors: error.issues.map((i) => ({
          in: 'body',
          path: `${prefix}${i.path}`,
          message: i.message,
          code: error.code,
        })),
      },
    });
  }
  if (
    error instanceof TemplateNotFoundError ||
    error instanceof ContentBlockNotFoundError ||
    error instanceof PreviewRecordNotFoundError
  ) {
    throw new NotFoundError(error.message);
  }
  if (error instanceof MissingRenderRecordError) {
    throw new NotFoundError(`${error.message}; pass ${error.record}Id to preview with one`);
  }
  if (error instanceof ContentBlockInUseError) {
    throw new ProblemError('conflict', { detail: error.message, extensions: { templates: error.templates } });
  }
  if (error instanceof TemplateKeyConflictError || error instanceof ContentBlockConflictError) {
    throw new ProblemError('conflict', { detail: error.message });
  }
  throw error;
}

export async function guarded<T>(work: () => Promise<T>, prefix = ''): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return asTemplateProblem(error, prefix);
  }
}
