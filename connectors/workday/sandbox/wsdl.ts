import { commonTypes } from './spec/common.js';
import { requestElements, requestTypes } from './spec/requests.js';
import { responseElements, responseTypes, serviceOperations } from './spec/responses.js';
import { WD_NS, type ComplexSpec, type FieldSpec } from './spec/types.js';
import { escapeXml } from './xml-write.js';

export const allTypes: Record<string, ComplexSpec> = { ...commonTypes, ...requestTypes, ...responseTypes };

const typeName = (t: FieldSpec['type']): string => (typeof t === 'string' ? `xsd:${t}` : `wd:${t.ref}`);

const renderField = (f: FieldSpec): string => {
  if (f.type === 'any') return `<xsd:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/>`;
  const occurs = `minOccurs="${f.min}" maxOccurs="${f.max === Infinity ? 'unbounded' : f.max}"`;
  if (f.maxValue !== undefined) {
    const digits = String(f.maxValue).length;
    return (
      `<xsd:element name="${f.name}" ${occurs}><xsd:simpleType><xsd:restriction base="xsd:decimal">` +
      `<xsd:totalDigits value="${digits}"/><xsd:minInclusive value="0"/><xsd:fractionDigits value="0"/>` +
      '</xsd:restriction></xsd:simpleType></xsd:element>'
    );
  }
  return `<xsd:element name="${f.name}" type="${typeName(f.type)}" ${occurs}/>`;
};

const renderType = (name: string, spec: ComplexSpec): string => {
  const attrs = (spec.attributes ?? [])
    .map((a) => {
      if (a.name === 'version') return `<xsd:attribute ref="wd:version"/>`;
      const use = a.required ? ' use="required"' : '';
      const oneOf = a.enumeration
        ? `<xsd:annotation><xsd:documentation>One of: ${escapeXml(a.enumeration.join(', '))}</xsd:documentation>` +
          '</xsd:annotation>'
        : '';
      return `<xsd:attribute name="${a.name}" type="xsd:${a.kind}"${use}>${oneOf}</xsd:attribute>`;
    })
    .join('');
  if (spec.text !== undefined)
    return (
      `<xsd:complexType name="${name}"><xsd:simpleContent>` +
      `<xsd:extension base="xsd:${spec.text}">${attrs}</xsd:extension>` +
      '</xsd:simpleContent></xsd:complexType>'
    );
  const fields = spec.fields.map(renderField).join('');
  return `<xsd:complexType name="${name}"><xsd:sequence>${fields}</xsd:sequence>${attrs}</xsd:complexType>`;
};

/** The document/literal binding of an operation's input, output and two faults, the same for every operation. */
const LITERAL_BINDING =
  '<wsdl:input><soapbind:body use="literal"/></wsdl:input>' +
  '<wsdl:output><soapbind:body use="literal"/></wsdl:output>' +
  '<wsdl:fault name="Validation_Fault"><soapbind:fault name="Validation_Fault" use="literal"/></wsdl:fault>' +
  '<wsdl:fault name="Processing_Fault"><soapbind:fault name="Processing_Fault" use="literal"/></wsdl:fault>';

/**
 * The sandbox's own WSDL for one service, written from the sandbox's type model (it describes exactly what the
 * sandbox serves and checks; the public WSDLs are third-party and not reproduced). Document/literal, empty
 * SOAPAction, every element and attribute qualified in `urn:com.workday/bsvc`, like Workday's.
 */
export const renderWsdl = (service: string, version: string, location: string): string => {
  const ops = serviceOperations[service] ?? [];
  const roots: string[] = [
    '<xsd:element name="Validation_Fault" type="wd:Validation_FaultType"/>',
    '<xsd:element name="Processing_Fault" type="wd:Processing_FaultType"/>',
    '<xsd:element name="Authentication_Fault" type="wd:Authentication_FaultType"/>',
  ];
  const messages: string[] = [];
  const portOps: string[] = [];
  const bindingOps: string[] = [];
  for (const op of ops) {
    const req = requestElements[op];
    const res = responseElements[op];
    if (!req || !res) continue;
    roots.push(
      `<xsd:element name="${req.element}" type="wd:${req.type}"/>`,
      `<xsd:element name="${res.element}" type="wd:${res.type}"/>`,
    );
    messages.push(
      `<wsdl:message name="${op}_Input"><wsdl:part name="body" element="wd:${req.element}"/></wsdl:message>`,
      `<wsdl:message name="${op}_Output"><wsdl:part name="body" element="wd:${res.element}"/></wsdl:message>`,
    );
    portOps.push(
      `<wsdl:operation name="${op}">` +
        `<wsdl:input message="tns:${op}_Input"/><wsdl:output message="tns:${op}_Output"/>` +
        '<wsdl:fault name="Validation_Fault" message="tns:Validation_Fault_Msg"/>' +
        '<wsdl:fault name="Processing_Fault" message="tns:Processing_Fault_Msg"/>' +
        '</wsdl:operation>',
    );
    bindingOps.push(
      `<wsdl:operation name="${op}"><soapbind:operation soapAction="" style="document"/>` +
        `${LITERAL_BINDING}</wsdl:operation>`,
    );
  }
  const types = Object.entries(allTypes)
    .map(([name, spec]) => renderType(name, spec))
    .join('');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" ' +
      'xmlns:soapbind="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
      `xmlns:wd="${WD_NS}" xmlns:tns="${WD_NS}/${service}" ` +
      `name="${service}" targetNamespace="${WD_NS}/${service}">`,
    `<wsdl:documentation>fluencyflow sandbox: ${service} ${escapeXml(version)}, ` +
      'the operations the sandbox serves.</wsdl:documentation>',
    '<wsdl:types><xsd:schema elementFormDefault="qualified" attributeFormDefault="qualified" ' +
      `targetNamespace="${WD_NS}">`,
    `<xsd:attribute name="version" type="xsd:string"/>`,
    roots.join(''),
    types,
    `</xsd:schema></wsdl:types>`,
    `<wsdl:message name="Validation_Fault_Msg"><wsdl:part name="body" element="wd:Validation_Fault"/></wsdl:message>`,
    `<wsdl:message name="Processing_Fault_Msg"><wsdl:part name="body" element="wd:Processing_Fault"/></wsdl:message>`,
    messages.join(''),
    `<wsdl:portType name="${service}Port">${portOps.join('')}</wsdl:portType>`,
    `<wsdl:binding name="${service}Binding" type="tns:${service}Port">` +
      '<soapbind:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>' +
      `${bindingOps.join('')}</wsdl:binding>`,
    `<wsdl:service name="${service}"><wsdl:port name="${service}" binding="tns:${service}Binding">` +
      `<soapbind:address location="${escapeXml(location)}"/></wsdl:port></wsdl:service>`,
    `</wsdl:definitions>`,
  ].join('\n');
};
