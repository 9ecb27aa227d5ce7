import { z } from 'zod';

/**
 * Zod schemas of the responses, as node-soap hands them over: attributes under `attributes` (keys keep their prefix,
 * `wd:type`), text of an element with attributes under `$value`. An element may arrive as one object or an array
 * depending on the WSDL in use (the tenant's or the sandbox's), so every repeatable element accepts both.
 */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const bool = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 1);
const attributes = z.record(z.string(), z.unknown()).nullish();

/** An attribute by local name, whatever its prefix. */
const attrOf = (attrs: Record<string, unknown> | null | undefined, local: string): string | undefined => {
  for (const [k, v] of Object.entries(attrs ?? {}))
    if ((k === local || k.endsWith(`:${local}`)) && (typeof v === 'string' || typeof v === 'number')) return String(v);
  return undefined;
};

const idValue = z.union([
  text.transform((v) => ({ type: '', value: v })),
  z
    .object({ attributes, $value: text.nullish() })
    .transform((o) => ({ type: attrOf(o.attributes, 'type') ?? '', value: o.$value ?? '' })),
]);
const reference = z
  .looseObject({ attributes, ID: list(idValue) })
  .transform((r) => ({ descriptor: attrOf(r.attributes, 'Descriptor') ?? null, ids: r.ID }));
export type Reference = z.output<typeof reference>;
export const idOf = (ref: Reference | null | undefined, type: string): string | null =>
  ref?.ids.find((i) => i.type === type)?.value ?? null;

const withAttrs = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ attributes, ...shape });

const goalData = z.looseObject({
  Goal_Reference_ID: text.nullish(),
  Goal: text.nullish(),
  Description: text.nullish(),
  Due_Date: text.nullish(),
  Completion_Status_Reference: reference.nullish(),
  Completion_Date: text.nullish(),
});

const positionData = withAttrs({
  Business_Title: text.nullish(),
  Job_Profile_Summary_Data: z
    .looseObject({
      Job_Profile_Reference: reference.nullish(),
      Management_Level_Reference: reference.nullish(),
      Job_Family_Reference: list(reference),
      Job_Profile_Name: text.nullish(),
    })
    .nullish(),
  Business_Site_Summary_Data: z.looseObject({ Name: text.nullish() }).nullish(),
});

const workerData = z.looseObject({
  Worker_ID: text.nullish(),
  Personal_Data: z
    .looseObject({
      Name_Data: z
        .looseObject({
          Legal_Name_Data: z
            .looseObject({ Name_Detail_Data: z.looseObject({ First_Name: text.nullish(), Last_Name: text.nullish() }) })
            .nullish(),
        })
        .nullish(),
      Contact_Data: z
        .looseObject({
          Email_Address_Data: list(
            z.looseObject({
              Email_Address: text.nullish(),
              Usage_Data: list(withAttrs({ Type_Data: list(z.looseObject({ Type_Reference: reference.nullish() })) })),
            }),
          ),
        })
        .nullish(),
    })
    .nullish(),
  Employment_Data: z
    .looseObject({
      Worker_Job_Data: list(withAttrs({ Position_Data: positionData.nullish() })),
      Worker_Status_Data: z
        .looseObject({ Active: bool.nullish(), Hire_Date: text.nullish(), Terminated: bool.nullish() })
        .nullish(),
    })
    .nullish(),
  Compensation_Data: z
    .looseObject({
      Compensation_Guidelines_Data: list(z.looseObject({ Compensation_Grade_Reference: reference.nullish() })),
    })
    .nullish(),
  Organization_Data: z
    .looseObject({
      Worker_Organization_Data: list(
        z.looseObject({
          Organization_Data: z
            .looseObject({ Organization_Name: text.nullish(), Organization_Type_Reference: reference.nullish() })
            .nullish(),
        }),
      ),
    })
    .nullish(),
  Management_Chain_Data: z
    .looseObject({
      Worker_Supervisory_Management_Chain_Data: z
        .looseObject({ Management_Chain_Data: list(z.looseObject({ Manager_Reference: list(reference) })) })
        .nullish(),
    })
    .nullish(),
  Transaction_Log_Entry_Data: z
    .looseObject({
      Transaction_Log_Entry: list(
        z.looseObject({
          Transaction_Log_Data: z
            .looseObject({
              Transaction_Effective_Moment: text.nullish(),
              Transaction_Entry_Moment: text.nullish(),
              Transaction_Log_Type_Reference: list(reference),
              Is_Rescind_Or_Rescinded: bool.nullish(),
            })
            .nullish(),
        }),
      ),
    })
    .nullish(),
  Worker_Goal_Data: z
    .looseObject({ Goal: list(z.looseObject({ Goal_Reference: reference.nullish(), Goal_Data: list(goalData) })) })
    .nullish(),
  /** The user account's language and locale (element names as Human_Resources.wsdl spells them). */
  User_Account_Data: z
    .looseObject({
      User_Language__Reference: reference.nullish(),
      Default_Display_Language_Reference: reference.nullish(),
      Locale__Reference: reference.nullish(),
    })
    .nullish(),
});
export type WorkerData = z.output<typeof workerData>;

export const workerSchema = z.looseObject({ Worker_Reference: reference.nullish(), Worker_Data: workerData.nullish() });
export type WireWorker = z.output<typeof workerSchema>;

const results = z
  .looseObject({
    Total_Results: text.nullish(),
    Total_Pages: text.nullish(),
    Page_Results: text.nullish(),
    Page: text.nullish(),
  })
  .nullish();

export const getWorkersResponse = z.looseObject({
  Response_Results: results,
  Response_Data: z.looseObject({ Worker: list(workerSchema) }).nullish(),
});

export const jobProfileSchema = z.looseObject({
  Job_Profile_Reference: reference.nullish(),
  Job_Profile_Data: z
    .looseObject({
      Job_Profile_Basic_Data: z
        .looseObject({
          Inactive: bool.nullish(),
          Job_Title: text.nullish(),
          Management_Level_Reference: reference.nullish(),
          Job_Level_Reference: reference.nullish(),
          Job_Family_Data: list(z.looseObject({ Job_Family_Reference: reference.nullish() })),
        })
        .nullish(),
      Job_Profile_Compensation_Data: z.looseObject({ Compensation_Grade_Reference: reference.nullish() }).nullish(),
    })
    .nullish(),
});
export type WireJobProfile = z.output<typeof jobProfileSchema>;

export const getJobProfilesResponse = z.looseObject({
  Response_Results: results,
  Response_Data: z.looseObject({ Job_Profile: list(jobProfileSchema) }).nullish(),
});

export const writeResponse = z.looseObject({ attributes }).nullish();

/** customObject/v2 single instance: `{}` when the worker has none. */
export const customObjectInstance = z.record(z.string(), z.unknown());
export const customObjectCollection = z.object({
  total: z.number().nullish(),
  data: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** A REST instance reference (`{id, descriptor}`), as the prompt-value endpoints return them. */
export const restInstance = z.looseObject({ id: z.string(), descriptor: z.string().nullish() });
export const restCollection = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().nullish(), data: z.array(item).default([]) });

/** customObjectDefinition/v1 `GET /definitions`. */
export const objectDefinition = z.looseObject({
  id: z.string(),
  alias: z.string().nullish(),
  name: z.string().nullish(),
  multiInstance: z.boolean().nullish(),
  active: z.boolean().nullish(),
});
/** customObjectDefinition/v1 `GET /definitions/{ID}/fields`. */
export const objectField = z.looseObject({
  id: z.string().nullish(),
  alias: z.string(),
  name: z.string().nullish(),
  inactive: z.boolean().nullish(),
  fieldType: restInstance.nullish(),
});
/** customObjectDefinition/v1 `GET /fieldTypes/{ID}`: `listInfo` only on custom lists. */
export const fieldTypeDetail = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  listInfo: z.unknown().optional(),
});
/** customObjectDefinition/v1 `GET /fieldTypes/{ID}/listValues`. */
export const listValue = z.looseObject({
  id: z.string().nullish(),
  alias: z.string().nullish(),
  name: z.string().nullish(),
  descriptor: z.string().nullish(),
  inactive: z.boolean().nullish(),
});

/** wql/v1 `GET /data`: one page of rows, keyed by the selected fields' aliases, and the total. */
export const wqlData = z.object({
  total: z.number().nullish(),
  data: z.array(z.record(z.string(), z.unknown())).default([]),
});
/** wql/v1 `GET /dataSources` and `GET /dataSources/{ID}/fields`: instances with their WQL alias. */
export const wqlInstance = z.looseObject({
  id: z.string(),
  alias: z.string().nullish(),
  descriptor: z.string().nullish(),
});

/** A REST validation error (VALIDATION_ERROR_MODEL_REFERENCE): `{error, errors: [{error, field, path}]}`. */
export const restValidationError = z.looseObject({
  error: z.string(),
  errors: z
    .array(z.looseObject({ error: z.string(), field: z.string().nullish(), path: z.string().nullish() }))
    .nullish(),
});
