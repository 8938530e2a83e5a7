'use strict';
/**
 * bicep-lite: the fallback checker used when the real Bicep CLI cannot be had on this machine.
 *
 * It parses every .bicep file with the tree-sitter-bicep grammar (syntax errors), resolves symbols the way
 * the Bicep compiler does (undefined names, duplicate names, module parameters and outputs, missing files),
 * runs a subset of the Bicep linter rules, and evaluates a deployment for given parameter values into a
 * "plan": every resource with its evaluated type, API version, name, scope and properties, loops expanded
 * and loadJsonContent() read. Values only known while deploying (resource properties, principal ids) stay
 * as ARM-style expressions, e.g. "[reference('<id>').properties.clientId]".
 *
 * It is not the Bicep compiler: it knows no resource schemas (a reviewed list of type@apiVersion pairs
 * stands in for BCP081) and supports the language subset these templates use; anything else is reported.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { URL } = require('url');

// ---------------------------------------------------------------------------------------------- values

/** A value known only during the deployment, kept as an ARM-style expression. */
class Runtime {
  /** startKnown: calculable at the start of the (module's) deployment, e.g. a module parameter. */
  constructor(expr, startKnown = false) {
    this.expr = expr;
    this.startKnown = startKnown;
  }
  toJSON() {
    return `[${this.expr}]`;
  }
}
const isRuntime = (v) => v instanceof Runtime;
/** A runtime value computed from others: calculable at the start only if all its runtime inputs are. */
const derived = (expr, ...inputs) =>
  new Runtime(
    expr,
    inputs.filter(isRuntime).every((r) => r.startKnown),
  );
const notAtStart = (v) => isRuntime(v) && !v.startKnown;
/** Inside a module, the values of its parameters are known when it starts. */
function asModuleInput(v) {
  if (isRuntime(v)) return new Runtime(v.expr, true);
  if (Array.isArray(v)) return v.map(asModuleInput);
  if (v && typeof v === 'object' && v.constructor === Object)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asModuleInput(x)]));
  return v;
}

/** A declared (or existing) resource instance. */
class ResourceRef {
  constructor(info) {
    Object.assign(this, info);
  }
}
/** A module instance. */
class ModuleRef {
  constructor(info) {
    Object.assign(this, info);
  }
}
/** The scope a resourceGroup() call or a resource group symbol stands for. */
class ScopeRef {
  constructor(info) {
    Object.assign(this, info);
  }
}
class Lambda {
  constructor(params, body, scope, ctx) {
    Object.assign(this, { params, body, scope, ctx });
  }
}

function armText(v) {
  if (isRuntime(v)) return v.expr;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (v instanceof ResourceRef) return `resourceId('${v.type}', '${v.fullName}')`;
  return JSON.stringify(v);
}

function typeOfValue(v) {
  if (v === null || v === undefined) return 'null';
  if (isRuntime(v)) return 'runtime';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

// ---------------------------------------------------------------------------------------------- errors

class BicepError extends Error {
  constructor(code, message, pos) {
    super(message);
    this.code = code;
    this.pos = pos;
  }
}

// ---------------------------------------------------------------------------------------------- parsing

let parserInstance = null;
function getParser(toolsDir) {
  if (parserInstance) return parserInstance;
  const modules = path.join(toolsDir, 'node_modules');
  const Parser = require(path.join(modules, 'tree-sitter'));
  const Bicep = require(path.join(modules, 'tree-sitter-bicep'));
  const parser = new Parser();
  parser.setLanguage(Bicep);
  parserInstance = parser;
  return parser;
}

function unescapeBicep(raw) {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|.)/g, (_, c) => {
    if (c === 'n') return '\n';
    if (c === 'r') return '\r';
    if (c === 't') return '\t';
    if (c.startsWith('u{')) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
    return c; // \\ \' \$
  });
}

/** Converts tree-sitter nodes into a small AST. */
class Converter {
  constructor(file) {
    this.file = file;
  }
  pos(n) {
    return { file: this.file, line: n.startPosition.row + 1, col: n.startPosition.column + 1 };
  }
  named(n) {
    return n.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'diagnostic_comment');
  }
  anon(n) {
    return n.children.filter((c) => !c.isNamed).map((c) => c.type);
  }
  /** Applies a postfix operation to the innermost operand a prefix operator / lambda captured too early. */
  reassoc(e, wrap) {
    if (e.k === 'lambda') return { ...e, body: this.reassoc(e.body, wrap) };
    return wrap(e);
  }
  expr(n) {
    const pos = this.pos(n);
    switch (n.type) {
      case 'string': {
        if (n.text.startsWith("'''")) {
          return { k: 'str', parts: [n.text.slice(3, -3).replace(/^\r?\n/, '')], pos, raw: n.text };
        }
        const parts = [];
        let buf = '';
        for (const c of n.children) {
          if (c.type === 'string_content' || c.type === 'escape_sequence') buf += c.text;
          else if (c.type === 'interpolation') {
            parts.push(unescapeBicep(buf));
            buf = '';
            parts.push(this.expr(this.named(c)[0]));
          }
        }
        parts.push(unescapeBicep(buf));
        return { k: 'str', parts, pos, raw: n.text };
      }
      case 'number':
        return { k: 'lit', v: Number(n.text), pos };
      case 'boolean':
        return { k: 'lit', v: n.text === 'true', pos };
      case 'null':
        return { k: 'lit', v: null, pos };
      case 'identifier':
        return { k: 'ident', name: n.text, pos };
      case 'array':
        return { k: 'arr', items: this.named(n).map((c) => this.expr(c)), pos };
      case 'object':
        return {
          k: 'obj',
          props: this.named(n)
            .filter((c) => c.type === 'object_property')
            .map((p) => {
              const [key, ...rest] = this.named(p);
              const value = rest[rest.length - 1];
              return {
                key: key.type === 'identifier' ? key.text : { ...this.expr(key), isKey: true },
                quoted: key.type !== 'identifier',
                value: this.expr(value),
                pos: this.pos(p),
              };
            }),
          pos,
        };
      case 'member_expression': {
        const object = n.childForFieldName('object');
        const prop = n.childForFieldName('property').text;
        const ops = this.anon(n);
        const safe = ops.includes('.?');
        // tree-sitter-bicep binds prefix operators and lambda arrows tighter than member access
        // (!a.b parses as (!a).b, x => x.name as (x => x).name): re-associate.
        if (object.type === 'unary_expression') {
          const u = this.expr(object);
          return { ...u, arg: this.reassoc(u.arg, (o) => ({ k: 'member', obj: o, prop, safe, pos })) };
        }
        if (object.type === 'lambda_expression') {
          const l = this.expr(object);
          return { ...l, body: this.reassoc(l.body, (o) => ({ k: 'member', obj: o, prop, safe, pos })) };
        }
        return { k: 'member', obj: this.expr(object), prop, safe, pos };
      }
      case 'subscript_expression': {
        const object = n.childForFieldName('object');
        const index = n.childForFieldName('index');
        const safe = this.anon(n).includes('?');
        if (object.type === 'unary_expression') {
          const u = this.expr(object);
          return {
            ...u,
            arg: this.reassoc(u.arg, (o) => ({ k: 'index', obj: o, idx: this.expr(index), safe, pos })),
          };
        }
        if (object.type === 'lambda_expression') {
          const l = this.expr(object);
          return {
            ...l,
            body: this.reassoc(l.body, (o) => ({ k: 'index', obj: o, idx: this.expr(index), safe, pos })),
          };
        }
        return { k: 'index', obj: this.expr(object), idx: this.expr(index), safe, pos };
      }
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const argsNode = n.childForFieldName('arguments');
        const args = argsNode ? this.named(argsNode).map((c) => this.expr(c)) : [];
        if (fn.type === 'identifier') return { k: 'call', fn: fn.text, args, pos };
        if (fn.type === 'member_expression') {
          const target = fn.childForFieldName('object');
          const name = fn.childForFieldName('property').text;
          if (target.type === 'identifier' && (target.text === 'sys' || target.text === 'az')) {
            return { k: 'call', fn: name, ns: target.text, args, pos };
          }
          return { k: 'method', target: this.expr(target), fn: name, args, pos };
        }
        throw new BicepError('LITE001', `unsupported call syntax '${n.text}'`, pos);
      }
      case 'unary_expression': {
        const op = this.anon(n)[0];
        return { k: 'unary', op, arg: this.expr(n.childForFieldName('argument') || this.named(n)[0]), pos };
      }
      case 'binary_expression': {
        const op = this.anon(n).find((t) => t !== '(' && t !== ')');
        return {
          k: 'binary',
          op,
          l: this.expr(n.childForFieldName('left')),
          r: this.expr(n.childForFieldName('right')),
          pos,
        };
      }
      case 'ternary_expression':
        return {
          k: 'ternary',
          c: this.expr(n.childForFieldName('condition')),
          a: this.expr(n.childForFieldName('consequence')),
          b: this.expr(n.childForFieldName('alternative')),
          pos,
        };
      case 'parenthesized_expression': {
        const inner = this.named(n);
        if (inner.length !== 1)
          throw new BicepError('LITE001', `unsupported parenthesized list '${n.text}'`, pos);
        return this.expr(inner[0]);
      }
      case 'lambda_expression': {
        const [head, body] = this.named(n);
        const params = head.type === 'identifier' ? [head.text] : this.named(head).map((c) => c.text);
        return { k: 'lambda', params, body: this.expr(body), pos };
      }
      case 'for_statement': {
        const named = this.named(n);
        let item;
        let index = null;
        let rest;
        if (named[0].type === 'for_loop_parameters') {
          const lp = this.named(named[0]);
          item = lp[0].text;
          index = lp[1] ? lp[1].text : null;
          rest = named.slice(1);
        } else {
          item = named[0].text;
          rest = named.slice(1);
        }
        const bodyNode = n.childForFieldName('body') || rest[rest.length - 1];
        const iterNode = rest.find((c) => c.id !== bodyNode.id);
        return { k: 'for', item, index, iter: this.expr(iterNode), body: this.expr(bodyNode), pos };
      }
      case 'if_statement': {
        const [cond, body] = this.named(n);
        return { k: 'if', cond: this.expr(cond), body: this.expr(body), pos };
      }
      default:
        throw new BicepError('LITE001', `unsupported syntax '${n.type}': ${n.text.slice(0, 60)}`, pos);
    }
  }
  decorator(n) {
    const call = this.named(n)[0];
    const e = this.expr(call);
    return { name: e.fn, args: e.args, pos: this.pos(n) };
  }
  declarations(root) {
    const decls = [];
    let pending = [];
    for (const n of this.named(root)) {
      const pos = this.pos(n);
      if (n.type === 'decorators') {
        pending = this.named(n).map((d) => this.decorator(d));
        continue;
      }
      const decorators = pending;
      pending = [];
      const named = this.named(n);
      const ident = named.find((c) => c.type === 'identifier');
      const base = {
        name: ident ? ident.text : null,
        decorators,
        pos,
        namePos: ident ? this.pos(ident) : pos,
      };
      switch (n.type) {
        case 'target_scope_assignment':
          decls.push({ ...base, kind: 'targetScope', value: this.expr(named[0]) });
          break;
        case 'metadata_declaration':
          decls.push({ ...base, kind: 'metadata', value: this.expr(named[1]) });
          break;
        case 'parameter_declaration': {
          const typeNode = named[1];
          const value = named[2] ? this.expr(named[2]) : null;
          decls.push({ ...base, kind: 'param', typeText: typeNode.text, value });
          break;
        }
        case 'variable_declaration':
          decls.push({ ...base, kind: 'var', value: this.expr(named[named.length - 1]) });
          break;
        case 'output_declaration':
          decls.push({
            ...base,
            kind: 'output',
            typeText: named[1].text,
            value: this.expr(named[named.length - 1]),
          });
          break;
        case 'resource_declaration': {
          const typeStr = this.expr(named[1]);
          const [type, apiVersion] = String(typeStr.parts[0]).split('@');
          const existing = this.anon(n).includes('existing');
          decls.push({
            ...base,
            kind: 'resource',
            type,
            apiVersion,
            existing,
            value: this.expr(named[named.length - 1]),
          });
          break;
        }
        case 'module_declaration': {
          const p = this.expr(named[1]);
          decls.push({
            ...base,
            kind: 'module',
            modulePath: String(p.parts[0]),
            value: this.expr(named[named.length - 1]),
          });
          break;
        }
        case 'type_declaration':
          decls.push({ ...base, kind: 'type' });
          break;
        default:
          throw new BicepError('LITE001', `unsupported declaration '${n.type}'`, pos);
      }
    }
    return decls;
  }
}

function syntaxErrors(tree, file) {
  const out = [];
  (function walk(n) {
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(
        new BicepError(
          'BCP-SYNTAX',
          n.isMissing
            ? `syntax error: missing '${n.type}'`
            : `syntax error near '${n.text.slice(0, 40).replace(/\s+/g, ' ')}'`,
          { file, line: n.startPosition.row + 1, col: n.startPosition.column + 1 },
        ),
      );
      return;
    }
    for (const c of n.children) walk(c);
  })(tree.rootNode);
  return out;
}

const parseCache = new Map();
/** Parses a file: { file, source, decls, errors }. */
function parseFile(file, toolsDir) {
  const abs = path.resolve(file);
  if (parseCache.has(abs)) return parseCache.get(abs);
  const source = fs.readFileSync(abs, 'utf8');
  const tree = getParser(toolsDir).parse(source);
  const result = { file: abs, source, decls: [], errors: syntaxErrors(tree, abs) };
  if (result.errors.length === 0) {
    try {
      result.decls = new Converter(abs).declarations(tree.rootNode);
    } catch (e) {
      if (!(e instanceof BicepError)) throw e;
      result.errors.push(e);
    }
  }
  parseCache.set(abs, result);
  return result;
}

// ---------------------------------------------------------------------------------------------- builtins

const BUILTIN_FUNCTIONS = new Set(
  (
    'loadJsonContent loadTextContent loadYamlContent toLower toUpper uniqueString guid take skip empty length contains ' +
    'union concat filter map flatten join split replace first last string int bool json startsWith endsWith trim ' +
    'format substring indexOf lastIndexOf range min max coalesce items toObject reduce sort intersection ' +
    'subscriptionResourceId resourceId tenantResourceId extensionResourceId subscription resourceGroup tenant deployment ' +
    'environment any base64 uri dataUri padLeft description allowed minValue maxValue minLength maxLength secure metadata ' +
    'batchSize export sealed discriminator newGuid utcNow reference listKeys listConnectionStrings listAccountSas ' +
    'listServiceSas listCredentials listSecrets list objectKeys'
  ).split(' '),
);
const DECORATORS = new Set(
  'description allowed minValue maxValue minLength maxLength secure metadata batchSize export sealed discriminator'.split(
    ' ',
  ),
);
const SAMPLE = {
  subscriptionId: '00000000-0000-0000-0000-00000000a175',
  tenantId: '00000000-0000-0000-0000-0000000000te',
};

function uniqueString(...args) {
  const h = crypto.createHash('sha256').update(args.join('|')).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let s = '';
  for (let i = 0; i < 13; i++) s += alphabet[h[i] % 32];
  return s;
}
function guidOf(...args) {
  const h = crypto.createHash('sha1').update(args.join('-')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------- evaluation

/**
 * Evaluates one template file for a set of parameter values at a scope.
 * ctx: { file, parsed, params, scope: { kind, subscriptionId, resourceGroup, location }, deployment, plan, toolsDir, errors }
 */
class FileEvaluator {
  constructor(opts) {
    Object.assign(this, opts);
    this.symbols = new Map();
    for (const d of this.parsed.decls) if (d.name && d.kind !== 'output') this.symbols.set(d.name, d);
    this.values = new Map();
    this.evaluating = new Set();
  }

  fail(code, message, pos) {
    throw new BicepError(code, message, pos);
  }

  // ---- symbols
  lookup(name, scope, pos) {
    for (let s = scope; s; s = s.parent)
      if (Object.prototype.hasOwnProperty.call(s.vars, name)) return s.vars[name];
    if (this.values.has(name)) return this.values.get(name);
    const d = this.symbols.get(name);
    if (!d) {
      if (name === 'sys' || name === 'az') this.fail('LITE001', `namespace '${name}' used as a value`, pos);
      this.fail('BCP057', `The name "${name}" does not exist in the current context.`, pos);
    }
    if (this.evaluating.has(name))
      this.fail('BCP080', `The expression is involved in a cycle ("${name}").`, pos);
    this.evaluating.add(name);
    try {
      let v;
      if (d.kind === 'param') v = this.params[name];
      else if (d.kind === 'var') v = this.eval(d.value, null);
      else if (d.kind === 'resource') v = this.resourceHeaders(d);
      else if (d.kind === 'module') v = this.module(d);
      else this.fail('BCP057', `"${name}" is not a value`, pos);
      this.values.set(name, v);
      return v;
    } finally {
      this.evaluating.delete(name);
    }
  }

  // ---- expressions
  eval(e, scope) {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'str': {
        const vals = e.parts.map((p) => (typeof p === 'string' ? p : this.eval(p, scope)));
        if (vals.some(isRuntime)) {
          return derived(
            `concat(${vals
              .filter((v) => v !== '')
              .map((v) => (isRuntime(v) ? v.expr : armText(this.toStr(v))))
              .join(', ')})`,
            ...vals,
          );
        }
        return vals.map((v) => this.toStr(v)).join('');
      }
      case 'ident':
        return this.lookup(e.name, scope, e.pos);
      case 'arr':
        return e.items.map((i) => this.eval(i, scope));
      case 'obj': {
        const o = {};
        for (const p of e.props) {
          let key = typeof p.key === 'string' ? p.key : this.eval(p.key, scope);
          if (isRuntime(key)) key = `[${key.expr}]`;
          if (Object.prototype.hasOwnProperty.call(o, key))
            this.fail('BCP025', `The property "${key}" is declared multiple times.`, p.pos);
          o[key] = this.eval(p.value, scope);
        }
        return o;
      }
      case 'member':
        return this.member(this.eval(e.obj, scope), e.prop, e.safe, e.pos);
      case 'index': {
        const obj = this.eval(e.obj, scope);
        const idx = this.eval(e.idx, scope);
        if (isRuntime(obj) || isRuntime(idx)) return derived(`${armText(obj)}[${armText(idx)}]`, obj, idx);
        if (Array.isArray(obj)) {
          if (typeof idx !== 'number')
            this.fail('BCP074', 'Indexing over arrays requires an index of type "int".', e.pos);
          if (idx < 0 || idx >= obj.length) {
            if (e.safe) return null;
            this.fail('BCP-INDEX', `index ${idx} is out of range (length ${obj.length})`, e.pos);
          }
          return obj[idx];
        }
        if (obj === null && e.safe) return null;
        return this.member(obj, String(idx), e.safe, e.pos);
      }
      case 'call':
        return this.call(e, scope);
      case 'method': {
        if (/^list/i.test(e.fn)) {
          const target = this.eval(e.target, scope);
          return new Runtime(`${e.fn}(${armText(target)})`);
        }
        return this.fail('LITE001', `unsupported method call .${e.fn}()`, e.pos);
      }
      case 'unary': {
        const v = this.eval(e.arg, scope);
        if (isRuntime(v)) return derived(`${e.op === '!' ? 'not' : 'neg'}(${v.expr})`, v);
        if (e.op === '!') {
          if (typeof v !== 'boolean')
            this.fail('BCP044', `Cannot apply operator "!" to operand of type "${typeOfValue(v)}".`, e.pos);
          return !v;
        }
        if (e.op === '-') return -v;
        return this.fail('LITE001', `unsupported operator ${e.op}`, e.pos);
      }
      case 'binary':
        return this.binary(e, scope);
      case 'ternary': {
        const c = this.eval(e.c, scope);
        if (isRuntime(c)) {
          const a = this.eval(e.a, scope);
          const b = this.eval(e.b, scope);
          return derived(`if(${c.expr}, ${armText(a)}, ${armText(b)})`, c, a, b);
        }
        if (typeof c !== 'boolean')
          this.fail('BCP046', 'Expected a value of type "bool" in a ternary condition.', e.pos);
        return c ? this.eval(e.a, scope) : this.eval(e.b, scope);
      }
      case 'lambda':
        return new Lambda(e.params, e.body, scope, this);
      case 'for': {
        const iter = this.eval(e.iter, scope);
        if (notAtStart(iter))
          this.fail('BCP178', 'The for-expression must be calculable at the start of the deployment.', e.pos);
        if (!Array.isArray(iter))
          this.fail(
            'BCP137',
            `Loop expected an expression of type "array" but got "${typeOfValue(iter)}".`,
            e.pos,
          );
        const out = [];
        iter.forEach((item, i) => {
          const s = { parent: scope, vars: { [e.item]: item } };
          if (e.index) s.vars[e.index] = i;
          if (e.body.k === 'if') {
            const c = this.eval(e.body.cond, s);
            if (c === true) out.push(this.eval(e.body.body, s));
          } else out.push(this.eval(e.body, s));
        });
        return out;
      }
      default:
        return this.fail('LITE001', `cannot evaluate '${e.k}'`, e.pos);
    }
  }

  toStr(v) {
    if (typeof v === 'string') return v;
    if (v instanceof ResourceRef)
      this.fail('BCP-TYPE', 'a resource cannot be used as a string; use .id or .name', null);
    return JSON.stringify(v);
  }

  member(obj, prop, safe, pos) {
    if (obj === null || obj === undefined) {
      if (safe) return null;
      return this.fail('BCP-NULL', `cannot read "${prop}" of null`, pos);
    }
    if (isRuntime(obj)) return derived(`${obj.expr}.${prop}`, obj);
    if (Array.isArray(obj))
      return this.fail('BCP-TYPE', `cannot read "${prop}" of an array (index it first)`, pos);
    if (obj instanceof ResourceRef) {
      if (obj.notDeployed) return new Runtime(`null /* ${obj.symbol} is not deployed */`);
      if (prop === 'id') return obj.id;
      if (prop === 'name') return obj.name;
      if (prop === 'type') return obj.type;
      if (prop === 'apiVersion') return obj.apiVersion;
      if (
        ['properties', 'identity', 'sku', 'kind', 'location', 'tags', 'systemData', 'etag'].includes(prop)
      ) {
        return new Runtime(`reference('${obj.id}').${prop}`);
      }
      return this.fail('BCP053', `The type "${obj.type}" does not contain property "${prop}".`, pos);
    }
    if (obj instanceof ModuleRef) {
      if (obj.notDeployed) return new Runtime(`null /* module ${obj.symbol} is not deployed */`);
      if (prop === 'outputs') return obj.outputs;
      if (prop === 'name') return obj.deploymentName;
      return this.fail('BCP053', `A module does not contain property "${prop}".`, pos);
    }
    if (obj instanceof ScopeRef) {
      if (prop in obj) return obj[prop];
      return this.fail('BCP053', `The scope does not contain property "${prop}".`, pos);
    }
    if (typeof obj !== 'object')
      return this.fail('BCP-TYPE', `cannot read "${prop}" of a ${typeOfValue(obj)}`, pos);
    if (Object.prototype.hasOwnProperty.call(obj, prop)) return obj[prop];
    if (obj.__moduleOutputs)
      return this.fail('BCP053', `The module does not declare an output named "${prop}".`, pos);
    if (safe) return null;
    return this.fail('BCP083', `The object does not contain property "${prop}".`, pos);
  }

  binary(e, scope) {
    if (e.op === '&&' || e.op === '||') {
      const l = this.eval(e.l, scope);
      if (!isRuntime(l)) {
        if (e.op === '&&' && l === false) return false;
        if (e.op === '||' && l === true) return true;
      }
      const r = this.eval(e.r, scope);
      if (isRuntime(l) || isRuntime(r))
        return derived(`${e.op === '&&' ? 'and' : 'or'}(${armText(l)}, ${armText(r)})`, l, r);
      return e.op === '&&' ? l && r : l || r;
    }
    if (e.op === '??') {
      const l = this.eval(e.l, scope);
      if (l !== null && l !== undefined && !isRuntime(l)) return l;
      const r = this.eval(e.r, scope);
      if (isRuntime(l)) return derived(`coalesce(${l.expr}, ${armText(r)})`, l, r);
      return r;
    }
    const l = this.eval(e.l, scope);
    const r = this.eval(e.r, scope);
    if (isRuntime(l) || isRuntime(r)) return derived(`${e.op}(${armText(l)}, ${armText(r)})`, l, r);
    switch (e.op) {
      case '==':
        return JSON.stringify(l) === JSON.stringify(r);
      case '!=':
        return JSON.stringify(l) !== JSON.stringify(r);
      case '=~':
        return String(l).toLowerCase() === String(r).toLowerCase();
      case '!~':
        return String(l).toLowerCase() !== String(r).toLowerCase();
      case '<':
        return l < r;
      case '<=':
        return l <= r;
      case '>':
        return l > r;
      case '>=':
        return l >= r;
      case '+':
        return l + r;
      case '-':
        return l - r;
      case '*':
        return l * r;
      case '/':
        return Math.trunc(l / r);
      case '%':
        return l % r;
      default:
        return this.fail('LITE001', `unsupported operator ${e.op}`, e.pos);
    }
  }

  applyLambda(fn, args, pos) {
    if (!(fn instanceof Lambda)) this.fail('BCP070', 'Expected a lambda expression.', pos);
    const vars = {};
    fn.params.forEach((p, i) => (vars[p] = args[i]));
    return fn.ctx.eval(fn.body, { parent: fn.scope, vars });
  }

  call(e, scope) {
    const name = e.fn;
    if (!BUILTIN_FUNCTIONS.has(name))
      this.fail('BCP057', `The name "${name}" does not exist in the current context.`, e.pos);
    if (name === 'loadJsonContent' || name === 'loadTextContent') {
      const rel = this.eval(e.args[0], scope);
      const abs = path.resolve(path.dirname(this.file), rel);
      if (!fs.existsSync(abs))
        this.fail('BCP091', `An error occurred reading file "${rel}": not found.`, e.pos);
      const text = fs.readFileSync(abs, 'utf8');
      if (name === 'loadTextContent') return text;
      let json;
      try {
        json = JSON.parse(text);
      } catch (err) {
        return this.fail('BCP186', `Unable to parse "${rel}" as JSON: ${err.message}`, e.pos);
      }
      if (e.args[1])
        this.fail('LITE001', 'loadJsonContent with a JSONPath is not supported by the fallback', e.pos);
      return json;
    }
    const args = e.args.map((a) => this.eval(a, scope));
    const rt = () => derived(`${name}(${args.map(armText).join(', ')})`, ...args);
    // Functions that still make sense with some arguments unknown.
    switch (name) {
      case 'subscription':
        return {
          id: `/subscriptions/${this.scope.subscriptionId}`,
          subscriptionId: this.scope.subscriptionId,
          tenantId: SAMPLE.tenantId,
          displayName: 'sample',
        };
      case 'tenant':
        return { tenantId: SAMPLE.tenantId };
      case 'deployment':
        return { name: this.deployment, location: this.scope.location };
      case 'environment':
        return { name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } };
      case 'resourceGroup':
        if (args.length === 0) {
          if (this.scope.kind !== 'resourceGroup')
            this.fail('BCP-SCOPE', 'resourceGroup() without a name needs a resource group scope', e.pos);
          return new ScopeRef({
            kind: 'resourceGroup',
            name: this.scope.resourceGroup,
            id: `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${this.scope.resourceGroup}`,
            location: this.scope.location,
          });
        }
        return new ScopeRef({
          kind: 'resourceGroup',
          name: args[args.length - 1],
          id: `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${args[args.length - 1]}`,
        });
      case 'reference':
      case 'newGuid':
      case 'utcNow':
        return new Runtime(`${name}(${args.map(armText).join(', ')})`);
      default:
        if (/^list/.test(name)) return new Runtime(`${name}(${args.map(armText).join(', ')})`);
    }
    if (args.some(isRuntime)) return rt();
    const [a, b, c] = args;
    switch (name) {
      case 'toLower':
        return String(a).toLowerCase();
      case 'toUpper':
        return String(a).toUpperCase();
      case 'uniqueString':
        return uniqueString(...args);
      case 'guid':
        return guidOf(...args);
      case 'take':
        return a.slice(0, Math.max(0, b));
      case 'skip':
        return a.slice(Math.max(0, b));
      case 'empty':
        return (
          a === null ||
          a === '' ||
          (Array.isArray(a) ? a.length === 0 : typeof a === 'object' && Object.keys(a).length === 0)
        );
      case 'length':
        return Array.isArray(a) || typeof a === 'string' ? a.length : Object.keys(a).length;
      case 'contains':
        if (typeof a === 'string') return a.includes(b);
        if (Array.isArray(a)) return a.some((x) => JSON.stringify(x) === JSON.stringify(b));
        return Object.prototype.hasOwnProperty.call(a, b);
      case 'union':
        if (Array.isArray(a)) {
          const out = [];
          for (const arr of args)
            for (const x of arr) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
          return out;
        }
        return Object.assign({}, ...args);
      case 'intersection':
        return a.filter((x) =>
          args.slice(1).every((arr) => arr.some((y) => JSON.stringify(y) === JSON.stringify(x))),
        );
      case 'concat':
        return Array.isArray(a) ? [].concat(...args) : args.map((x) => this.toStr(x)).join('');
      case 'filter':
        return a.filter((x, i) => this.applyLambda(b, [x, i], e.pos) === true);
      case 'map':
        return a.map((x, i) => this.applyLambda(b, [x, i], e.pos));
      case 'reduce':
        return a.reduce((acc, x, i) => this.applyLambda(c, [acc, x, i], e.pos), b);
      case 'sort':
        return [...a].sort((x, y) => (this.applyLambda(b, [x, y], e.pos) ? -1 : 1));
      case 'toObject':
        return Object.fromEntries(
          a.map((x) => [this.applyLambda(b, [x], e.pos), c ? this.applyLambda(c, [x], e.pos) : x]),
        );
      case 'items':
        return Object.keys(a)
          .sort()
          .map((k) => ({ key: k, value: a[k] }));
      case 'objectKeys':
        return Object.keys(a);
      case 'flatten':
        return a.flat();
      case 'join':
        return a.map((x) => this.toStr(x)).join(b);
      case 'split':
        return String(a).split(b);
      case 'replace':
        return String(a).split(b).join(c);
      case 'first':
        return Array.isArray(a) ? (a[0] ?? null) : String(a).slice(0, 1);
      case 'last':
        return Array.isArray(a) ? (a[a.length - 1] ?? null) : String(a).slice(-1);
      case 'string':
        return this.toStr(a);
      case 'int':
        return parseInt(a, 10);
      case 'bool':
        return a === true || a === 'true';
      case 'json':
        return JSON.parse(a);
      case 'startsWith':
        return String(a).toLowerCase().startsWith(String(b).toLowerCase());
      case 'endsWith':
        return String(a).toLowerCase().endsWith(String(b).toLowerCase());
      case 'trim':
        return String(a).trim();
      case 'format':
        return String(a).replace(/\{(\d+)\}/g, (_, i) => this.toStr(args[Number(i) + 1]));
      case 'substring':
        return String(a).substr(b, c);
      case 'indexOf':
        return String(a).toLowerCase().indexOf(String(b).toLowerCase());
      case 'lastIndexOf':
        return String(a).toLowerCase().lastIndexOf(String(b).toLowerCase());
      case 'range':
        return Array.from({ length: b }, (_, i) => a + i);
      case 'min':
        return Math.min(...(Array.isArray(a) ? a : args));
      case 'max':
        return Math.max(...(Array.isArray(a) ? a : args));
      case 'coalesce':
        return args.find((x) => x !== null && x !== undefined) ?? null;
      case 'any':
        return a;
      case 'padLeft':
        return String(a).padStart(b, c ?? ' ');
      case 'base64':
        return Buffer.from(String(a)).toString('base64');
      case 'uri':
        return new URL(b, a).toString();
      case 'subscriptionResourceId':
        return `/subscriptions/${this.scope.subscriptionId}/providers/${a}/${args.slice(1).join('/')}`;
      case 'tenantResourceId':
        return `/providers/${a}/${args.slice(1).join('/')}`;
      case 'resourceId':
        return `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${this.scope.resourceGroup}/providers/${a}/${args.slice(1).join('/')}`;
      case 'extensionResourceId':
        return `${a}/providers/${b}/${args.slice(2).join('/')}`;
      default:
        return rt();
    }
  }

  // ---- resources
  bodyProp(body, key) {
    const p = body.props.find((x) => x.key === key);
    return p ? p.value : null;
  }

  /** Evaluates what a resource symbol stands for (names, ids, scope); bodies are evaluated later. */
  resourceHeaders(d) {
    const instances = [];
    const one = (body, scope, cond, index) => {
      if (cond !== true) {
        instances.push(
          new ResourceRef({
            symbol: d.name,
            type: d.type,
            apiVersion: d.apiVersion,
            notDeployed: true,
            decl: d,
            index,
          }),
        );
        return;
      }
      if (body.k !== 'obj') this.fail('LITE001', 'a resource body must be an object', body.pos);
      const nameExpr = this.bodyProp(body, 'name');
      if (!nameExpr)
        this.fail('BCP035', `The resource "${d.name}" is missing the required property "name".`, d.pos);
      const name = this.eval(nameExpr, scope);
      if (notAtStart(name))
        this.fail(
          'BCP120',
          `The name of "${d.name}" must be calculable at the start of the deployment.`,
          nameExpr.pos,
        );
      const parentExpr = this.bodyProp(body, 'parent');
      const scopeExpr = this.bodyProp(body, 'scope');
      let parent = parentExpr ? this.eval(parentExpr, scope) : null;
      if (parent && !(parent instanceof ResourceRef))
        this.fail(
          'BCP240',
          'The "parent" property only permits direct references to resources.',
          parentExpr.pos,
        );
      const segments = d.type.split('/');
      if (parent && parent.type !== segments.slice(0, -1).join('/')) {
        this.fail('BCP036', `The parent of "${d.type}" cannot be "${parent.type}".`, parentExpr.pos);
      }
      if (
        !parent &&
        segments.length > 2 &&
        !String(name).includes('/') &&
        d.type !== 'Microsoft.Authorization/roleAssignments'
      ) {
        this.fail('BCP-PARENT', `The child resource "${d.name}" (${d.type}) needs a parent.`, d.pos);
      }
      const scopeRef = scopeExpr ? this.eval(scopeExpr, scope) : null;
      const nameText = isRuntime(name) ? `[${name.expr}]` : String(name);
      const fullName = parent ? `${parent.fullName}/${nameText}` : nameText;
      let id;
      const provider = d.type.split('/')[0];
      const nameSegments = parent
        ? [...parent.nameSegments, nameText]
        : isRuntime(name)
          ? [nameText]
          : nameText.split('/');
      const typePath = (t) => {
        const ts = t.split('/').slice(1);
        return `${provider}/${ts.map((s, i) => `${s}/${nameSegments[i]}`).join('/')}`;
      };
      if (scopeRef instanceof ResourceRef) id = `${scopeRef.id}/providers/${typePath(d.type)}`;
      else if (d.type === 'Microsoft.Resources/resourceGroups')
        id = `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${fullName}`;
      else if (this.scope.kind === 'subscription')
        id = `/subscriptions/${this.scope.subscriptionId}/providers/${typePath(d.type)}`;
      else
        id = `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${this.scope.resourceGroup}/providers/${typePath(d.type)}`;
      instances.push(
        new ResourceRef({
          symbol: d.name,
          type: d.type,
          apiVersion: d.apiVersion,
          existing: d.existing,
          name: nameText,
          nameSegments,
          fullName,
          id,
          parentId: parent ? parent.id : null,
          scopeId: scopeRef instanceof ResourceRef ? scopeRef.id : null,
          decl: d,
          body,
          loopScope: scope,
          index,
        }),
      );
      if (d.type === 'Microsoft.Resources/resourceGroups') {
        const loc = this.bodyProp(body, 'location');
        instances[instances.length - 1].rg = new ScopeRef({
          kind: 'resourceGroup',
          name: fullName,
          id,
          location: loc ? this.eval(loc, scope) : null,
        });
      }
    };
    const v = d.value;
    if (v.k === 'for') {
      const iter = this.eval(v.iter, null);
      if (notAtStart(iter))
        this.fail('BCP178', 'The for-expression must be calculable at the start of the deployment.', v.pos);
      iter.forEach((item, i) => {
        const s = { parent: null, vars: { [v.item]: item } };
        if (v.index) s.vars[v.index] = i;
        if (v.body.k === 'if') {
          const c = this.eval(v.body.cond, s);
          if (notAtStart(c))
            this.fail(
              'BCP177',
              'The condition must be calculable at the start of the deployment.',
              v.body.pos,
            );
          one(v.body.body, s, c, i);
        } else one(v.body, s, true, i);
      });
      this.resourceDecls.push({ d, instances });
      return instances;
    }
    if (v.k === 'if') {
      const c = this.eval(v.cond, null);
      if (notAtStart(c))
        this.fail('BCP177', 'The condition must be calculable at the start of the deployment.', v.pos);
      one(v.body, null, c, null);
    } else one(v, null, true, null);
    this.resourceDecls.push({ d, instances });
    return instances[0];
  }

  resourceBody(ref) {
    const out = {};
    for (const p of ref.body.props) {
      if (['name', 'parent', 'scope'].includes(p.key)) continue;
      if (p.key === 'dependsOn') {
        this.eval(p.value, ref.loopScope);
        continue;
      }
      out[p.key] = this.eval(p.value, ref.loopScope);
    }
    return out;
  }

  // ---- modules
  module(d) {
    const instances = [];
    const one = (body, scope, cond, index) => {
      if (cond !== true) {
        instances.push(new ModuleRef({ symbol: d.name, notDeployed: true, index }));
        return;
      }
      const nameExpr = this.bodyProp(body, 'name');
      const deploymentName = nameExpr ? this.eval(nameExpr, scope) : `${d.name}-deployment`;
      const scopeExpr = this.bodyProp(body, 'scope');
      let childScope = { ...this.scope };
      if (scopeExpr) {
        let s = this.eval(scopeExpr, scope);
        if (s instanceof ResourceRef && s.rg) s = s.rg;
        if (!(s instanceof ScopeRef))
          this.fail('BCP-SCOPE', 'module scope must be a resource group', scopeExpr.pos);
        childScope = {
          kind: 'resourceGroup',
          subscriptionId: this.scope.subscriptionId,
          resourceGroup: s.name,
          location: s.location,
        };
      } else if (this.scope.kind === 'subscription') {
        this.fail('BCP134', 'A module deployed from a subscription scope file needs a "scope".', d.pos);
      }
      const paramsExpr = this.bodyProp(body, 'params');
      const params = asModuleInput(paramsExpr ? this.eval(paramsExpr, scope) : {});
      const childFile = path.resolve(path.dirname(this.file), d.modulePath);
      if (!fs.existsSync(childFile))
        this.fail('BCP091', `An error occurred reading file "${d.modulePath}": not found.`, d.pos);
      const outputs = evaluateTemplate({
        file: childFile,
        params,
        scope: childScope,
        deployment: deploymentName,
        plan: this.plan,
        toolsDir: this.toolsDir,
        callerPos: paramsExpr ? paramsExpr.pos : d.pos,
        callerParamPos: paramsExpr ? Object.fromEntries(paramsExpr.props.map((p) => [p.key, p.pos])) : {},
      });
      instances.push(new ModuleRef({ symbol: d.name, deploymentName, outputs, index }));
    };
    const v = d.value;
    if (v.k === 'for') {
      const iter = this.eval(v.iter, null);
      iter.forEach((item, i) => {
        const s = { parent: null, vars: { [v.item]: item } };
        if (v.index) s.vars[v.index] = i;
        if (v.body.k === 'if') one(v.body.body, s, this.eval(v.body.cond, s), i);
        else one(v.body, s, true, i);
      });
      return instances;
    }
    if (v.k === 'if') {
      const c = this.eval(v.cond, null);
      if (notAtStart(c))
        this.fail('BCP177', 'The condition must be calculable at the start of the deployment.', v.pos);
      one(v.body, null, c, null);
    } else one(v, null, true, null);
    return instances[0];
  }
}

function decoratorArgs(d, name, ev) {
  const dec = d.decorators.find((x) => x.name === name);
  return dec ? dec.args.map((a) => ev.eval(a, null)) : null;
}

function checkType(typeText, v) {
  if (isRuntime(v) || v === undefined) return true;
  const t = typeOfValue(v);
  switch (typeText) {
    case 'string':
      return t === 'string';
    case 'int':
      return t === 'int';
    case 'bool':
      return t === 'bool';
    case 'array':
      return t === 'array';
    case 'object':
      return t === 'object';
    default:
      return true; // user-defined types are not checked by the fallback
  }
}

/** Evaluates a template and everything it deploys into opts.plan; returns the outputs. */
function evaluateTemplate(opts) {
  const parsed = parseFile(opts.file, opts.toolsDir);
  if (parsed.errors.length) throw parsed.errors[0];
  const targetScope = parsed.decls.find((d) => d.kind === 'targetScope');
  const declaredScope = targetScope ? targetScope.value.parts[0] : 'resourceGroup';
  if (declaredScope !== opts.scope.kind) {
    throw new BicepError(
      'BCP-SCOPE',
      `${path.basename(opts.file)} targets ${declaredScope} but is deployed at ${opts.scope.kind} scope`,
      opts.callerPos,
    );
  }
  const ev = new FileEvaluator({ ...opts, parsed, params: {}, resourceDecls: [] });
  // Parameters: provided, else default; unknown and missing ones are errors (BCP037 / BCP035).
  const declared = parsed.decls.filter((d) => d.kind === 'param');
  for (const key of Object.keys(opts.params)) {
    if (!declared.some((d) => d.name === key)) {
      throw new BicepError(
        'BCP037',
        `The property "${key}" is not allowed: ${path.basename(opts.file)} declares no parameter "${key}".`,
        (opts.callerParamPos || {})[key] || opts.callerPos,
      );
    }
  }
  for (const d of declared) {
    let v;
    if (Object.prototype.hasOwnProperty.call(opts.params, d.name)) v = opts.params[d.name];
    else if (d.value) v = ev.eval(d.value, null);
    else
      throw new BicepError(
        'BCP035',
        `The parameter "${d.name}" of ${path.basename(opts.file)} is required but has no value.`,
        opts.callerPos || d.pos,
      );
    ev.params[d.name] = v;
    if (!checkType(d.typeText, v))
      throw new BicepError(
        'BCP033',
        `Parameter "${d.name}" expects a value of type "${d.typeText}" but got "${typeOfValue(v)}".`,
        opts.callerPos || d.pos,
      );
    if (isRuntime(v)) continue;
    const allowed = decoratorArgs(d, 'allowed', ev);
    if (allowed && !allowed[0].some((x) => JSON.stringify(x) === JSON.stringify(v))) {
      throw new BicepError(
        'BCP088',
        `Parameter "${d.name}" = ${JSON.stringify(v)} is not one of the allowed values ${JSON.stringify(allowed[0])}.`,
        opts.callerPos || d.pos,
      );
    }
    const minV = decoratorArgs(d, 'minValue', ev);
    const maxV = decoratorArgs(d, 'maxValue', ev);
    if ((minV && v < minV[0]) || (maxV && v > maxV[0]))
      throw new BicepError(
        'BCP-RANGE',
        `Parameter "${d.name}" = ${v} is out of range.`,
        opts.callerPos || d.pos,
      );
    const minL = decoratorArgs(d, 'minLength', ev);
    const maxL = decoratorArgs(d, 'maxLength', ev);
    if ((minL && v.length < minL[0]) || (maxL && v.length > maxL[0])) {
      throw new BicepError(
        'BCP-LENGTH',
        `Parameter "${d.name}" = ${JSON.stringify(v)} has a length outside [${minL ? minL[0] : 0}, ${maxL ? maxL[0] : '∞'}].`,
        opts.callerPos || d.pos,
      );
    }
  }
  const deployment = {
    name: opts.deployment,
    file: opts.file,
    scope: { ...opts.scope },
    parameters: { ...ev.params },
    outputs: {},
  };
  opts.plan.deployments.push(deployment);
  // Every resource and module, in declaration order (references pull others in first).
  for (const d of parsed.decls)
    if (d.kind === 'resource' || d.kind === 'module') ev.lookup(d.name, null, d.pos);
  for (const { d, instances } of ev.resourceDecls) {
    for (const ref of instances) {
      const entry = {
        deployment: opts.deployment,
        file: opts.file,
        symbol: d.name,
        type: d.type,
        apiVersion: d.apiVersion,
        existing: d.existing,
      };
      if (ref.notDeployed) {
        opts.plan.resources.push({ ...entry, condition: false });
        continue;
      }
      const batch = decoratorArgs(d, 'batchSize', ev);
      opts.plan.resources.push({
        ...entry,
        condition: true,
        name: ref.fullName,
        id: ref.id,
        ...(ref.parentId ? { parent: ref.parentId } : {}),
        ...(ref.scopeId ? { scope: ref.scopeId } : {}),
        ...(batch ? { batchSize: batch[0] } : {}),
        ...ev.resourceBody(ref),
      });
    }
  }
  const outputs = { __moduleOutputs: true };
  for (const d of parsed.decls.filter((x) => x.kind === 'output')) {
    const v = ev.eval(d.value, null);
    if (!checkType(d.typeText, v))
      throw new BicepError(
        'BCP033',
        `Output "${d.name}" is declared "${d.typeText}" but its value is "${typeOfValue(v)}".`,
        d.pos,
      );
    outputs[d.name] = v;
    deployment.outputs[d.name] = { type: d.typeText, value: v };
  }
  Object.defineProperty(outputs, '__moduleOutputs', { enumerable: false });
  return outputs;
}

// ---------------------------------------------------------------------------------------------- linting

const DISALLOWED_HOSTS = [
  'management.core.windows.net',
  'gallery.azure.com',
  'management.azure.com',
  'database.windows.net',
  'core.windows.net',
  'login.microsoftonline.com',
  'graph.windows.net',
  'trafficmanager.net',
  'vault.azure.net',
  'datalake.azure.net',
  'azuredatalakestore.net',
  'azuredatalakeanalytics.net',
  'api.loganalytics.io',
  'asazure.windows.net',
  'region.asazure.windows.net',
  'batch.core.windows.net',
];
const SECRET_NAME =
  /(password|passwd|pwd|secret|accountkey|acctkey|apikey|connectionstring|sastoken|saskey|primarykey|secondarykey)/i;
const KEY_FUNCTION = /^list/i;

/** Walks an expression calling visit(node, scopeVars) with loop and lambda variables in scope. */
function walkExpr(e, locals, visit) {
  if (!e || typeof e !== 'object') return;
  visit(e, locals);
  switch (e.k) {
    case 'str':
      e.parts.forEach((p) => typeof p !== 'string' && walkExpr(p, locals, visit));
      break;
    case 'arr':
      e.items.forEach((i) => walkExpr(i, locals, visit));
      break;
    case 'obj':
      e.props.forEach((p) => {
        if (typeof p.key !== 'string') walkExpr(p.key, locals, visit);
        walkExpr(p.value, locals, visit);
      });
      break;
    case 'member':
      walkExpr(e.obj, locals, visit);
      break;
    case 'index':
      walkExpr(e.obj, locals, visit);
      walkExpr(e.idx, locals, visit);
      break;
    case 'call':
      e.args.forEach((a) => walkExpr(a, locals, visit));
      break;
    case 'method':
      walkExpr(e.target, locals, visit);
      e.args.forEach((a) => walkExpr(a, locals, visit));
      break;
    case 'unary':
      walkExpr(e.arg, locals, visit);
      break;
    case 'binary':
      walkExpr(e.l, locals, visit);
      walkExpr(e.r, locals, visit);
      break;
    case 'ternary':
      walkExpr(e.c, locals, visit);
      walkExpr(e.a, locals, visit);
      walkExpr(e.b, locals, visit);
      break;
    case 'lambda':
      walkExpr(e.body, new Set([...locals, ...e.params]), visit);
      break;
    case 'for': {
      walkExpr(e.iter, locals, visit);
      const inner = new Set([...locals, e.item, ...(e.index ? [e.index] : [])]);
      walkExpr(e.body, inner, visit);
      break;
    }
    case 'if':
      walkExpr(e.cond, locals, visit);
      walkExpr(e.body, locals, visit);
      break;
    default:
  }
}

function readBicepConfig(infraDir) {
  const file = path.join(infraDir, 'bicepconfig.json');
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const cfg = JSON.parse(text);
  return ((cfg.analyzers || {}).core || {}).rules || {};
}

/**
 * Lints one parsed file: symbol errors (undefined / duplicate names, module parameters and outputs, missing
 * files) and the linter rules this fallback implements. Returns BicepError[] (code = rule or BCP code).
 */
function lintFile(parsed, opts) {
  const diags = [];
  const add = (code, message, pos) => diags.push(new BicepError(code, message, pos));
  const { decls } = parsed;
  const symbols = new Map();
  for (const d of decls) {
    if (!d.name || d.kind === 'targetScope') continue;
    if (d.kind === 'output' || d.kind === 'metadata') continue;
    if (symbols.has(d.name)) add('BCP028', `Identifier "${d.name}" is declared multiple times.`, d.namePos);
    symbols.set(d.name, d);
  }
  const outputNames = new Set();
  for (const d of decls.filter((x) => x.kind === 'output')) {
    if (outputNames.has(d.name)) add('BCP145', `Output "${d.name}" is declared multiple times.`, d.namePos);
    outputNames.add(d.name);
  }
  const used = new Set();
  const parsedModules = new Map();
  const moduleOf = (d) => {
    if (!parsedModules.has(d.name)) {
      const abs = path.resolve(path.dirname(parsed.file), d.modulePath);
      if (/^(br|ts)[:/]/.test(d.modulePath)) {
        add(
          'ants-local-modules-only',
          `Module "${d.modulePath}" needs a registry; use a local module (builds run without a network).`,
          d.pos,
        );
        parsedModules.set(d.name, null);
      } else if (!fs.existsSync(abs)) {
        add('BCP091', `An error occurred reading file "${d.modulePath}": not found.`, d.pos);
        parsedModules.set(d.name, null);
      } else parsedModules.set(d.name, parseFile(abs, opts.toolsDir));
    }
    return parsedModules.get(d.name);
  };

  const visitAll = (d, e, extraLocals) => {
    walkExpr(e, new Set(extraLocals || []), (n, locals) => {
      if (n.k === 'ident') {
        if (locals.has(n.name)) return;
        if (!symbols.has(n.name) || symbols.get(n.name).kind === 'type') {
          add('BCP057', `The name "${n.name}" does not exist in the current context.`, n.pos);
          return;
        }
        if (n.name !== d.name || d.kind === 'output') used.add(n.name);
        else add('BCP079', `The expression of "${d.name}" refers to itself.`, n.pos);
      }
      if (n.k === 'call') {
        if (!n.ns && symbols.has(n.fn) && !BUILTIN_FUNCTIONS.has(n.fn)) return;
        if (!BUILTIN_FUNCTIONS.has(n.fn))
          add('BCP057', `The name "${n.fn}" does not exist in the current context.`, n.pos);
        if (KEY_FUNCTION.test(n.fn))
          add(
            'ants-no-keys',
            `${n.fn}() reads keys or connection strings; use Entra ID (managed identity) instead.`,
            n.pos,
          );
        if (n.fn === 'concat' && n.args.some((a) => a.k === 'str'))
          add('prefer-interpolation', 'Use string interpolation instead of the concat function.', n.pos);
        if (
          n.fn === 'json' &&
          n.args[0] &&
          n.args[0].k === 'str' &&
          n.args[0].parts.length === 1 &&
          n.args[0].parts[0] === 'null'
        )
          add('simplify-json-null', "Simplify json('null') to null.", n.pos);
        if (n.fn === 'any') add('no-explicit-any', 'Avoid any(): it disables type checking.', n.pos);
        if (['newGuid', 'utcNow'].includes(n.fn) && !(d.kind === 'param'))
          add(
            'use-stable-resource-identifiers',
            `${n.fn}() may only be used in a parameter default value.`,
            n.pos,
          );
        if (n.fn === 'resourceGroup' || n.fn === 'deployment') {
          // flagged by the member visitor below when .location is read outside a parameter default
        }
      }
      if (n.k === 'method' && KEY_FUNCTION.test(n.fn))
        add(
          'ants-no-keys',
          `.${n.fn}() reads keys or connection strings; use Entra ID (managed identity) instead.`,
          n.pos,
        );
      if (
        n.k === 'member' &&
        n.prop === 'location' &&
        n.obj.k === 'call' &&
        ['resourceGroup', 'deployment'].includes(n.obj.fn) &&
        d.kind !== 'param'
      ) {
        add(
          'no-loc-expr-outside-params',
          `Use a location parameter instead of ${n.obj.fn}().location.`,
          n.pos,
        );
      }
      if (n.k === 'str') {
        if (
          !n.isKey &&
          n.parts.length === 3 &&
          n.parts[0] === '' &&
          n.parts[2] === '' &&
          !n.raw.startsWith("'''")
        ) {
          add('simplify-interpolation', `Remove the unnecessary string interpolation ${n.raw}.`, n.pos);
        }
        for (const p of n.parts) {
          if (typeof p !== 'string') continue;
          const host = DISALLOWED_HOSTS.find((h) => p.toLowerCase().includes(h));
          if (host)
            add(
              'no-hardcoded-env-urls',
              `Environment URL "${host}" is hardcoded; use environment() or a resource property.`,
              n.pos,
            );
        }
      }
      if (n.k === 'obj') {
        for (const p of n.props) {
          if (
            p.quoted &&
            typeof p.key !== 'string' &&
            p.key.parts.length === 1 &&
            /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(p.key.parts[0])
          ) {
            add(
              'prefer-unquoted-property-names',
              `Property name '${p.key.parts[0]}' does not need quotes.`,
              p.pos,
            );
          }
        }
      }
      if (n.k === 'ternary' && n.c.k === 'call' && n.c.fn === 'contains' && n.a.k === 'member') {
        add(
          'use-safe-access',
          'Use the safe access operator (.? or [?]) instead of contains() ? x.y : z.',
          n.pos,
        );
      }
    });
  };

  for (const d of decls) {
    for (const dec of d.decorators) {
      if (!DECORATORS.has(dec.name)) add('BCP057', `Unknown decorator "@${dec.name}".`, dec.pos);
      for (const a of dec.args) visitAll(d, a);
    }
    if (d.value) visitAll(d, d.value);
    if (d.kind === 'param' && SECRET_NAME.test(d.name) && !d.decorators.some((x) => x.name === 'secure')) {
      add(
        'secure-secrets-in-params',
        `Parameter "${d.name}" looks like a secret; mark it @secure() (better: do not take secrets at all).`,
        d.namePos,
      );
    }
    if (
      d.kind === 'param' &&
      d.decorators.some((x) => x.name === 'secure') &&
      d.value &&
      !(d.value.k === 'str' && d.value.parts.join('') === '')
    ) {
      add(
        'secure-parameter-default',
        `Secure parameter "${d.name}" must not have a default value.`,
        d.namePos,
      );
    }
    if (d.kind === 'output') {
      if (SECRET_NAME.test(d.name) || /key$/i.test(d.name))
        add(
          'outputs-should-not-contain-secrets',
          `Output "${d.name}" looks like a secret; outputs are stored in the deployment history.`,
          d.namePos,
        );
      walkExpr(d.value, new Set(), (n) => {
        if (
          n.k === 'ident' &&
          symbols.has(n.name) &&
          symbols.get(n.name).decorators.some((x) => x.name === 'secure')
        ) {
          add(
            'outputs-should-not-contain-secrets',
            `Output "${d.name}" returns the secure parameter "${n.name}".`,
            n.pos,
          );
        }
        if (n.k === 'member' && /connectionstring|instrumentationkey|primarykey|secondarykey/i.test(n.prop)) {
          add('outputs-should-not-contain-secrets', `Output "${d.name}" returns "${n.prop}".`, n.pos);
        }
      });
    }
    if (d.kind === 'resource') {
      const key = `${d.type}@${d.apiVersion}`;
      if (!d.apiVersion) add('BCP029', `The resource type "${d.type}" needs an API version.`, d.pos);
      else if (opts.knownTypes && !opts.knownTypes.has(key)) {
        add(
          'ants-known-resource-types',
          `Resource type "${key}" is not in infra/scripts/resource-types.json (the reviewed type@apiVersion list that stands in for BCP081 when the Bicep CLI is missing).`,
          d.pos,
        );
      }
      if (d.type === 'Microsoft.Resources/deployments')
        add(
          'no-deployments-resources',
          'Use a module instead of a Microsoft.Resources/deployments resource.',
          d.pos,
        );
      let body = d.value;
      if (body.k === 'for') body = body.body;
      if (body.k === 'if') body = body.body;
      if (body.k === 'obj') {
        const loc = body.props.find((p) => p.key === 'location');
        if (
          loc &&
          loc.value.k === 'str' &&
          loc.value.parts.length === 1 &&
          loc.value.parts[0].toLowerCase() !== 'global'
        ) {
          add(
            'no-hardcoded-location',
            `Location '${loc.value.parts[0]}' is hardcoded; use a parameter.`,
            loc.pos,
          );
        }
        const nameP = body.props.find((p) => p.key === 'name');
        if (
          nameP &&
          nameP.value.k === 'str' &&
          d.type.split('/').length > 2 &&
          nameP.value.parts.some((p) => typeof p === 'string' && p.includes('/'))
        ) {
          add(
            'use-parent-property',
            `Use the "parent" property instead of a "/" in the name of child resource "${d.name}".`,
            nameP.pos,
          );
        }
        const deps = body.props.find((p) => p.key === 'dependsOn');
        if (deps && deps.value.k === 'arr') {
          const others = body.props.filter((p) => p.key !== 'dependsOn');
          const refs = new Set();
          others.forEach((p) => walkExpr(p.value, new Set(), (n) => n.k === 'ident' && refs.add(n.name)));
          deps.value.items.forEach(
            (it) =>
              it.k === 'ident' &&
              refs.has(it.name) &&
              add(
                'no-unnecessary-dependson',
                `Remove the dependsOn on "${it.name}": it is already referenced.`,
                it.pos,
              ),
          );
        }
      }
    }
    if (d.kind === 'module') {
      const child = moduleOf(d);
      let body = d.value;
      if (body.k === 'for') body = body.body;
      if (body.k === 'if') body = body.body;
      if (child && !child.errors.length && body.k === 'obj') {
        const paramsP = body.props.find((p) => p.key === 'params');
        const given = paramsP && paramsP.value.k === 'obj' ? paramsP.value.props : [];
        const childParams = child.decls.filter((x) => x.kind === 'param');
        for (const g of given) {
          if (!childParams.some((c) => c.name === g.key))
            add(
              'BCP037',
              `The property "${g.key}" is not allowed: ${d.modulePath} has no parameter "${g.key}".`,
              g.pos,
            );
        }
        for (const c of childParams) {
          const passed = given.some((g) => g.key === c.name);
          if (!passed && !c.value)
            add('BCP035', `The module "${d.name}" is missing the required parameter "${c.name}".`, d.pos);
          if (!passed && c.value && /^location/i.test(c.name))
            add(
              'explicit-values-for-loc-params',
              `Pass "${c.name}" to module "${d.name}" explicitly.`,
              d.pos,
            );
          if (passed && /^location/i.test(c.name)) {
            const g = given.find((x) => x.key === c.name);
            if (g.value.k === 'str' && g.value.parts.length === 1)
              add(
                'no-hardcoded-location',
                `Location '${g.value.parts[0]}' is hardcoded; use a parameter.`,
                g.pos,
              );
          }
        }
      }
    }
  }
  // module.outputs.<name> must exist in the module
  for (const d of decls) {
    const exprs = [d.value, ...d.decorators.flatMap((x) => x.args)].filter(Boolean);
    for (const e of exprs) {
      walkExpr(e, new Set(), (n) => {
        if (n.k === 'member' && n.obj.k === 'member' && n.obj.prop === 'outputs') {
          let base = n.obj.obj;
          if (base.k === 'index') base = base.obj;
          if (base.k === 'ident' && symbols.has(base.name) && symbols.get(base.name).kind === 'module') {
            const child = moduleOf(symbols.get(base.name));
            if (
              child &&
              !child.errors.length &&
              !child.decls.some((x) => x.kind === 'output' && x.name === n.prop)
            ) {
              add('BCP053', `Module "${base.name}" has no output "${n.prop}".`, n.pos);
            }
          }
        }
      });
    }
  }
  for (const d of symbols.values()) {
    if (used.has(d.name)) continue;
    if (d.kind === 'param')
      add('no-unused-params', `Parameter "${d.name}" is declared but never used.`, d.namePos);
    if (d.kind === 'var')
      add('no-unused-vars', `Variable "${d.name}" is declared but never used.`, d.namePos);
    if (d.kind === 'resource' && d.existing)
      add(
        'no-unused-existing-resources',
        `Existing resource "${d.name}" is declared but never used.`,
        d.namePos,
      );
  }
  const count = (k) => decls.filter((d) => d.kind === k).length;
  if (count('param') > 256) add('max-params', 'Too many parameters (max 256).', null);
  if (count('var') > 512) add('max-variables', 'Too many variables (max 512).', null);
  if (count('output') > 64) add('max-outputs', 'Too many outputs (max 64).', null);
  if (count('resource') + count('module') > 800) add('max-resources', 'Too many resources (max 800).', null);

  // Rule levels from bicepconfig.json ("off" silences a rule) and #disable-next-line comments.
  const lines = parsed.source.split(/\r?\n/);
  return diags.filter((diag) => {
    const level = (opts.rules[diag.code] || {}).level;
    if (level === 'off' || level === 'none') return false;
    if (diag.pos && diag.pos.line > 1) {
      const prev = lines[diag.pos.line - 2].trim();
      const m = /^#disable-next-line\s+(.*)$/.exec(prev);
      if (m && m[1].split(/\s+/).includes(diag.code)) return false;
    }
    return true;
  });
}

module.exports = {
  Runtime,
  BicepError,
  parseFile,
  lintFile,
  evaluateTemplate,
  readBicepConfig,
  getParser,
  SAMPLE,
};
