import type {
  CustomerMetrics,
  MaterializeResult,
  PreviewCustomer,
  SegmentMember,
  SegmentRecord,
} from '@cartwire/automation-sdk';

const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toSegment(record: SegmentRecord) {
  return {
    object: 'segment' as const,
    id: record.id,
    name: record.name,
    description: record.description,
    storeId: record.storeId,
    rule: record.rule as unknown as Record<string, unknown>,
    version: record.version,
    memberCount: record.memberCount,
    materializedAt: isoOrNull(record.materializedAt),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toSegmentWithMaterialization(record: SegmentRecord, result: MaterializeResult | null) {
  return { ...toSegment(record), materialization: result };
}

export function toSegmentMember(member: SegmentMember) {
  return {
    object: 'segment_member' as const,
    customerId: member.customerId,
    storeId: member.storeId,
    enteredAt: member.enteredAt.toISOString(),
  };
}

export function toCustomerSegment(entry: { segment: SegmentRecord; enteredAt: Date }) {
  return {
    object: 'customer_segment' as const,
    segment: toSegment(entry.segment),
    enteredAt: entry.enteredAt.toISOString(),
  };
}

export function toPreview(preview: { count: number; sample: PreviewCustomer[] }) {
  return { object: 'segment_preview' as const, count: preview.count, sample: preview.sample };
}

export function toCustomerMetrics(metrics: CustomerMetrics) {
  return {
    object: 'customer_metrics' as const,
    ...metrics,
    firstOrderAt: isoOrNull(metrics.firstOrderAt),
    lastOrderAt: isoOrNull(metrics.lastOrderAt),
    computedAt: metrics.computedAt.toISOString(),
  };
}
