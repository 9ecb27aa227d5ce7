import { checkedBaseUrl } from '../../src/http/index.js';
import type { WorkdayConfig, WorkdayService } from './config.js';

export interface Endpoints {
  origin: string;
  /** `https://{host}/ccx/service/{tenant}/{Service}/{version}` */
  service(name: WorkdayService): string;
  /** `https://{host}/ccx/oauth2/{tenant}/token` */
  token: string;
  /** `https://{host}/ccx/api/customObject/v2/{tenant}/` */
  customObjects: string;
  /** `https://{host}/ccx/api/customObjectDefinition/v1/{tenant}/` */
  customObjectDefinitions: string;
  /** `https://{host}/ccx/api/performanceEnablement/v5/{tenant}/` */
  performance: string;
  /** `https://{host}/ccx/api/wql/v1/{tenant}/` */
  wql: string;
}

export const endpointsFor = (config: WorkdayConfig): Endpoints => {
  const origin = checkedBaseUrl(config.baseUrl ?? `https://${config.host}/`, `connectors.${config.id}.baseUrl`);
  const tenant = encodeURIComponent(config.tenant);
  return {
    origin,
    service: (name) => `${origin}ccx/service/${tenant}/${name}/${config.version}`,
    token: `${origin}ccx/oauth2/${tenant}/token`,
    customObjects: `${origin}ccx/api/customObject/v2/${tenant}/`,
    customObjectDefinitions: `${origin}ccx/api/customObjectDefinition/v1/${tenant}/`,
    performance: `${origin}ccx/api/performanceEnablement/v5/${tenant}/`,
    wql: `${origin}ccx/api/wql/v1/${tenant}/`,
  };
};
