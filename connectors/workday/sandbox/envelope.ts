import { WD_NS } from './spec/types.js';
import { escapeXml, wd, wdText } from './xml-write.js';
import type { SchemaError } from './validate.js';

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP_NS}" xmlns:wd="${WD_NS}">` +
  `<env:Body>${body}</env:Body></env:Envelope>`;

const fault = (code: string, text: string, detail: string): string =>
  envelope(
    `<env:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(text)}</faultstring>` +
      `<detail>${detail}</detail></env:Fault>`,
  );

/** Workday's validation fault: HTTP 500, `SOAP-ENV:Client.validationError`, one Validation_Error per problem. */
export const validationFault = (errors: readonly SchemaError[]): string => {
  const first = errors[0]?.message ?? 'Validation error occurred.';
  return fault(
    'env:Client.validationError',
    `Validation error occurred. ${first}`,
    wd(
      'Validation_Fault',
      null,
      ...errors.map((e) =>
        wd(
          'Validation_Error',
          null,
          wdText('Message', e.message),
          wdText('Detail_Message', e.message),
          wdText('Xpath', e.xpath),
        ),
      ),
    ),
  );
};

export const processingFault = (message: string): string =>
  fault(
    'env:Server.processingError',
    `Processing error occurred. ${message}`,
    wd('Processing_Fault', null, wdText('Detail_Message', message)),
  );

export const authenticationFault = (): string =>
  fault(
    'env:Client.authenticationError',
    'invalid username or password',
    wd('Authentication_Fault', null, wdText('Detail_Message', 'invalid username or password')),
  );

export const clientFault = (message: string): string => fault('env:Client', message, '');
