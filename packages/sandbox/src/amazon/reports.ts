import { randomUUID } from 'node:crypto';

export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

export interface ReportRecord {
  reportId: string;
  reportType: string;
  marketplaceIds: string[];
  dataStartTime: number;
  dataEndTime: number;
  createdTime: number;
  processingStatus: ProcessingStatus;
  processingStartTime: number | null;
  processingEndTime: number | null;
  reportDocumentId: string | null;
}

/**
 * Reports API state. A report moves one step per status poll (IN_QUEUE → IN_PROGRESS → DONE) rather
 * than by wall-clock time, so tests and the bench are deterministic; the document is rendered when
 * the report completes, from the data as it is at that moment.
 */
export class ReportRegistry {
  readonly #reports = new Map<string, ReportRecord>();
  readonly #documents = new Map<string, string>();

  create(
    input: Omit<
      ReportRecord,
      'reportId' | 'processingStatus' | 'processingStartTime' | 'processingEndTime' | 'reportDocumentId'
    >,
  ): ReportRecord {
    const report: ReportRecord = {
      ...input,
      reportId: String(50_000_000_000 + this.#reports.size + 1),
      processingStatus: 'IN_QUEUE',
      processingStartTime: null,
      processingEndTime: null,
      reportDocumentId: null,
    };
    this.#reports.set(report.reportId, report);
    return report;
  }

  /** Reads a report, advancing it one processing step; `render` builds the document on completion. */
  poll(reportId: string, now: number, render: (report: ReportRecord) => string): ReportRecord | undefined {
    const report = this.#reports.get(reportId);
    if (!report) return undefined;
    if (report.processingStatus === 'IN_QUEUE') {
      report.processingStatus = 'IN_PROGRESS';
      report.processingStartTime = now;
    } else if (report.processingStatus === 'IN_PROGRESS') {
      const documentId = `amzn1.spdoc.1.4.na.${randomUUID()}`;
      this.#documents.set(documentId, render(report));
      report.processingStatus = 'DONE';
      report.processingEndTime = now;
      report.reportDocumentId = documentId;
    }
    return { ...report };
  }

  document(documentId: string): string | undefined {
    return this.#documents.get(documentId);
  }
}
