import { checkUsernameToken, type SandboxCredentials } from './auth.js';
import { authenticationFault, clientFault, envelope, processingFault, SOAP_NS, validationFault } from './envelope.js';
import { editAdditionalData, type CustomObjects } from './ops/edit-additional-data.js';
import { OpFault } from './ops/fault.js';
import { getJobProfiles } from './ops/get-job-profiles.js';
import { getWorkers } from './ops/get-workers.js';
import { manageGoals } from './ops/manage-goals.js';
import { requestElements } from './spec/requests.js';
import { serviceOperations } from './spec/responses.js';
import { WD_NS } from './spec/types.js';
import type { WdStore } from './store.js';
import { validateNode } from './validate.js';
import { child, parseXml, XmlSyntaxError, type XmlNode } from './xml-read.js';

export interface SoapContext {
  store: WdStore;
  creds: SandboxCredentials;
  objects: CustomObjects;
  bearerValid: (token: string) => boolean;
  pageCap: number;
  /** Each later page of Get_Workers starts with the last worker of the page before. */
  repeatRowsAcrossPages?: boolean;
  newEvent: () => string;
  /** The exception object's Reference ID field, or null when its definition uses none (the quirk). */
  referenceId?: string | null;
}

export interface SoapReply {
  status: number;
  body: string;
  operation: string | null;
  write: boolean;
}

const WRITES = new Set(['Manage_Goals', 'Edit_Worker_Additional_Data']);

/** One SOAP 1.1 request, end to end: envelope, credentials, operation, schema validation, handler. */
export const handleSoap = (
  ctx: SoapContext,
  service: string,
  contentType: string,
  authorization: string | undefined,
  raw: string,
  beforeWrite: () => string | null,
): SoapReply => {
  const fail = (status: number, body: string, operation: string | null = null): SoapReply => ({
    status,
    body,
    operation,
    write: false,
  });
  if (!/^text\/xml\b/i.test(contentType)) return fail(415, clientFault('SOAP 1.1 requests must be sent as text/xml'));
  let doc: XmlNode;
  try {
    doc = parseXml(raw);
  } catch (e) {
    return fail(500, clientFault(e instanceof XmlSyntaxError ? e.message : 'Malformed request'));
  }
  if (doc.ns !== SOAP_NS || doc.local !== 'Envelope') return fail(500, clientFault('Not a SOAP 1.1 envelope'));
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (bearer !== undefined) {
    if (!ctx.bearerValid(bearer.trim())) return fail(401, authenticationFault());
  } else if (!checkUsernameToken(doc, ctx.creds)) return fail(500, authenticationFault());
  const body = child(doc, 'Body');
  const req = body?.children[0];
  if (!body || !req || body.children.length !== 1)
    return fail(500, clientFault('The SOAP Body must hold exactly one request element'));
  const op = Object.entries(requestElements).find(([, v]) => v.element === req.local)?.[0];
  if (!op || req.ns !== WD_NS || !(serviceOperations[service] ?? []).includes(op))
    return fail(
      500,
      validationFault([
        { message: 'The web service or version is invalid for the requested operation', xpath: `/${req.name}` },
      ]),
    );
  const spec = requestElements[op];
  const errors = spec ? validateNode(req, spec.type, `/wd:${req.local}`) : [];
  if (errors.length > 0) return fail(500, validationFault(errors), op);
  const write = WRITES.has(op);
  if (write) {
    const injected = beforeWrite();
    if (injected !== null) return { status: 500, body: processingFault(injected), operation: op, write: true };
  }
  try {
    const out =
      op === 'Get_Workers'
        ? getWorkers(ctx.store, req, ctx.pageCap, ctx.repeatRowsAcrossPages)
        : op === 'Get_Job_Profiles'
          ? getJobProfiles(ctx.store, req, ctx.pageCap)
          : op === 'Manage_Goals'
            ? manageGoals(ctx.store, req, ctx.newEvent)
            : editAdditionalData(ctx.store, req, ctx.objects, ctx.newEvent, ctx.referenceId ?? null);
    return { status: 200, body: envelope(out), operation: op, write };
  } catch (e) {
    if (e instanceof OpFault)
      return {
        status: 500,
        body: e.kind === 'validation' ? validationFault(e.errors) : processingFault(e.message),
        operation: op,
        write,
      };
    throw e;
  }
};
