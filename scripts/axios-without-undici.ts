/**
 * An esbuild plugin for the CLI bundle: axios without the two probes that make Node load its fetch implementation
 * (undici) as axios loads. In Node 20 the globals `fetch`, `Request`, `Response` and `FormData` are lazy: the first
 * read of one loads undici, about 20 to 30 ms of CPU before `plan` sends anything (docs/performance.md, "CLI
 * start-up"). axios reads them at module load in two places:
 *
 * - its fetch adapter (`lib/adapters/fetch.js`) builds its request function at once, reading `Request` and
 *   `Response` and constructing a test `Request` with a stream. The CLI's clients use Node's http adapter
 *   (`adapter: 'http'` in src/http/create-http-client.ts, for the keep-alive agents), so the bundle gets, in place of
 *   that file, one that says fetch is unavailable: the answer axios's adapter list gives where there is no fetch.
 * - `lib/utils.js` keeps `globalThis.FormData` for `isFormData`'s `instanceof` shortcut. Without it `isFormData`
 *   still knows a native FormData (its `[object FormData]` tag, the test axios applies to any object with `append`),
 *   and the CLI never sends one, so the bundle's copy does without the shortcut.
 *
 * The library (`import 'fluencyflow'`) keeps axios as published. Each replacement must apply once: the build stops
 * when an axios release moves the code (`missed`), rather than shipping a bundle that loads undici again.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const AXIOS_LIB = /[\\/]node_modules[\\/]axios[\\/]lib[\\/].*\.js$/;
const ADAPTERS = /[\\/]node_modules[\\/]axios[\\/]lib[\\/]adapters[\\/]adapters\.js$/;
const UTILS = /[\\/]node_modules[\\/]axios[\\/]lib[\\/]utils\.js$/;
const FORM_DATA_PROBE = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";
const NO_FETCH = 'export const getFetch = () => false;\nexport default false;\n';

export const axiosWithoutUndici = (): { plugin: Plugin; missed: () => string[] } => {
  let bundled = false;
  let fetchStubbed = false;
  let formDataProbeRemoved = false;
  const plugin: Plugin = {
    name: 'axios-without-undici',
    setup: (b) => {
      b.onResolve({ filter: /^\.\/fetch\.js$/ }, (args) => {
        if (!ADAPTERS.test(args.importer)) return undefined;
        fetchStubbed = true;
        return { path: 'axios-fetch-adapter', namespace: 'fluencyflow-stub' };
      });
      b.onLoad({ filter: /^axios-fetch-adapter$/, namespace: 'fluencyflow-stub' }, () => ({
        contents: NO_FETCH,
        loader: 'js',
      }));
      b.onLoad({ filter: AXIOS_LIB }, async (args) => {
        bundled = true;
        if (!UTILS.test(args.path)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (text.split(FORM_DATA_PROBE).length !== 2) return undefined;
        formDataProbeRemoved = true;
        return { contents: text.replace(FORM_DATA_PROBE, 'const FormDataCtor = undefined;'), loader: 'js' };
      });
    },
  };
  const missed = (): string[] => {
    if (!bundled) return [];
    return [
      ...(fetchStubbed ? [] : ['lib/adapters/adapters.js no longer imports ./fetch.js']),
      ...(formDataProbeRemoved ? [] : ['lib/utils.js no longer reads FormData as expected']),
    ];
  };
  return { plugin, missed };
};
