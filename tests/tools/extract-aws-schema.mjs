#!/usr/bin/env node
// Extracts the hashicorp/aws provider schema of the Terraform types Paved emits from the prebuilt
// CDKTF bindings (`@cdktf/provider-aws`), and writes `tests/data/aws-provider-schema.json`.
//
// `terraform validate` needs the provider binary, which cannot be downloaded where the tests run.
// The npm package `@cdktf/provider-aws` is generated from the provider's own schema
// (`terraform providers schema -json`), so it carries the same facts; the consumer test
// `tests/consumers/provider_schema.rs` checks every emitted `resource` and `data` block against
// the committed JSON this script writes.
//
// Regenerate (from the repository root; needs network access to the npm registry):
//
//     mkdir -p /tmp/provschema && cd /tmp/provschema && npm init -y \
//       && npm install @cdktf/provider-aws@21 --ignore-scripts
//     cd - && node tests/tools/extract-aws-schema.mjs /tmp/provschema/node_modules/@cdktf/provider-aws
//
// An optional second argument writes somewhere other than tests/data/aws-provider-schema.json.
// When Paved starts emitting a new resource or data source type, add it to the lists below and
// regenerate; the consumer test fails for any type missing from the JSON.
//
// How the schema is recovered (the jsii assembly `.jsii` is the structural source; the compiled
// `lib/<module>/index.js` next to it confirms names and gives the nesting mode):
//
// * Type: the class whose docs summary reads `Represents a {@link .../docs/resources/<x> aws_<x>}`
//   (`.../data-sources/...` for data sources) and whose base is `cdktf.TerraformResource` /
//   `cdktf.TerraformDataSource`. Its initializer's `config` parameter is the `<Class>Config` struct.
// * Settable attributes and blocks: the properties of the config struct (and, recursively, of the
//   nested block structs). The Terraform name is the anchor of the property's `{@link ...#name}`
//   docs link, never a camelCase conversion. `optional` absent means required.
// * Block or attribute: the jsii docs tell them apart, following the provider schema's own split
//   between `block_types` and `attributes`. The CDKTF generator describes every entry of
//   `block_types` as `<name> block`, so a block's jsii summary is exactly `<name> block.`; an
//   attribute keeps the provider's description or none (`Docs at Terraform Registry: ...`). That
//   includes the object-valued "nested attributes" of plugin-framework resources, which HCL writes
//   as `name = { ... }`. The compiled `synthesizeHclAttributes` / `<struct>ToHclTerraform` code has
//   CDKTF's `isBlock` flag, which says how CDKTF renders a value, not what the schema says: it is
//   also true for SDKv2 "attributes as blocks" (e.g. `aws_security_group.egress`, which Terraform
//   accepts in either syntax) and for some framework object attributes (e.g.
//   `aws_s3tables_table.encryption_configuration`). No listed type has such a disagreement today;
//   if one appears, the script warns and keeps the docs' answer (the provider schema's), and the
//   checker will then ask for attribute syntax there. The script fails if the jsii and the compiled
//   code name different sets of attributes.
// * Nesting mode: that same compiled code's `type` (`list`, `set`; `struct` is Terraform's `single`,
//   `map` is `map`). The jsii alone cannot tell a list from a set.
// * min_items / max_items: a block whose jsii type is one struct (not an array) has max_items 1
//   (CDKTF generates a single object exactly for max_items 1); otherwise max_items is unbounded and
//   omitted. min_items is 1 for a block the config struct requires and 0 otherwise: the jsii only
//   records required-or-not, so a real min_items above 1 shows here as 1.
// * Computed-only attributes: getters of the resource class (of `<Struct>OutputReference` for a
//   nested block) that have no property in the config struct. Their Terraform name is the string
//   literal the compiled getter reads (`this.getStringAttribute('code_sha256')`).
// * Not recoverable: whether an optional attribute is also computed (CDKTF keeps that only in
//   source comments that are not published), so such attributes show as `{"optional": true}`;
//   and the inner schema of object-valued attributes, which is not recorded.
//
// Output: sorted keys, two-space indentation, a trailing newline; the same package version gives
// byte-identical output.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Resource types Paved may emit. Keep sorted. */
const RESOURCE_TYPES = [
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_authorizer',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_stage',
  'aws_cloudwatch_event_archive',
  'aws_cloudwatch_event_bus',
  'aws_cloudwatch_event_bus_policy',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_dynamodb_table',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_kms_alias',
  'aws_kms_key',
  'aws_kms_key_policy',
  'aws_lambda_alias',
  'aws_lambda_event_source_mapping',
  'aws_lambda_function',
  'aws_lambda_function_event_invoke_config',
  'aws_lambda_function_url',
  'aws_lambda_permission',
  'aws_s3_bucket',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_notification',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_scheduler_schedule',
  'aws_scheduler_schedule_group',
  'aws_sfn_alias',
  'aws_sfn_state_machine',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  'aws_sqs_queue_redrive_allow_policy',
  'aws_sqs_queue_redrive_policy',
];

/** Data source types Paved may emit. Keep sorted. */
const DATA_SOURCE_TYPES = [
  'aws_caller_identity',
  'aws_iam_policy_document',
  'aws_partition',
  'aws_region',
];

const PACKAGE_NAME = '@cdktf/provider-aws';

function fail(message) {
  console.error(`extract-aws-schema: ${message}`);
  process.exit(1);
}

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`cannot read ${what} at \`${path}\`: ${error.message}`);
  }
}

function lowerFirst(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Returns `value` with every object's keys sorted, so `JSON.stringify` is deterministic. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Reading the compiled JavaScript of one module (`lib/<module>/index.js`).

class CompiledModule {
  constructor(packageRoot, sourceFilename) {
    // jsii records `src/lambda-function/index.ts`; the package ships `lib/lambda-function/index.js`.
    const relative = sourceFilename.replace(/^src\//, 'lib/').replace(/\.ts$/, '.js');
    this.path = join(packageRoot, relative);
    this.text = readText(this.path, 'compiled module');
  }

  /** The text of `class <name> extends ...` up to its closing brace in column 0. */
  classBody(name) {
    const start = this.text.indexOf(`\nclass ${name} extends `);
    if (start < 0) fail(`class \`${name}\` not found in ${this.path}`);
    return this.text.slice(start, this.text.indexOf('\n}', start + 1));
  }

  /** The text of `function <name>(` up to its closing brace in column 0. */
  functionBody(name) {
    const start = this.text.indexOf(`\nfunction ${name}(`);
    if (start < 0) fail(`function \`${name}\` not found in ${this.path}`);
    return this.text.slice(start, this.text.indexOf('\n}', start + 1));
  }

  /**
   * Parses the `const attrs = { name: { value: ..., isBlock: ..., type: "..." }, ... }` literal
   * the generator writes for HCL output, returning name -> { isBlock, type }.
   */
  static hclAttributes(body, where) {
    const open = body.indexOf('const attrs = {');
    if (open < 0) fail(`no \`const attrs\` literal in ${where}`);
    const literal = body.slice(open, body.indexOf('\n        };', open));
    const entry = /\n +(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*)): \{\n\s+value: [^\n]*\n\s+isBlock: (true|false),\n\s+type: "(\w+)",(?:\n\s+storageClassType: "(\w+)",)?/g;
    const attributes = new Map();
    for (const match of literal.matchAll(entry)) {
      attributes.set(match[1] ?? match[2], { isBlock: match[3] === 'true', type: match[4], storage: match[5] });
    }
    const declared = (literal.match(/isBlock: /g) ?? []).length;
    if (declared !== attributes.size) {
      fail(`parsed ${attributes.size} of ${declared} entries of the attrs literal in ${where}`);
    }
    return attributes;
  }

  /**
   * What each getter of a class reads: camelCase getter -> { name, type }, with the Terraform
   * name and, where the compiled code tells it, the value type (see `getterType`).
   */
  getterNames(className) {
    const body = this.classBody(className);
    const names = new Map();
    for (const match of body.matchAll(/\n {4}get (\w+)\(\) \{\n\s+return ([^\n]*);\n/g)) {
      const [, getter, expression] = match;
      const literal = expression.match(/(\w+)Attribute\('([^']+)'\)/);
      if (literal) {
        const set = expression.startsWith('cdktf.Fn.tolist(');
        names.set(getter, { name: literal[2], type: GETTER_TYPES[literal[1]]?.(set) });
        continue;
      }
      // Complex values are fields built once: `this._x = new XList(this, "name", false)`.
      const field = expression.match(/^this\.(_\w+)(?:\.internalValue)?$/);
      if (field) {
        const built = body.match(new RegExp(`this\\.${field[1]} = new ([\\w.]+)\\(this, "([^"]+)"(?:, (true|false))?`));
        if (built) names.set(getter, { name: built[2], complex: { className: built[1], set: built[3] === 'true' } });
      }
    }
    return names;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the jsii assembly.

const LINK_ANCHOR = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[^\s#}]+#([a-z0-9_]+)[\s}]/;

function terraformName(property, where) {
  const docs = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
  const anchor = docs.match(LINK_ANCHOR);
  if (!anchor) fail(`property \`${property.name}\` of ${where} has no registry link to name it`);
  return anchor[1];
}

/** The struct a block property holds: `X` (max_items 1) or `IResolvable | X[]`. */
function blockStruct(property, where) {
  if (property.type.fqn) return { fqn: property.type.fqn, single: true };
  const member = property.type.union?.types.find((type) => type.collection?.elementtype?.fqn);
  if (member && member.collection.kind === 'array') {
    return { fqn: member.collection.elementtype.fqn, single: false };
  }
  return fail(`block \`${property.name}\` of ${where} has an unexpected jsii type ${JSON.stringify(property.type)}`);
}

const NESTING = { list: 'list', set: 'set', struct: 'single', map: 'map' };

/**
 * The Terraform type of a computed-only attribute, by the `this.get<Kind>Attribute('name')` its
 * compiled getter calls (`set`: the call is wrapped in `cdktf.Fn.tolist`, which CDKTF writes for
 * sets). Types are written as in `terraform providers schema -json`.
 */
const GETTER_TYPES = {
  getString: () => 'string',
  getNumber: () => 'number',
  getBoolean: () => 'bool',
  getList: (set) => [set ? 'set' : 'list', 'string'],
  getNumberList: (set) => [set ? 'set' : 'list', 'number'],
  getStringMap: () => ['map', 'string'],
  getNumberMap: () => ['map', 'number'],
  getBooleanMap: () => ['map', 'bool'],
  interpolationFor: () => 'dynamic',
};

/**
 * The Terraform type of a settable attribute, from the compiled attrs entry's `type` (`simple`,
 * `list`, `set`, `map`) and `storageClassType` (`string`, `stringList`, `numberMap`, ...). An
 * object-valued attribute (a class name there) is `dynamic`: its inner schema is not recorded.
 */
function settableType(compiled, where) {
  const primitive = { string: 'string', number: 'number', boolean: 'bool', any: 'dynamic' };
  const storage = compiled.storage;
  if (storage === undefined) return fail(`${where}: the compiled attrs entry has no storageClassType`);
  if (compiled.type === 'simple' && storage in primitive) return primitive[storage];
  const collection = storage.match(/^(string|number|boolean)(List|Map)$/);
  if (collection) {
    const element = primitive[collection[1]];
    if (collection[2] === 'Map' && compiled.type === 'map') return ['map', element];
    if (collection[2] === 'List' && (compiled.type === 'list' || compiled.type === 'set')) return [compiled.type, element];
  }
  const nested = storage.match(/^(string|number|boolean)(List|Map)(List|Map)$/);
  if (nested) {
    const kind = (suffix) => (suffix === 'Map' ? 'map' : 'list');
    return [kind(nested[3]), [kind(nested[2]), primitive[nested[1]]]];
  }
  if (/^[A-Z]/.test(storage)) return 'dynamic';
  return fail(`${where}: unknown attribute storage \`${compiled.type}\`/\`${storage}\``);
}

class Extractor {
  constructor(packageRoot) {
    this.packageRoot = packageRoot;
    this.assembly = JSON.parse(readText(join(packageRoot, '.jsii'), 'jsii assembly'));
    this.modules = new Map();
    this.linkVersions = new Set();
    this.classes = { resources: new Map(), data_sources: new Map() };
    const represents = /^Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/([^/]+)\/docs\/(resources|data-sources)\/\w+ (aws_\w+)\}\.$/;
    for (const type of Object.values(this.assembly.types)) {
      if (type.kind !== 'class') continue;
      const match = type.docs?.summary?.match(represents);
      if (!match) continue;
      const [, version, kind, name] = match;
      const expectedBase = kind === 'resources' ? 'cdktf.TerraformResource' : 'cdktf.TerraformDataSource';
      if (type.base !== expectedBase) fail(`class ${type.fqn} for ${name} extends ${type.base}, not ${expectedBase}`);
      this.linkVersions.add(version);
      const registry = kind === 'resources' ? this.classes.resources : this.classes.data_sources;
      if (registry.has(name)) fail(`two classes represent ${kind} ${name}`);
      registry.set(name, type);
    }
  }

  type(fqn) {
    const type = this.assembly.types[fqn];
    if (!type) fail(`jsii type \`${fqn}\` not found`);
    return type;
  }

  module(type) {
    const filename = type.locationInModule?.filename;
    if (!filename) fail(`jsii type ${type.fqn} has no source location`);
    if (!this.modules.has(filename)) this.modules.set(filename, new CompiledModule(this.packageRoot, filename));
    return this.modules.get(filename);
  }

  /** The schema of one Terraform type (`resources` or `data_sources`). */
  typeSchema(kind, name) {
    const type = this.classes[kind].get(name);
    if (!type) fail(`no class in ${PACKAGE_NAME} represents ${kind.replace('_', ' ')} type \`${name}\``);
    const config = type.initializer?.parameters?.find((parameter) => parameter.name === 'config');
    if (!config?.type?.fqn) fail(`class ${type.fqn} has no \`config\` initializer parameter`);
    const classBody = this.module(type).classBody(type.name);
    const synthesize = classBody.indexOf('synthesizeHclAttributes() {');
    if (synthesize < 0) fail(`class ${type.fqn} has no synthesizeHclAttributes method`);
    const hcl = CompiledModule.hclAttributes(classBody.slice(synthesize), `${type.name}.synthesizeHclAttributes`);
    return this.blockSchema(config.type.fqn, type, hcl, name);
  }

  /**
   * The attributes and blocks of one struct: `structFqn` holds the settable properties, `reader`
   * the class whose getters also expose computed-only attributes, `hcl` the compiled attrs.
   */
  blockSchema(structFqn, reader, hcl, where) {
    const struct = this.type(structFqn);
    const inherited = (struct.interfaces ?? []).filter((fqn) => fqn !== 'cdktf.TerraformMetaArguments');
    if (inherited.length > 0) fail(`${structFqn} inherits properties from ${inherited.join(', ')}`);
    const attributes = {};
    const blocks = {};
    const settable = new Set();
    for (const property of struct.properties ?? []) {
      const name = terraformName(property, structFqn);
      const path = `${where}.${name}`;
      settable.add(property.name);
      const compiled = hcl.get(name);
      if (!compiled) fail(`${path}: named in the jsii docs link but absent from the compiled attrs`);
      const isBlock = property.docs?.summary === `${name} block.`;
      if (compiled.isBlock !== isBlock) {
        // The docs follow the provider schema; see the header for when the compiled flag differs.
        console.warn(
          `extract-aws-schema: warning: ${path}: the jsii docs say ${isBlock ? 'block' : 'attribute'}, ` +
            `CDKTF renders it as ${compiled.isBlock ? 'a block' : 'an attribute'}; keeping the docs' answer`,
        );
      }
      if (name in attributes || name in blocks) fail(`${path}: named twice`);
      if (!isBlock) {
        const type = settableType(compiled, path);
        attributes[name] = property.optional ? { optional: true, type } : { required: true, type };
        continue;
      }
      const nesting = NESTING[compiled.type];
      if (!nesting) fail(`${path}: CDKTF left this block untyped (rendered as \`${compiled.type}\`), so its schema cannot be recovered`);
      const nested = blockStruct(property, structFqn);
      if (nesting === 'single' && !nested.single) fail(`${path}: single nesting but an array in the jsii`);
      const nestedType = this.type(nested.fqn);
      const nestedModule = this.module(nestedType);
      const nestedHcl = CompiledModule.hclAttributes(
        nestedModule.functionBody(`${lowerFirst(nestedType.name)}ToHclTerraform`),
        `${lowerFirst(nestedType.name)}ToHclTerraform`,
      );
      const nestedReader = this.type(`${nested.fqn}OutputReference`);
      const block = { nesting, ...this.blockSchema(nested.fqn, nestedReader, nestedHcl, path) };
      if (nesting === 'list' || nesting === 'set') {
        block.min_items = property.optional ? 0 : 1;
        if (nested.single) block.max_items = 1;
      }
      blocks[name] = block;
    }
    for (const name of hcl.keys()) {
      if (!(name in attributes) && !(name in blocks)) fail(`${where}.${name}: in the compiled attrs but not in the jsii struct`);
    }
    this.addComputedOnly(reader, settable, attributes, blocks, where);
    return { attributes, blocks };
  }

  /**
   * The type of a computed-only attribute: from its getter call, or for a complex value (a
   * `<X>List` of `<X>OutputReference`, or one `<X>OutputReference`) an object of that class's
   * getters, recursively.
   */
  computedType(reader, read, where) {
    if (read.type) return read.type;
    if (!read.complex) return fail(`${where}: cannot tell the type its getter reads`);
    const module = this.module(reader);
    const className = read.complex.className.replace(/^.*\./, '');
    const element = className.endsWith('List') ? `${className.slice(0, -'List'.length)}OutputReference` : className;
    if (!element.endsWith('OutputReference')) return fail(`${where}: unexpected complex value class ${className}`);
    const fields = {};
    for (const [, field] of module.getterNames(element)) {
      fields[field.name] = this.computedType(reader, field, `${where}.${field.name}`);
    }
    const object = ['object', fields];
    if (element === className) return object;
    return [read.complex.set ? 'set' : 'list', object];
  }

  /** Adds the getters of `reader` that no settable property backs, as computed-only attributes. */
  addComputedOnly(reader, settable, attributes, blocks, where) {
    const getters = (reader.properties ?? []).filter((property) => !property.static && property.name !== 'internalValue');
    const getterNames = new Set(getters.map((property) => property.name));
    let compiledNames;
    for (const property of getters) {
      if (settable.has(property.name)) continue;
      // `<x>Input` is the raw value of settable `<x>`, not an attribute of its own.
      if (property.name.endsWith('Input') && settable.has(property.name.slice(0, -'Input'.length))) continue;
      if (!property.immutable) fail(`${reader.fqn}.${property.name} has a setter but no config property`);
      compiledNames ??= this.module(reader).getterNames(reader.name);
      const read = compiledNames.get(property.name);
      if (!read) fail(`${reader.fqn}.${property.name}: cannot find the Terraform name its getter reads`);
      const name = read.name;
      if (name in blocks) fail(`${where}.${name}: computed-only getter shadows a block`);
      if (!(name in attributes)) attributes[name] = { computed: true, type: this.computedType(reader, read, `${where}.${name}`) };
    }
    for (const name of settable) {
      if (!getterNames.has(name)) fail(`${reader.fqn} has no getter for settable \`${name}\``);
    }
  }
}

// ---------------------------------------------------------------------------------------------

function main() {
  const [packageArgument, outputArgument] = process.argv.slice(2);
  if (!packageArgument) {
    fail('usage: node tests/tools/extract-aws-schema.mjs <path to node_modules/@cdktf/provider-aws> [output.json]');
  }
  const packageRoot = resolve(packageArgument);
  const manifest = JSON.parse(readText(join(packageRoot, 'package.json'), 'package manifest'));
  if (manifest.name !== PACKAGE_NAME) fail(`\`${packageRoot}\` holds ${manifest.name}, not ${PACKAGE_NAME}`);
  const stated = manifest.cdktf?.provider;
  if (stated && stated.name !== 'registry.terraform.io/hashicorp/aws') fail(`package is built from ${stated.name}`);

  const extractor = new Extractor(packageRoot);
  if (extractor.assembly.version !== manifest.version) {
    fail(`jsii assembly version ${extractor.assembly.version} differs from package.json ${manifest.version}`);
  }
  const linkVersions = [...extractor.linkVersions];
  if (linkVersions.length !== 1) fail(`docs links name several provider versions: ${linkVersions.join(', ')}`);
  const awsProviderVersion = stated?.version ?? linkVersions[0];
  if (awsProviderVersion !== linkVersions[0]) {
    fail(`package.json says hashicorp/aws ${awsProviderVersion}, docs links say ${linkVersions[0]}`);
  }

  const schema = {
    data_sources: {},
    provider: { aws_provider_version: awsProviderVersion, source: PACKAGE_NAME, version: manifest.version },
    resources: {},
  };
  for (const name of RESOURCE_TYPES) schema.resources[name] = extractor.typeSchema('resources', name);
  for (const name of DATA_SOURCE_TYPES) schema.data_sources[name] = extractor.typeSchema('data_sources', name);

  const here = dirname(fileURLToPath(import.meta.url));
  const output = resolve(outputArgument ?? join(here, '..', 'data', 'aws-provider-schema.json'));
  writeFileSync(output, `${JSON.stringify(sortKeys(schema), null, 2)}\n`);
  console.log(
    `wrote ${output}: ${RESOURCE_TYPES.length} resource and ${DATA_SOURCE_TYPES.length} data source types ` +
      `from ${PACKAGE_NAME} ${manifest.version} (hashicorp/aws ${awsProviderVersion})`,
  );
}

main();
