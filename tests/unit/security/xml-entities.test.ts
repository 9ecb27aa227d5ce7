import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientAsync } from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntityMetadata } from '../../../connectors/successfactors/metadata.js';
import { startWorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { parseSoapFault, toError } from '../../../connectors/workday/to-error.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';

/**
 * No XML parser on the connectors' paths resolves an external entity or expands a DTD's entities (issue 12): an
 * answer carrying a DOCTYPE with a SYSTEM entity (pointing at a loopback server that counts its visitors) and an
 * internal entity is refused or read with both left unexpanded, and nothing is fetched.
 */
const SECRET = 'ENTITY-CONTENT-7731';
let hits = 0;
let server: Server;
let external = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end(SECRET);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  external = `http://127.0.0.1:${port}/x`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const dtd = () => `<!DOCTYPE r [<!ENTITY ext SYSTEM "${external}"><!ENTITY int "${SECRET}">]>`;
const settle = () => new Promise((r) => setTimeout(r, 200));

describe('XML with a DOCTYPE and entities', () => {
  it('SuccessFactors $metadata: refused or read without the entities, nothing fetched', async () => {
    const xml = `<?xml version="1.0"?>${dtd()}
      <edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"><edmx:DataServices><Schema>
      <EntityType Name="cust_X"><Key><PropertyRef Name="externalCode"/></Key>
      <Property Name="externalCode" Type="Edm.String"/>
      <Property Name="&ext;" Type="Edm.String"/><Property Name="&int;" Type="Edm.String"/></EntityType>
      <EntityContainer><EntitySet Name="cust_X" EntityType="SFOData.cust_X"/></EntityContainer>
      </Schema></edmx:DataServices></edmx:Edmx>`;
    let read: string;
    try {
      read = JSON.stringify([...(parseEntityMetadata(xml, 'cust_X')?.properties.keys() ?? [])]);
    } catch (e) {
      read = e instanceof Error ? e.message : String(e);
    }
    await settle();
    expect(read).not.toContain(SECRET);
    expect(hits).toBe(0);
  });

  it('Workday faults: a body with a DTD is not parsed at all', async () => {
    const body =
      `<?xml version="1.0"?>${dtd()}<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">` +
      '<env:Body><env:Fault><faultcode>env:Server</faultcode><faultstring>&ext;&int;</faultstring></env:Fault>' +
      '</env:Body></env:Envelope>';
    expect(parseSoapFault(body)).toBeNull();
    const err = toError(
      { message: 'Request failed', response: { status: 500, headers: {}, data: body } },
      { connector: 'us', where: 'Get_Workers' },
    );
    await settle();
    expect(err.message).not.toContain(SECRET);
    expect(hits).toBe(0);
  });

  it('Workday SOAP answers (node-soap, as the connector reads them): refused or entities left unexpanded', async () => {
    const org = generateSyntheticOrg({
      asOf: '2027-06-30',
      employees: 3,
      seed: 1,
      standardGoalTitle: 'T',
      cycleEnd: '2027-12-31',
    });
    const sandbox = await startWorkdaySandbox({ org, port: 0 });
    try {
      const client = await createClientAsync(`${sandbox.baseUrl}ccx/service/sandbox/Human_Resources/v44.0?wsdl`);
      const answer =
        `<?xml version="1.0"?>${dtd()}` +
        '<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wd="urn:com.workday/bsvc">' +
        '<env:Body><wd:Get_Workers_Response><wd:Response_Results>' +
        '<wd:Total_Results>&ext;&int;</wd:Total_Results>' +
        '</wd:Response_Results></wd:Get_Workers_Response></env:Body></env:Envelope>';
      let read: string;
      try {
        read = JSON.stringify(client.wsdl.xmlToObject(answer));
      } catch (e) {
        read = e instanceof Error ? e.message : String(e);
      }
      await settle();
      expect(read).not.toContain(SECRET);
      expect(hits).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
