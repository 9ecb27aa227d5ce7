import { createTransport } from 'nodemailer';
import type { Alerts } from '../../schemas/index.js';
import type { SecretRef } from '../../schemas/index.js';
import type { Logger } from '../logger.js';
import type { AlertMessage } from './alert-message.js';

/** Sends one alert to every channel configured; a channel that fails is logged, never stops the service. */
export type AlertSender = (message: AlertMessage) => Promise<void>;

const WEBHOOK_TIMEOUT_MS = 15_000;

export const createAlertSender = (
  alerts: Alerts | undefined,
  resolveSecret: (ref: SecretRef) => Promise<string>,
  logger: Logger,
): AlertSender => {
  if (alerts === undefined) return async () => {};
  return async (message) => {
    if (alerts.webhook) {
      try {
        const url = await resolveSecret(alerts.webhook.url);
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          redirect: 'error',
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (!res.ok) logger.warn(`alert webhook answered ${res.status} for run ${message.runId}`);
      } catch (e) {
        logger.warn(`alert webhook failed for run ${message.runId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (alerts.email) {
      try {
        // https://nodemailer.com/smtp/ : an smtp:// or smtps:// URL with its credentials, from a secret.
        const transport = createTransport(await resolveSecret(alerts.email.smtp));
        await transport.sendMail({
          from: alerts.email.from,
          to: alerts.email.to,
          subject: `fluencyflow: ${message.events.join(', ')} (run ${message.runId})`,
          text: message.text,
        });
        transport.close();
      } catch (e) {
        logger.warn(`alert e-mail failed for run ${message.runId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
};
