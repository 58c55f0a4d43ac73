import type { Hono } from 'hono';
import { z } from 'zod';
import { type AmazonContext, type AmazonVariables, amazonJson, operation } from './emulator-context';
import { invalidInput, notFound } from './error-bodies';
import { ALL_ORDERS_BY_LAST_UPDATE, ORDER_REPORT_MAX_RANGE_MS, renderOrderReport } from './order-report';
import { amazonTime } from './order-view';
import type { ReportRecord } from './reports';

type App = Hono<{ Variables: AmazonVariables }>;

/** Where the emulator serves report documents (the real API hands out pre-signed S3 URLs). */
export const REPORT_DOCUMENT_PATH = '/_sandbox/report-documents';

const CreateReport = z.object({
  reportType: z.string().min(1),
  marketplaceIds: z.array(z.string().min(1)).min(1),
  dataStartTime: z.iso.datetime({ offset: true }).optional(),
  dataEndTime: z.iso.datetime({ offset: true }).optional(),
});

function renderReport(report: ReportRecord) {
  return {
    reportId: report.reportId,
    reportType: report.reportType,
    marketplaceIds: report.marketplaceIds,
    dataStartTime: amazonTime(report.dataStartTime),
    dataEndTime: amazonTime(report.dataEndTime),
    createdTime: amazonTime(report.createdTime),
    processingStatus: report.processingStatus,
    ...(report.processingStartTime === null
      ? {}
      : { processingStartTime: amazonTime(report.processingStartTime) }),
    ...(report.processingEndTime === null ? {} : { processingEndTime: amazonTime(report.processingEndTime) }),
    ...(report.reportDocumentId === null ? {} : { reportDocumentId: report.reportDocumentId }),
  };
}

/**
 * Reports API 2021-06-30 for order backfills: createReport (only
 * GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL, at most 30 days of last-update range),
 * getReport (one processing step per poll), getReportDocument (a URL this emulator serves).
 */
export function registerReports(app: App, context: AmazonContext): void {
  const { marketplaceId } = context.options;

  app.post('/reports/2021-06-30/reports', operation(context, 'createReport'), async (c) => {
    const parsed = CreateReport.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return amazonJson(c, invalidInput(parsed.error.issues[0]?.message ?? 'Invalid body.'), 400);
    const input = parsed.data;
    if (input.reportType !== ALL_ORDERS_BY_LAST_UPDATE) {
      return amazonJson(
        c,
        invalidInput(`Report type ${input.reportType} is not supported by the sandbox.`),
        400,
      );
    }
    const now = context.now();
    const end = input.dataEndTime ? Date.parse(input.dataEndTime) : now;
    const start = input.dataStartTime ? Date.parse(input.dataStartTime) : end - ORDER_REPORT_MAX_RANGE_MS;
    if (start > end) return amazonJson(c, invalidInput('dataStartTime must be before dataEndTime.'), 400);
    if (end - start > ORDER_REPORT_MAX_RANGE_MS) {
      return amazonJson(c, invalidInput('The date range of this report cannot exceed 30 days.'), 400);
    }
    const report = context.reports.create({
      reportType: input.reportType,
      marketplaceIds: input.marketplaceIds,
      dataStartTime: start,
      dataEndTime: end,
      createdTime: now,
    });
    return amazonJson(c, { reportId: report.reportId }, 202);
  });

  app.get('/reports/2021-06-30/reports/:reportId', operation(context, 'getReport'), (c) => {
    const report = context.reports.poll(c.req.param('reportId'), context.now(), (done) =>
      renderOrderReport(
        done.marketplaceIds.includes(marketplaceId)
          ? context
              .orderViews()
              .filter((view) => view.updatedMs >= done.dataStartTime && view.updatedMs <= done.dataEndTime)
          : [],
      ),
    );
    if (!report) return amazonJson(c, notFound(`Report ${c.req.param('reportId')} not found.`), 404);
    return amazonJson(c, renderReport(report));
  });

  app.get('/reports/2021-06-30/documents/:documentId', operation(context, 'getReportDocument'), (c) => {
    const documentId = c.req.param('documentId');
    if (context.reports.document(documentId) === undefined) {
      return amazonJson(c, notFound(`Report document ${documentId} not found.`), 404);
    }
    const origin = new URL(c.req.url).origin;
    return amazonJson(c, {
      reportDocumentId: documentId,
      url: `${origin}${REPORT_DOCUMENT_PATH}/${documentId}`,
    });
  });

  // The document download is plain HTTP to storage: no SP-API auth or usage plan.
  app.get(`${REPORT_DOCUMENT_PATH}/:documentId`, (c) => {
    const text = context.reports.document(c.req.param('documentId'));
    if (text === undefined) return c.text('NoSuchKey', 404);
    return c.text(text, 200, { 'content-type': 'text/tab-separated-values; charset=UTF-8' });
  });
}
