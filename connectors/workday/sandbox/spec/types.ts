/**
 * A small declarative model of the XML Schema facts the sandbox enforces. One source renders the sandbox's own
 * WSDL (`wsdl.ts`) and validates every request (`validate.ts`), so what the WSDL says is what the server checks.
 */
export type SimpleKind = 'string' | 'boolean' | 'date' | 'dateTime' | 'decimal';

export interface FieldSpec {
  name: string;
  /** A simple kind, a named complex type, or `any` (xsd:any, lax). */
  type: SimpleKind | 'any' | { ref: string };
  min: number;
  /** `Infinity` = unbounded. */
  max: number;
  /** For decimals: the largest value the schema's totalDigits allows. */
  maxValue?: number;
}

interface AttributeSpec {
  name: string;
  kind: SimpleKind;
  required?: boolean;
  /** Workday's ID-type lists (`wd:enumeration` in the public schema's appinfo). */
  enumeration?: readonly string[];
}

export interface ComplexSpec {
  fields: FieldSpec[];
  attributes?: AttributeSpec[];
  /** simpleContent: the element holds text of this kind plus the attributes. */
  text?: SimpleKind;
}

export const WD_NS = 'urn:com.workday/bsvc';
export const CUSTOM_NS = 'urn:com.workday/tenants/super/data/custom';

export const one = (name: string, type: FieldSpec['type']): FieldSpec => ({ name, type, min: 1, max: 1 });
export const opt = (name: string, type: FieldSpec['type'], maxValue?: number): FieldSpec =>
  maxValue === undefined ? { name, type, min: 0, max: 1 } : { name, type, min: 0, max: 1, maxValue };
export const many = (name: string, type: FieldSpec['type'], min = 0): FieldSpec => ({ name, type, min, max: Infinity });
export const ref = (name: string): { ref: string } => ({ ref: name });

/** A Workday reference type: `ID[0..*]` with a required `type` from the list, and an optional `Descriptor`. */
export const referenceTypes = (name: string, idTypes: readonly string[]): Record<string, ComplexSpec> => ({
  [`${name}ObjectType`]: {
    fields: [many('ID', ref(`${name}ObjectIDType`))],
    attributes: [{ name: 'Descriptor', kind: 'string' }],
  },
  [`${name}ObjectIDType`]: {
    fields: [],
    text: 'string',
    attributes: [{ name: 'type', kind: 'string', required: true, enumeration: idTypes }],
  },
});
