import fs from 'node:fs';
import path from 'node:path';
import { Validator } from 'jsonschema';
import { parse, parseAllDocuments } from 'yaml';
import {
  accessRequestInput,
  federateInput,
  grantInput,
  onboardNamespaceInput,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { createAksAccessActions, type AksAccessActionOptions } from './actions';

const REPO = path.resolve(__dirname, '../../..');
const TEMPLATES = path.join(REPO, 'examples/templates');

const actions = createAksAccessActions({} as AksAccessActionOptions);
const requestSchemas = {
  'aks:namespace:onboard': onboardNamespaceInput,
  'aks:access:grant': grantInput,
  'aks:workload-identity:federate': federateInput,
  'aks:access:request': accessRequestInput,
};

const KEYVAULT =
  '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments';

/** What a user could fill in, by parameter (or step output) name. */
const SAMPLES: Record<string, unknown> = {
  entityRef: 'component:default/payments-worker',
  owner: 'group:default/team-payments',
  cluster: 'aks-dev-neu',
  namespace: 'payments-batch',
  tier: 'small',
  ownerLevel: 'write',
  readers: 'group:default/payments-readers',
  readersLevel: 'read',
  principal: 'group:default/payments-readers',
  level: 'read',
  serviceAccount: 'payments-worker',
  azureRoles: [{ role: 'Key Vault Secrets User', scope: KEYVAULT }],
  duration: 'PT4H',
  justification: 'Reading the settlement logs for incident 4711',
};

interface Step {
  id: string;
  action: string;
  input: Record<string, unknown>;
}

interface Template {
  metadata: { name: string };
  spec: {
    parameters: { properties: Record<string, object> }[];
    steps: Step[];
  };
}

function loadTemplates(): Template[] {
  return fs
    .readdirSync(TEMPLATES)
    .flatMap(f =>
      parseAllDocuments(fs.readFileSync(path.join(TEMPLATES, f), 'utf8')),
    )
    .map(d => d.toJS())
    .filter(e => e.kind === 'Template');
}

const REFERENCE = /\b(parameters|steps\.([\w-]+)\.output)\.(\w+)/;

/**
 * Stands in for the scaffolder's rendering: a `${{ … }}` value becomes the
 * sample of the first parameter or step output it reads, after checking that
 * the template declares that parameter, or that an earlier step of a known
 * action declares that output.
 */
function render(template: Template, earlier: Step[], value: unknown) {
  if (typeof value !== 'string') return value;
  const expression = /^\$\{\{(.*)\}\}$/.exec(value.trim())?.[1];
  if (!expression) return value;
  const [, source, stepId, name] = REFERENCE.exec(expression) ?? [];
  if (source === 'parameters') {
    const declared = template.spec.parameters.flatMap(p =>
      Object.keys(p.properties),
    );
    expect(declared).toContain(name);
  } else {
    const step = earlier.find(s => s.id === stepId);
    const action = actions.find(a => a.id === step?.action);
    expect(
      Object.keys((action?.schema?.output as any)?.properties ?? {}),
    ).toContain(name);
  }
  if (!(name in SAMPLES)) throw new Error(`no sample for ${name}`);
  return SAMPLES[name];
}

const templates = loadTemplates();
const policy = parse(
  fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'),
).aksAccess.policy;

it('ships the templates: the three the AKS Access tab links to, and temporary access', () => {
  expect(templates.map(t => t.metadata.name).sort()).toEqual([
    'aks-federate-workload-identity',
    'aks-onboard-namespace',
    'aks-request-access',
    'aks-request-temporary-access',
  ]);
});

describe.each(templates.map(t => [t.metadata.name, t] as const))(
  '%s',
  (_name, template) => {
    it('accepts the sample values in its own form', () => {
      for (const page of template.spec.parameters) {
        for (const [name, schema] of Object.entries(page.properties)) {
          const result = new Validator().validate(SAMPLES[name], schema);
          expect({ name, errors: result.errors.map(e => e.stack) }).toEqual({
            name,
            errors: [],
          });
        }
      }
    });

    it('passes every step input the action accepts', () => {
      const earlier: Step[] = [];
      for (const step of template.spec.steps) {
        const action = actions.find(a => a.id === step.action);
        expect(action).toBeDefined();
        const input = Object.fromEntries(
          Object.entries(step.input).map(([k, v]) => [
            k,
            render(template, earlier, v),
          ]),
        );
        // What the scaffolder checks before it runs the step…
        const result = new Validator().validate(input, action!.schema!.input!);
        expect(result.errors.map(e => e.stack)).toEqual([]);
        // …and what the action checks before it calls the API.
        expect(() =>
          parseInput(
            requestSchemas[step.action as keyof typeof requestSchemas],
            input,
          ),
        ).not.toThrow();
        earlier.push(step);
      }
    });
  },
);

it('offers exactly the Azure roles the policy allows', () => {
  const federate = templates.find(
    t => t.metadata.name === 'aks-federate-workload-identity',
  )!;
  const roles = federate.spec.parameters.flatMap(
    p => (p.properties.azureRoles as any)?.items.properties.role.enum ?? [],
  );
  expect(roles).toEqual(
    policy.workloadIdentity.allowedRoles.map((r: { role: string }) => r.role),
  );
});
