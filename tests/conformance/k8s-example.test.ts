/**
 * The Kubernetes example (deploy/k8s) holds together: the Deployment's probes reach `serve` on its port, the pods run
 * as non-root, the config they mount is the ConfigMap's, every secret it names comes from the Secret, everything it
 * writes is on a writable volume, and the CronJob runs `apply` on the same config. No cluster needed: these are the
 * mistakes that only show once a pod starts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/engine/load-config.js';
import { repoRoot } from '../helpers/cli.js';
import { lastOf, readDockerfile } from '../helpers/dockerfile.js';
import { envRefs, mountedConfig, readK8sExample, secretEnv, type PodSpec } from '../helpers/k8s-example.js';

const k8s = readK8sExample(join(repoRoot, 'deploy', 'k8s'));
const deploymentPod = k8s.deployment.spec.template.spec;
const cronPod = k8s.cronJob.spec.jobTemplate.spec.template.spec;
const [serveContainer] = deploymentPod.containers;
const [cronContainer] = cronPod.containers;
if (!serveContainer || !cronContainer) throw new Error('the Deployment and the CronJob each need a container');

const configOf = (pod: PodSpec, c: typeof serveContainer) => {
  const file = mountedConfig(pod, c, [k8s.configMap]);
  return { ...file, ...parseConfigText({ text: file.text, path: file.path }) };
};

/** The value after an option in a container's args (`--port 8080`), or undefined. */
const option = (args: string[], name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

/** The paths a pod's container may write: its volume mounts that are neither read-only nor from a ConfigMap. */
const writableMounts = (pod: PodSpec, c: typeof serveContainer): string[] =>
  c.volumeMounts
    .filter((m) => m.readOnly !== true && pod.volumes.some((v) => v.name === m.name && !v.configMap && !v.secret))
    .map((m) => m.mountPath);

const under = (path: string, dirs: string[]): boolean => dirs.some((d) => path === d || path.startsWith(`${d}/`));

describe('deploy/k8s: the Deployment runs `serve` as the config and the image expect', () => {
  const { config } = configOf(deploymentPod, serveContainer);
  const args = serveContainer.args;
  const port = Number(option(args, '--port') ?? config.serve?.port);
  const containerPort = (p: string | number) =>
    typeof p === 'number' ? p : serveContainer.ports.find((x) => x.name === p)?.containerPort;

  it('runs serve, listening on every interface on the port its probes and Service reach', () => {
    expect(args[0]).toBe('serve');
    // The kubelet probes the pod's IP: a loopback-only listener fails every probe.
    expect(option(args, '--host') ?? config.serve?.host).toBe('0.0.0.0');
    expect(serveContainer.ports.map((p) => p.containerPort)).toContain(port);
    expect(serveContainer.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(containerPort(serveContainer.readinessProbe?.httpGet.port ?? '')).toBe(port);
    expect(serveContainer.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(containerPort(serveContainer.livenessProbe?.httpGet.port ?? '')).toBe(port);
    // The image's own default command and EXPOSE agree, so `docker run` and the pod behave alike.
    const final = readDockerfile(join(repoRoot, 'Dockerfile')).at(-1);
    expect(lastOf(final ?? { name: null, image: '', instructions: [] }, 'EXPOSE')?.args).toContain(String(port));
  });

  it('runs one replica: SQLite has one writer', () => {
    expect(config.state.startsWith('postgres')).toBe(false);
    expect(k8s.deployment.spec.replicas).toBe(1);
  });
});

describe.each([
  ['Deployment', deploymentPod, serveContainer],
  ['CronJob', cronPod, cronContainer],
])('deploy/k8s: the %s pod', (_kind, pod, c) => {
  const { config, text } = configOf(pod, c);

  // The "restricted" Pod Security Standard, which namespaces often enforce: a pod short of it is refused.
  it('runs as a non-root user under the restricted Pod Security Standard', () => {
    const runAsNonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
    const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
    expect(runAsNonRoot).toBe(true);
    expect(uid).not.toBe(0);
    expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(c.securityContext?.capabilities?.drop).toContain('ALL');
    const seccomp = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    expect(['RuntimeDefault', 'Localhost']).toContain(seccomp);
  });

  it('gets every secret the config names ({ env: NAME }) from the Secret, and the Secret holds nothing else', () => {
    const refs = envRefs(text);
    expect(refs.length).toBeGreaterThan(0);
    const env = secretEnv(c, [k8s.secret]);
    expect(refs.filter((r) => !env.has(r))).toEqual([]);
    expect(Object.keys(k8s.secret.stringData).sort()).toEqual(refs);
  });

  it('writes the state store, the evidence and scratch files only to writable volumes', () => {
    const writable = writableMounts(pod, c);
    expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(under(config.state, writable)).toBe(true);
    if (config.schedule?.evidence) expect(under(config.schedule.evidence.folder, writable)).toBe(true);
    const e = config.evidence;
    const files = [e?.certifications, e?.enrolments, e?.usage, e?.identities].flat();
    for (const file of files) if (file !== undefined) expect(under(file, writable), file).toBe(true);
    expect(under('/tmp', writable)).toBe(true);
  });

  it('claims a volume that deploy/k8s defines outside the other workload’s file (they are alternatives)', () => {
    const claims = pod.volumes.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
    expect(claims.length).toBe(1);
    const pvc = k8s.docs.find((d) => d.kind === 'PersistentVolumeClaim' && d.name === claims[0]);
    expect(pvc).toBeDefined();
    expect([k8s.deployment.file, k8s.cronJob.file]).not.toContain(pvc?.file);
  });
});

describe('deploy/k8s: the CronJob is the same tool on the same config', () => {
  it('runs `apply --yes` on the config the Deployment serves', () => {
    expect(cronContainer.args.slice(0, 2)).toEqual(['apply', '--yes']);
    expect(mountedConfig(cronPod, cronContainer, [k8s.configMap])).toEqual(
      mountedConfig(deploymentPod, serveContainer, [k8s.configMap]),
    );
    expect(cronContainer.image).toBe(serveContainer.image);
  });
});

describe('deploy/k8s: the Secret', () => {
  it('says how to create it with every key the config needs', () => {
    const header = k8s.headers.get(k8s.secret.file) ?? '';
    const literals = [...header.matchAll(/--from-literal=([A-Z0-9_]+)=/g)].map((m) => m[1]).sort();
    expect(literals).toEqual(Object.keys(k8s.secret.stringData).sort());
  });
});
