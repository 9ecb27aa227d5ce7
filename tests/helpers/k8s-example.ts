/**
 * The Kubernetes example in deploy/k8s, read as kubectl would (every YAML document of every file), with zod schemas
 * for the parts the tests check: the Secret, the ConfigMap's config, the pods of the Deployment and the CronJob.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';

const meta = z.object({ name: z.string() });
const probe = z.object({ httpGet: z.object({ path: z.string(), port: z.union([z.string(), z.number()]) }) });
const securityContext = z.object({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilities: z.object({ drop: z.array(z.string()).default([]) }).optional(),
  seccompProfile: z.object({ type: z.string() }).optional(),
});
const container = z.object({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).default([]),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() })).default([]),
  env: z
    .array(
      z.object({
        name: z.string(),
        value: z.string().optional(),
        valueFrom: z.object({ secretKeyRef: z.object({ name: z.string(), key: z.string() }).optional() }).optional(),
      }),
    )
    .default([]),
  envFrom: z.array(z.object({ secretRef: z.object({ name: z.string() }).optional() })).default([]),
  volumeMounts: z
    .array(z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() }))
    .default([]),
  readinessProbe: probe.optional(),
  livenessProbe: probe.optional(),
  securityContext: securityContext.optional(),
});
const podSpec = z.object({
  securityContext: securityContext.optional(),
  containers: z.array(container).min(1),
  volumes: z
    .array(
      z.object({
        name: z.string(),
        configMap: z.object({ name: z.string() }).optional(),
        secret: z.object({ secretName: z.string() }).optional(),
        persistentVolumeClaim: z.object({ claimName: z.string() }).optional(),
        emptyDir: z.object({}).optional(),
      }),
    )
    .default([]),
});

export type PodSpec = z.infer<typeof podSpec>;
export type Container = z.infer<typeof container>;

const secret = z.object({ kind: z.literal('Secret'), metadata: meta, stringData: z.record(z.string(), z.string()) });
const configMap = z.object({ kind: z.literal('ConfigMap'), metadata: meta, data: z.record(z.string(), z.string()) });
const deployment = z.object({
  kind: z.literal('Deployment'),
  metadata: meta,
  spec: z.object({ replicas: z.number(), template: z.object({ spec: podSpec }) }),
});
const cronJob = z.object({
  kind: z.literal('CronJob'),
  metadata: meta,
  spec: z.object({ jobTemplate: z.object({ spec: z.object({ template: z.object({ spec: podSpec }) }) }) }),
});
const anyObject = z.object({ kind: z.string(), metadata: meta });

/** One YAML document of deploy/k8s and the file it came from. */
interface K8sDoc {
  file: string;
  kind: string;
  name: string;
  raw: unknown;
}

export const readK8sExample = (dir: string) => {
  const docs: K8sDoc[] = [];
  const headers = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    headers.set(file, text.slice(0, text.search(/^[^#\n]/m)));
    for (const doc of parseAllDocuments(text)) {
      const raw: unknown = doc.toJS();
      const o = anyObject.parse(raw);
      docs.push({ file, kind: o.kind, name: o.metadata.name, raw });
    }
  }
  const one = <T extends object>(kind: string, schema: z.ZodType<T>): T & { file: string } => {
    const found = docs.filter((d) => d.kind === kind);
    if (found.length !== 1 || !found[0]) throw new Error(`expected one ${kind} in deploy/k8s, found ${found.length}`);
    return { ...schema.parse(found[0].raw), file: found[0].file };
  };
  return {
    docs,
    /** The comment lines at the top of each file (the Secret's says how to create it). */
    headers,
    secret: one('Secret', secret),
    configMap: one('ConfigMap', configMap),
    deployment: one('Deployment', deployment),
    cronJob: one('CronJob', cronJob),
  };
};

/** The config file a container reads: `--config PATH` in its args, found in a ConfigMap volume it mounts. */
export const mountedConfig = (
  pod: PodSpec,
  c: Container,
  maps: { metadata: { name: string }; data: Record<string, string> }[],
): { path: string; text: string } => {
  const path = c.args[c.args.indexOf('--config') + 1];
  if (!c.args.includes('--config') || path === undefined) throw new Error(`${c.name}: no --config in its args`);
  for (const m of c.volumeMounts) {
    if (!path.startsWith(`${m.mountPath}/`)) continue;
    const volume = pod.volumes.find((v) => v.name === m.name);
    const map = maps.find((cm) => cm.metadata.name === volume?.configMap?.name);
    const text = map?.data[path.slice(m.mountPath.length + 1)];
    if (text !== undefined) return { path, text };
  }
  throw new Error(`${c.name}: --config ${path} is in no mounted ConfigMap`);
};

/** Every `{ env: NAME }` secret reference in a config file's YAML. */
export const envRefs = (configText: string): string[] => {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      const [only] = entries;
      if (entries.length === 1 && only?.[0] === 'env' && typeof only[1] === 'string') found.add(only[1]);
      else entries.forEach(([, x]) => walk(x));
    }
  };
  walk(parse(configText));
  return [...found].sort();
};

/** The environment variables a container gets from Secrets: name → the Secret and key it comes from. */
export const secretEnv = (
  c: Container,
  secrets: { metadata: { name: string }; stringData: Record<string, string> }[],
): Map<string, { secret: string; key: string }> => {
  const env = new Map<string, { secret: string; key: string }>();
  for (const from of c.envFrom) {
    const s = secrets.find((x) => x.metadata.name === from.secretRef?.name);
    for (const key of Object.keys(s?.stringData ?? {})) if (s) env.set(key, { secret: s.metadata.name, key });
  }
  for (const e of c.env) {
    const ref = e.valueFrom?.secretKeyRef;
    const s = secrets.find((x) => x.metadata.name === ref?.name);
    if (ref && s && ref.key in s.stringData) env.set(e.name, { secret: ref.name, key: ref.key });
    else env.delete(e.name);
  }
  return env;
};
