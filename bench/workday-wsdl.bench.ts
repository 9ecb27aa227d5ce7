/**
 * WSDL parse time and memory for the Workday connector: node-soap's createClientAsync on the public Human_Resources
 * WSDL and on the sandbox's own, each against a baseline measured in the same run (read the file + fast-xml-parser).
 * Prints JSON lines `{"bench","metric","value","unit"}`.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { createClientAsync } from 'soap';
import { renderWsdl } from '../connectors/workday/sandbox/wsdl.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const publicWsdl = path.resolve(repoRoot, '../shared/specs/workday/Human_Resources.wsdl');

const emit = (bench: string, metric: string, value: number, unit: string) => {
  process.stdout.write(`${JSON.stringify({ bench, metric, value: Math.round(value * 1000) / 1000, unit })}\n`);
};

const measure = async (
  fn: () => Promise<unknown>,
): Promise<{ ms: number; heapMb: number; rssMb: number; keep: unknown }> => {
  const before = process.memoryUsage();
  const t0 = performance.now();
  const keep = await fn();
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  return { ms, heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20, rssMb: (after.rss - before.rss) / 2 ** 20, keep };
};

const benchOne = async (name: string, file: string): Promise<void> => {
  const baseline = await measure(async () =>
    new XMLParser({ ignoreAttributes: false }).parse(await readFile(file, 'utf8')),
  );
  // A fresh path each time: node-soap caches parsed WSDLs per URL.
  const copy = path.join(await mkdtemp(path.join(tmpdir(), 'ff-bench-wsdl-')), path.basename(file));
  await writeFile(copy, await readFile(file));
  const soap = await measure(async () =>
    createClientAsync(copy, { endpoint: 'https://tenant.example/ccx/service/t/Human_Resources/v44.0' }),
  );
  emit(name, 'baseline_parse_time', baseline.ms, 'ms');
  emit(name, 'baseline_heap_delta', baseline.heapMb, 'MiB');
  emit(name, 'soap_parse_time', soap.ms, 'ms');
  emit(name, 'soap_heap_delta', soap.heapMb, 'MiB');
  emit(name, 'soap_rss_delta', soap.rssMb, 'MiB');
  emit(name, 'soap_vs_baseline_time', soap.ms / Math.max(baseline.ms, 0.001), 'ratio');
  emit(name, 'soap_vs_baseline_heap', soap.heapMb / Math.max(Math.abs(baseline.heapMb), 0.001), 'ratio');
};

export async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ff-bench-sandbox-'));
  const sandboxWsdl = path.join(dir, 'Human_Resources.wsdl');
  await writeFile(
    sandboxWsdl,
    renderWsdl('Human_Resources', 'v44.0', 'http://127.0.0.1/ccx/service/sandbox/Human_Resources/v44.0'),
  );
  await benchOne('workday-wsdl-sandbox', sandboxWsdl);
  try {
    await readFile(publicWsdl, { flag: 'r' });
  } catch {
    emit('workday-wsdl-public', 'skipped_missing_spec', 1, 'flag');
    return;
  }
  await benchOne('workday-wsdl-public', publicWsdl);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
