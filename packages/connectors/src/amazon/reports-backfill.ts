import { z } from 'zod';
import type { CustomPage, CustomStreamContext } from '../engine/connector';
import { TransientError } from '../engine/errors';
import { ORDER_REPORT_TYPE, parseOrderReport } from './order-report';
import type { ResolvedAmazonSettings } from './settings';

/** The order report covers at most 30 days of last updates per request. */
export const REPORT_WINDOW_MS = 30 * 24 * 3600 * 1000;

const CreateReportResponse = z.object({ reportId: z.string().min(1) });
const ReportStatus = z.looseObject({
  processingStatus: z.enum(['IN_QUEUE', 'IN_PROGRESS', 'DONE', 'CANCELLED', 'FATAL']),
  reportDocumentId: z.string().optional(),
});
const ReportDocument = z.looseObject({ url: z.url(), compressionAlgorithm: z.string().optional() });

/** Resume state of the reports path: the start of the next 30-day window. */
export const ReportsResumeState = z.object({ path: z.literal('reports'), windowStart: z.string() });

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function failure(message: string, storeId: string, operation: string): TransientError {
  return new TransientError(message, { platform: 'amazon', storeId, operation });
}

function parse<T extends z.ZodType>(
  schema: T,
  body: unknown,
  storeId: string,
  operation: string,
): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw failure(`unexpected ${operation} response`, storeId, operation);
  return parsed.data;
}

/** One report: request → poll until DONE → fetch the document URL → download the flat file. */
async function readReport(
  context: CustomStreamContext,
  settings: ResolvedAmazonSettings,
  window: { start: number; end: number },
): Promise<unknown[]> {
  const storeId = context.store.id;
  const created = await context.request({
    operation: 'createReport',
    method: 'POST',
    path: '/reports/2021-06-30/reports',
    body: {
      reportType: ORDER_REPORT_TYPE,
      marketplaceIds: settings.marketplaceIds,
      dataStartTime: new Date(window.start).toISOString(),
      dataEndTime: new Date(window.end).toISOString(),
    },
  });
  const { reportId } = parse(CreateReportResponse, created.body, storeId, 'createReport');
  for (let poll = 0; poll < settings.reportMaxPolls; poll += 1) {
    await sleep(settings.reportPollMs, context.signal);
    const status = parse(
      ReportStatus,
      (await context.request({ operation: 'getReport', path: `/reports/2021-06-30/reports/${reportId}` }))
        .body,
      storeId,
      'getReport',
    );
    // Amazon cancels a report with no data in its range: the window simply has no orders.
    if (status.processingStatus === 'CANCELLED') return [];
    if (status.processingStatus === 'FATAL')
      throw failure(`report ${reportId} failed (FATAL)`, storeId, 'getReport');
    if (status.processingStatus !== 'DONE') continue;
    if (!status.reportDocumentId)
      throw failure(`report ${reportId} is DONE without a document`, storeId, 'getReport');
    const document = parse(
      ReportDocument,
      (
        await context.request({
          operation: 'getReportDocument',
          path: `/reports/2021-06-30/documents/${status.reportDocumentId}`,
        })
      ).body,
      storeId,
      'getReportDocument',
    );
    if (document.compressionAlgorithm && document.compressionAlgorithm !== 'NONE') {
      throw failure(
        `report compression ${document.compressionAlgorithm} is not supported`,
        storeId,
        'getReportDocument',
      );
    }
    const download = await context.request({
      operation: 'downloadReportDocument',
      url: document.url,
      authenticate: false,
      parse: 'text',
    });
    return parseOrderReport(download.text);
  }
  throw failure(`report ${reportId} not done after ${settings.reportMaxPolls} polls`, storeId, 'getReport');
}

/**
 * Order backfill through the Reports API: the range from `start` to now in 30-day windows, one
 * GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL report per window, one page per window.
 * Windows are half-open (the end second belongs to the next window), so no order is read twice.
 * The checkpoint is the next window's start; a resumed run requests that window's report again.
 */
export async function* reportPages(
  context: CustomStreamContext,
  settings: ResolvedAmazonSettings,
  start: string,
): AsyncGenerator<CustomPage> {
  const end = Date.now();
  let windowStart = Date.parse(start);
  while (windowStart < end) {
    const windowEnd = Math.min(windowStart + REPORT_WINDOW_MS, end);
    const records = await readReport(context, settings, { start: windowStart, end: windowEnd - 1000 });
    const next =
      windowEnd < end
        ? {
            kind: 'custom' as const,
            state: { path: 'reports', windowStart: new Date(windowEnd).toISOString() },
          }
        : null;
    yield { records, next };
    windowStart = windowEnd;
  }
}
