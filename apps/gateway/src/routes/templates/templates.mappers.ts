import type { ContentBlockRecord, TemplatePreview, TemplateRecord } from '@cartwire/automation-sdk';

export function toTemplate(record: TemplateRecord) {
  return {
    object: 'template' as const,
    id: record.id,
    key: record.key,
    name: record.name,
    channel: record.channel as 'email',
    context: record.context,
    subject: record.subject,
    html: record.html,
    text: record.text,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toPreview(preview: TemplatePreview) {
  return {
    object: 'template_preview' as const,
    subject: preview.subject,
    html: preview.html,
    text: preview.text,
    records: preview.records,
  };
}

export function toContentBlock(record: ContentBlockRecord) {
  return {
    object: 'content_block' as const,
    name: record.name,
    description: record.description,
    body: record.body,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
